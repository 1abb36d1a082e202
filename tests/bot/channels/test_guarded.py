from __future__ import annotations

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels.guard import guarded


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
