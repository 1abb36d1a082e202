"""A Rasa NLU component: reports the message's language as entities the domain's slots pick up.

`language` (what this message is written in) fills the `language` slot on every message it can tell;
`language_preference` (an explicit "please answer in English" / "说中文") fills the slot that wins over
detection, so a switch the person asked for stays until they ask again.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language import detect_language, requested_language
from bot.nlu.bare_component import BareComponent

LANGUAGE_ENTITY = "language"
PREFERENCE_ENTITY = "language_preference"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LanguageDetector(BareComponent, EntityExtractorMixin):
    """Adds `language` and, on an explicit switch, `language_preference` entities."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = str(message.get(TEXT) or "")
            found = []
            requested = requested_language(text)
            detected = requested or detect_language(text)
            if detected:
                found.append(self._entity(LANGUAGE_ENTITY, detected, text))
            if requested:
                found.append(self._entity(PREFERENCE_ENTITY, requested, text))
            if found:
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), *found], add_to_output=True)
        return messages

    def _entity(self, name: str, value: str, text: str) -> dict[str, Any]:
        return {
            "entity": name,
            "value": value,
            "start": 0,
            "end": len(text),
            "extractor": self.__class__.__name__,
        }
