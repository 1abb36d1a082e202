"""Rasa's response generator, adding the answers to the other parts of a multi-part policy question.

Configured as the `nlg` endpoint (bot/launch.py). It runs inside the Rasa server, so a second answer costs
no action-server call; which topics are added is decided by bot/intake/multi_part.py.
"""

from __future__ import annotations

from typing import Any

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.intake.multi_part import extra_topics

FAQ = "faq"


def faq_ranking(parse_data: dict[str, Any]) -> list[tuple[str, float]]:
    """The FAQ topic selector's ranking ("faq/<topic>", confidence) of the message, best first."""
    selected = (parse_data.get("response_selector") or {}).get(FAQ) or {}
    return [(str(r["intent_response_key"]), float(r["confidence"])) for r in selected.get("ranking") or []]


class MultiPartAnswers(TemplatedNaturalLanguageGenerator):
    """The domain's responses; an FAQ answer to a message of several questions also answers the others."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, domain: Domain | None = None) -> None:
        super().__init__((domain or Domain.empty()).responses)

    async def generate(
        self, utter_action: str, tracker: DialogueStateTracker, output_channel: str, **kwargs: Any
    ) -> dict[str, Any] | None:
        response = await super().generate(utter_action, tracker, output_channel, **kwargs)
        message = tracker.latest_message
        if response is None or message is None:
            return response
        parse = dict(message.parse_data)
        ranking = faq_ranking(parse)
        if not ranking or utter_action != f"utter_{ranking[0][0]}":
            return response  # not the answer chosen for this message (another action named a topic)
        read = str(parse.get("text") or message.text or "")  # as the NLU read it (還有 -> 还有, bot/nlu/)
        for topic in extra_topics(read, ranking):
            extra = await super().generate(f"utter_{topic}", tracker, output_channel, **kwargs)
            if not extra or not extra.get("text"):
                continue
            response["text"] = f"{response.get('text') or ''}\n\n{extra['text']}"
            payloads = {button.get("payload") for button in response.get("buttons") or []}
            added = [b for b in extra.get("buttons") or [] if b.get("payload") not in payloads]
            if added:
                response["buttons"] = [*(response.get("buttons") or []), *added]
        return response
