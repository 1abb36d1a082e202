"""A Rasa NLU component, first in the pipeline: the FAQ answer texts leave the training examples.

Rasa copies each FAQ example's answer (`utter_faq/<topic>`, a paragraph with its policy quote) onto the
example as `response`, for its ResponseSelector. The tokenizer, the two count featurizers and the training
cache's fingerprints then worked through 2,200 such paragraphs on every retrain — about 25 s of a 60 s
one-line retrain (#12, py-spy) — for features nothing reads: FaqTopicSelector learns from the question
text and its `faq/<topic>` key. Messages parsed at run time have no `response`; they pass untouched.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import RESPONSE
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.bare_component import BareComponent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class ResponseTextRemover(BareComponent):
    """Drops `response` from training examples (see the module docstring)."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            if RESPONSE in example.data:
                del example.data[RESPONSE]
                example._cached_fingerprint = None  # Rasa keeps it; the data changed behind Message.set
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        return messages
