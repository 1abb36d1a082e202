"""A Rasa NLU component: decides what a message the classifier calls `faq` really gets.

Three outcomes, tuned on the dev set (eval/dev/, written blind like eval/blind/; TRAINING.md):
- the classifier itself gives `out_of_scope` a real share (>= `oos_share`): another company's policy,
  "抖音怎么注销账号", an injection dressed as a question -> `out_of_scope` (the polite decline);
- no FAQ answer fits (topic confidence < `threshold`) but it is plainly a policy question ->
  `nlu_fallback`, so the policy fallback answers from a cited passage or says the policy does not cover
  it, instead of calling an in-scope question out of scope;
- otherwise the FAQ answer stands.
On the dev set this moved in-scope questions declined from 7.5 % to 3.7 % (zh) and 15 % to 2.7 % (en)
while out-of-scope recall held at 0.90 (zh) and rose to 0.89 (en).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

RETRIEVAL_INTENT = "faq"
OUT_OF_SCOPE = "out_of_scope"
NOT_ANSWERED = "nlu_fallback"


def selector_confidence(message: Message) -> float | None:
    """The topic selector's confidence in its best FAQ answer, if it ran."""
    selected = (message.get("response_selector") or {}).get(RETRIEVAL_INTENT, {}).get("response", {})
    confidence = selected.get(PREDICTED_CONFIDENCE_KEY)
    return None if confidence is None else float(confidence)


def intent_share(message: Message, name: str) -> float:
    """The classifier's probability for `name` in its ranking (0 when not ranked)."""
    for entry in message.get(INTENT_RANKING_KEY) or []:
        if entry.get(INTENT_NAME_KEY) == name:
            return float(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
    return 0.0


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class FaqAnswerGate(GraphComponent, IntentClassifier):
    """Re-labels `faq` as `out_of_scope` or `nlu_fallback` (see the module docstring)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"threshold": 0.15, "oos_share": 0.2}

    def __init__(self, config: dict[str, Any]) -> None:
        self._threshold = float(config["threshold"])
        self._oos_share = float(config["oos_share"])

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
            oos = intent_share(message, OUT_OF_SCOPE)
            confidence = selector_confidence(message)
            if oos >= self._oos_share:
                message.set(
                    INTENT, {INTENT_NAME_KEY: OUT_OF_SCOPE, PREDICTED_CONFIDENCE_KEY: oos}, add_to_output=True
                )
            elif confidence is not None and confidence < self._threshold:
                relabelled = {INTENT_NAME_KEY: NOT_ANSWERED, PREDICTED_CONFIDENCE_KEY: 1.0 - confidence}
                message.set(INTENT, relabelled, add_to_output=True)
        return messages
