"""Conversation ids: one namespace per channel, so no channel can address another's conversations.

Rasa keys a tracker on the sender id alone. Every channel therefore prefixes the id it derives
(`web:` for the widget, `tg:` for Telegram, `rest:` for the REST channel); a REST client naming
`tg:12345` lands in `rest:tg:12345`, never in the Telegram chat's conversation.
"""

from __future__ import annotations

import re

WEB, TELEGRAM, REST = "web", "tg", "rest"
# The Rasa input channel that can push to each namespace (REST cannot push: its replies are collected).
OUTPUT_CHANNELS = {WEB: "socketio", TELEGRAM: "telegram"}
MAX_RAW_ID = 128
_RAW_ID = re.compile(rf"[A-Za-z0-9_.:@-]{{1,{MAX_RAW_ID}}}")


class InvalidConversationId(ValueError):
    """A client-supplied id that is empty, too long or has characters outside the allowed set."""


def conversation_id(namespace: str, raw: str) -> str:
    """The Rasa sender id for `raw` within a channel's namespace."""
    if namespace not in (WEB, TELEGRAM, REST):
        raise ValueError(f"unknown conversation namespace {namespace!r}")
    if not isinstance(raw, str) or not _RAW_ID.fullmatch(raw):
        raise InvalidConversationId("conversation ids are 1-128 letters, digits or _.:@-")
    return f"{namespace}:{raw}"


def namespace_of(conversation: str) -> str | None:
    """`web`, `tg` or `rest`; None for an id from before namespacing (or a foreign one)."""
    head, sep, _ = conversation.partition(":")
    return head if sep and head in (WEB, TELEGRAM, REST) else None


def raw_id(conversation: str) -> str:
    """The channel's own id (chat id, widget session) without the namespace."""
    return conversation.partition(":")[2] if namespace_of(conversation) else conversation


def output_channel(conversation: str) -> str | None:
    """The Rasa channel that delivers to this conversation, or None when it cannot be pushed to."""
    namespace = namespace_of(conversation)
    return OUTPUT_CHANNELS.get(namespace) if namespace else None
