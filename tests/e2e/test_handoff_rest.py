"""Handoff through the real stack on the REST channel: escalate, take, talk, end, the assistant is back.

REST cannot push, so the agent's words are checked in Rasa's tracker; the browser and Telegram tests
check that they reach the person.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.handoff.texts import ENDED, UNAVAILABLE, WAITING
from tests.support.console import Agent, create_admin, tracker
from tests.support.services import Stack

pytestmark = pytest.mark.slow


def texts(messages: list[dict[str, object]]) -> str:
    return "\n".join(str(message.get("text", "")) for message in messages)


def bot_texts(stack: Stack, conversation_id: str) -> list[str]:
    events = tracker(stack, conversation_id)["events"]
    return [str(e.get("text")) for e in events if isinstance(e, dict) and e.get("event") == "bot"]  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def agent(stack: Stack) -> Iterator[Agent]:
    create_admin(stack)
    signed_in = Agent(stack)
    yield signed_in
    signed_in.close()


def test_nobody_signed_in_gets_the_contact_details(stack: Stack) -> None:
    reply = texts(stack.say("e2e-handoff-alone", "/human_handoff"))
    assert UNAVAILABLE in reply
    assert tracker(stack, stack.conversation("e2e-handoff-alone"))["paused"] is False


def test_agent_takes_talks_and_gives_back(stack: Stack, agent: Agent) -> None:
    sender = "e2e-handoff-rest"
    conversation = stack.conversation(sender)
    assert WAITING in texts(stack.say(sender, "/human_handoff"))
    assert tracker(stack, conversation)["paused"] is True
    handoff_id = agent.wait_for_handoff(conversation)

    # While waiting the assistant stays quiet and the console shows what the person writes.
    assert stack.say(sender, "我想删除我的简历 <script>alert(1)</script>") == []
    page = agent.page(f"/console/handoffs/{handoff_id}")
    assert "我想删除我的简历 &lt;script&gt;alert(1)&lt;/script&gt;" in page

    agent.post(f"/console/handoffs/{handoff_id}/take")
    agent.post(f"/console/handoffs/{handoff_id}/reply", text="您好，请问是哪一份简历？")
    assert "您好，请问是哪一份简历？" in bot_texts(stack, conversation)
    assert stack.say(sender, "去年投的算法岗") == []
    assert "去年投的算法岗" in agent.page(f"/console/handoffs/{handoff_id}")
    agent.post(f"/console/handoffs/{handoff_id}/note", note="内部：已核对")
    assert not any("内部" in text for text in bot_texts(stack, conversation))

    agent.post(f"/console/handoffs/{handoff_id}/end")
    assert ENDED in bot_texts(stack, conversation)
    assert tracker(stack, conversation)["paused"] is False
    assert "隐私" in texts(stack.say(sender, "/greet"))
