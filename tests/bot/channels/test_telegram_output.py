"""Splitting long replies and fitting button payloads into Telegram's callback data."""

from __future__ import annotations

import pytest

from bot.channels.telegram_output import (
    MAX_CALLBACK_BYTES,
    CallbackPayloads,
    TelegramOutput,
    chat_id,
    split_text,
)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_short_text_is_one_part() -> None:
    assert split_text("您好") == ["您好"]


def test_long_chinese_text_is_split_within_the_limit_and_loses_nothing() -> None:
    text = "隐私" * 3000
    parts = split_text(text)
    assert len(parts) == 2
    assert all(utf16(part) <= 4096 for part in parts)
    assert "".join(parts) == text


def test_split_prefers_paragraph_boundaries() -> None:
    first, second = "甲" * 3000, "乙" * 3000
    assert split_text(f"{first}\n\n{second}") == [first, second]


def test_emoji_count_as_two_utf16_units() -> None:
    parts = split_text("😀" * 3000)
    assert all(utf16(part) <= 4096 for part in parts)
    assert "".join(parts) == "😀" * 3000


def test_short_payload_is_sent_as_is() -> None:
    payloads = CallbackPayloads()
    assert payloads.encode("/request_deletion") == "/request_deletion"
    assert payloads.decode("/request_deletion") == "/request_deletion"


def test_long_payload_goes_through_a_short_id_and_back() -> None:
    payloads = CallbackPayloads()
    payload = '/inform{"request_type": "deletion", "scenario": "recruitment"}' + "删" * 20
    data = payloads.encode(payload)
    assert len(data.encode()) <= MAX_CALLBACK_BYTES
    assert data != payload
    assert payloads.decode(data) == payload
    assert payloads.encode(payload) == data  # stable: the same button keeps its id


def test_payload_that_looks_like_an_id_is_mapped_too() -> None:
    payloads = CallbackPayloads()
    data = payloads.encode("#hash")
    assert data != "#hash"
    assert payloads.decode(data) == "#hash"


def test_unknown_id_decodes_to_none() -> None:
    assert CallbackPayloads().decode("#0123456789abcdef0123") is None


def test_oldest_ids_are_forgotten_beyond_capacity() -> None:
    payloads = CallbackPayloads(capacity=2)
    ids = [payloads.encode("长" * 30 + str(n)) for n in range(3)]
    assert payloads.decode(ids[0]) is None
    assert payloads.decode(ids[2]) == "长" * 30 + "2"


def test_telegram_conversation_becomes_a_chat_id() -> None:
    assert chat_id("tg:-100123") == -100123


@pytest.mark.parametrize("recipient", ["-100123", "rest:-100123", "web:abc", "rest:tg:5", "tg:@channel"])
def test_other_conversations_never_become_a_chat_id(recipient: str) -> None:
    """Finding 1: a REST or widget conversation id must not address a Telegram chat."""
    assert chat_id(recipient) is None


async def test_handoff_signals_are_not_sent_to_telegram_the_text_already_says_it() -> None:
    sent: list[str] = []

    class Bot:
        async def send_message(self, chat: int, text: str, reply_markup: object = None) -> None:
            sent.append(text)

    async def bot() -> Bot:
        return Bot()

    output = TelegramOutput(bot, CallbackPayloads())  # type: ignore[arg-type]
    await output.send_custom_json("tg:42", {"handoff": "agent_joined", "agent": "客服 小李"})
    await output.send_custom_json("tg:42", {"agent_typing": True})
    await output.send_custom_json("tg:42", {"text": "其他自定义消息"})
    assert sent == ["其他自定义消息"]
