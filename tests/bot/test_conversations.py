"""Conversation namespaces: each channel's ids stay inside its own namespace."""

from __future__ import annotations

import pytest

from bot.conversations import (
    REST,
    TELEGRAM,
    WEB,
    InvalidConversationId,
    conversation_id,
    namespace_of,
    output_channel,
    raw_id,
)


def test_each_channel_prefixes_its_ids() -> None:
    assert conversation_id(WEB, "abc") == "web:abc"
    assert conversation_id(TELEGRAM, "-1001") == "tg:-1001"
    assert conversation_id(REST, "tg:1001") == "rest:tg:1001"


@pytest.mark.parametrize("raw", ["", "a" * 129, "a b", "a/b", "é", "a\nb", "a\x00b", None, 5])
def test_malformed_raw_ids_are_refused(raw: object) -> None:
    with pytest.raises(InvalidConversationId):
        conversation_id(REST, raw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("conversation", "namespace", "raw", "channel"),
    [
        ("web:abc", WEB, "abc", "socketio"),
        ("tg:42", TELEGRAM, "42", "telegram"),
        ("rest:tg:42", REST, "tg:42", None),
        ("42", None, "42", None),
        ("other:42", None, "other:42", None),
    ],
)
def test_namespace_raw_id_and_output_channel(
    conversation: str, namespace: str | None, raw: str, channel: str | None
) -> None:
    assert namespace_of(conversation) == namespace
    assert raw_id(conversation) == raw
    assert output_channel(conversation) == channel
