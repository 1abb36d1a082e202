"""A Rasa NLU component, after FaqAnswerGate: thanks that end with a farewell are a goodbye
(bot/intake/closing.py says why)."""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.intake.closing import ends_with_farewell
from bot.nlu.bare_component import BareComponent

THANK = "thank"
GOODBYE = "goodbye"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ClosingRemark(BareComponent, IntentClassifier):
    """`thank` -> `goodbye` when the message's last words take leave."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) == THANK and ends_with_farewell(str(message.get(TEXT) or "")):
                confidence = intent.get(PREDICTED_CONFIDENCE_KEY)
                message.set(
                    INTENT,
                    {INTENT_NAME_KEY: GOODBYE, PREDICTED_CONFIDENCE_KEY: confidence},
                    add_to_output=True,
                )
        return messages
