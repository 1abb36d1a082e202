"""Handoff for a Telegram user: the console agent's words reach Telegram, then the assistant is back.

As on the website: the agent is named by display name ("客服 小李"), never by sign-in name, and each
transition is announced once.
"""

from __future__ import annotations

import time

import pytest

from bot.handoff.texts import ENDED, WAITING
from tests.e2e.test_telegram import Chat, texts
from tests.support.console import Agent, create_admin, tracker
from tests.support.fake_telegram import FakeBotApi
from tests.support.services import Stack

pytestmark = pytest.mark.slow


def wait_for_text(chat: Chat, text: str, timeout: float = 30) -> None:
    """Agent messages are pushed through Rasa's output channel, after the console's request returns."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in texts(chat.sent()):
            return
        time.sleep(0.3)
    raise AssertionError(f"{text!r} never reached the Telegram chat; sent: {texts(chat.sent())}")


def test_telegram_user_and_console_agent(stack: Stack, telegram_api: FakeBotApi) -> None:
    create_admin(stack)
    agent = Agent(stack)
    agent.post("/console/profile", display_name="小李", queues="request")
    try:
        chat = Chat(stack, telegram_api)
        conversation = f"tg:{chat.chat_id}"
        assert WAITING in texts(chat.say("转人工"))
        handoff_id = agent.wait_for_handoff(conversation)
        assert "Telegram" in agent.page("/console/handoffs")  # the inbox names the channel

        agent.post(f"/console/handoffs/{handoff_id}/take")
        agent.post(f"/console/handoffs/{handoff_id}/reply", text="您好，我是人工客服，请讲。")
        wait_for_text(chat, "您好，我是人工客服，请讲。")
        sent = [str(message["text"]) for message in chat.sent()]
        assert sum("已接入" in text for text in sent) == 1  # the greeting only, no second notice
        assert any("您好，我是客服 小李，已接入对话" in text for text in sent)
        assert not any("agent.e2e" in text for text in sent)  # never the sign-in name

        typing = agent.http.post(
            f"/console/handoffs/{handoff_id}/typing", data={"csrf": agent.csrf, "typing": "1"}
        )
        assert typing.json() == {"status": "sent"}
        assert telegram_api.wait_for("sendChatAction")[-1].params["action"] == "typing"

        assert chat.say("我想查一下我的工单 <b>加急</b>") == []  # paused: only the agent answers
        assert "我想查一下我的工单 &lt;b&gt;加急&lt;/b&gt;" in agent.page(f"/console/handoffs/{handoff_id}")
        agent.post(f"/console/handoffs/{handoff_id}/note", note="内部备注：先核实身份")
        assert "内部备注" not in texts(chat.sent())

        agent.post(f"/console/handoffs/{handoff_id}/end")
        wait_for_text(chat, ENDED)
        after = [str(message["text"]) for message in chat.sent()]
        assert sum("人工客服已结束" in text or "离开" in text for text in after) == 1
        assert tracker(stack, conversation)["paused"] is False
        assert "隐私" in texts(chat.say("你好"))
    finally:
        agent.close()
