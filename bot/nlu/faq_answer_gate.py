"""A Rasa NLU component: an FAQ question that no FAQ answer fits is out of scope.

DIET alone is often sure that "小米公司在哪" is a question about the policy (it looks like the
"company address" topic), while the topic selector finds no answer that fits it. Trusting the
weaker of the two keeps us from answering another company's question with Megvii's address.
The threshold is chosen on the held-out set (TRAINING.md): with FaqTopicSelector, 0.25 keeps
out-of-scope recall at 0.90 and topic accuracy at 0.97; from 0.35 up, real FAQ questions are lost.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

RETRIEVAL_INTENT = "faq"


def selector_confidence(message: Message) -> float | None:
    """The topic selector's confidence in its best FAQ answer, if it ran."""
    selected = (message.get("response_selector") or {}).get(RETRIEVAL_INTENT, {}).get("response", {})
    confidence = selected.get(PREDICTED_CONFIDENCE_KEY)
    return None if confidence is None else float(confidence)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class FaqAnswerGate(GraphComponent, IntentClassifier):
    """Re-labels `faq` as `out_of_scope` when the best FAQ answer's confidence is below a threshold."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"threshold": 0.25, "intent": "out_of_scope"}

    def __init__(self, config: dict[str, Any]) -> None:
        self._threshold = float(config["threshold"])
        self._intent = str(config["intent"])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FaqAnswerGate:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) != RETRIEVAL_INTENT:
                continue
            confidence = selector_confidence(message)
            if confidence is not None and confidence < self._threshold:
                relabelled = {INTENT_NAME_KEY: self._intent, PREDICTED_CONFIDENCE_KEY: 1.0 - confidence}
                message.set(INTENT, relabelled, add_to_output=True)
        return messages
