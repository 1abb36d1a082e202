"""What a chat client is told about a handoff besides text: Rasa `custom` payloads, one owner.

The website widget (bot/web/widget/widget.js) switches its header, typing indicator and quick replies
on these; Telegram shows none of them (the text that travels with each already says it, once).
"""

from __future__ import annotations

from typing import Any

KEY = "handoff"
WAITING = "waiting"  # queued for a colleague; the assistant is paused
JOINED = "agent_joined"  # a colleague has the conversation; `agent` is the name visitors see
LEFT = "agent_left"  # back to the assistant
WAIT_NOTICE = "wait_notice"  # nobody came in time: the assistant answers again, the person may re-queue
TYPING_KEY = "agent_typing"  # true while the colleague types, false when they stop

WAITING_PAYLOAD: dict[str, Any] = {KEY: WAITING}
LEFT_PAYLOAD: dict[str, Any] = {KEY: LEFT}
WAIT_NOTICE_PAYLOAD: dict[str, Any] = {KEY: WAIT_NOTICE}
STATE_SIGNALS = frozenset({WAITING, JOINED, LEFT, WAIT_NOTICE})


def joined_payload(agent_label: str) -> dict[str, Any]:
    return {KEY: JOINED, "agent": agent_label}


def typing_payload(typing: bool) -> dict[str, Any]:
    return {TYPING_KEY: bool(typing)}


def is_signal(payload: dict[str, Any]) -> bool:
    """Handoff state or typing: for clients that can show it; never shown as a message."""
    return payload.get(KEY) in STATE_SIGNALS or TYPING_KEY in payload
