"""A Rasa NLU component, first in the pipeline: a message typed in pinyin is read as characters
(bot/pinyin_input.py says which), so every later component sees "删除我的数据" for "shanchu wode shuju".

The conversation keeps what the person typed (the tracker's event text); the parse result carries the
reading, which is what the classifiers and the actions' cues work on.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.bare_component import BareComponent
from bot.pinyin_input import read_pinyin


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class PinyinReader(BareComponent):
    """Rewrites the text of a pinyin message before tokenising (see the module docstring)."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str):
                reading = read_pinyin(text)
                if reading != text:
                    message.set(TEXT, reading)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
