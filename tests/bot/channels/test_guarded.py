from __future__ import annotations

import logging

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels.guarded import guarded
from bot.message_limits import FAILURE_REPLY


async def test_accepted_message_reaches_the_assistant() -> None:
    received: list[str] = []

    async def assistant(message: UserMessage) -> None:
        received.append(message.text or "")

    output = CollectingOutputChannel()
    await guarded(assistant, max_chars=10)(UserMessage("你好", output, "u1"))
    assert received == ["你好"]
    assert output.messages == []


async def test_refused_message_is_answered_by_the_channel_and_never_reaches_the_assistant() -> None:
    received: list[str] = []

    async def assistant(message: UserMessage) -> None:
        received.append(message.text or "")

    output = CollectingOutputChannel()
    await guarded(assistant, max_chars=10)(UserMessage("隐" * 11, output, "u1"))
    assert received == []
    assert len(output.messages) == 1
    assert output.messages[0]["recipient_id"] == "u1"
    assert "上限" in output.messages[0]["text"]


async def test_a_failure_inside_the_assistant_is_answered_politely_and_logged_without_the_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def assistant(message: UserMessage) -> None:
        raise RuntimeError(f"tracker store down while handling {message.text}")

    output = CollectingOutputChannel()
    secret = "我叫张伟，邮箱 zhang.wei@example.com"
    with caplog.at_level(logging.DEBUG):
        await guarded(assistant, max_chars=100)(UserMessage(secret, output, "u1"))
    assert [m["text"] for m in output.messages] == [FAILURE_REPLY]
    assert "RuntimeError" in caplog.text
    assert "zhang.wei" not in caplog.text and "张伟" not in caplog.text
