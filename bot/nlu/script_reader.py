"""A Rasa NLU component, after PinyinReader: a message in traditional characters is read in simplified
ones (bot/chinese_script.py) and misheard words as the words meant (bot/misheard_words.py), so every later
component and the actions' cues see the characters they were written for.

The parse result keeps what the person typed as `typed_text` (only when the reading differs), so the
request form files a name or a description in the person's own characters (actions/code_form.py).
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.chinese_script import TYPED_TEXT, to_simplified
from bot.misheard_words import correct_misheard
from bot.nlu.bare_component import BareComponent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class ScriptReader(BareComponent):
    """Rewrites traditional characters and misheard words before tokenising (see the module docstring)."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str):
                reading = correct_misheard(to_simplified(text))
                if reading != text:
                    message.set(TEXT, reading)
                    message.set(TYPED_TEXT, text, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
