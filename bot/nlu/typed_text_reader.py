"""A Rasa NLU component, after PinyinReader: the typed text is read as meant. Written Cantonese becomes
Mandarin (bot/cantonese_words.py), traditional characters simplified (bot/chinese_script.py), misheard words
the words meant (bot/misheard_words.py) and English chat shorthand full words (bot/chat_speak.py), so every
later component and the actions' cues see the words they were written for.

The parse result keeps what the person typed as `typed_text` (only when the reading differs), so the
request form files a name or a description in the person's own characters (actions/code_form.py).
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.cantonese_words import read_cantonese
from bot.chat_speak import expand_chat_speak
from bot.chinese_script import TYPED_TEXT, to_simplified
from bot.misheard_words import correct_misheard
from bot.nlu.bare_component import BareComponent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class TypedTextReader(BareComponent):
    """Rewrites the typed text as meant before tokenising (see the module docstring)."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str):
                reading = expand_chat_speak(correct_misheard(to_simplified(read_cantonese(text))))
                if reading != text:
                    message.set(TEXT, reading)
                    message.set(TYPED_TEXT, text, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
