"""Telegram end to end: the real stack with its Telegram channel pointed at a local Bot API stand-in.

Updates are posted to Rasa's `/webhooks/telegram/webhook` as Telegram would; the stand-in records what
the bot sends back (sendMessage, answerCallbackQuery) and the webhook it registered at start-up.
"""

from __future__ import annotations

import random
import re
import uuid
from typing import Any

import httpx
import pytest

from bot.channels.telegram import SECRET_HEADER
from tests.support.fake_telegram import (
    TELEGRAM_TEST_SECRET,
    TELEGRAM_TEST_WEBHOOK_URL,
    FakeBotApi,
    callback_update,
    text_update,
)
from tests.support.services import TEST_RASA_TOKEN, Stack, mail_text

pytestmark = pytest.mark.slow
CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
TICKET_ID = re.compile(r"DSR-[0-9A-Z]{6}")


class Chat:
    """One Telegram user talking to the stack's bot."""

    def __init__(self, stack: Stack, api: FakeBotApi) -> None:
        self.stack, self.api = stack, api
        self.chat_id = random.randint(10**8, 10**9)
        self.next_update = random.randint(10**6, 10**7)

    def post(self, update: dict[str, Any], secret: str | None = TELEGRAM_TEST_SECRET) -> httpx.Response:
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        return httpx.post(
            f"{self.stack.rasa_url}/webhooks/telegram/webhook", json=update, headers=headers, timeout=60
        )

    def _id(self) -> int:
        self.next_update += 1
        return self.next_update

    def say(self, text: str) -> list[dict[str, Any]]:
        """Send text; return the sendMessage calls it caused (Rasa answers before the webhook returns)."""
        before = len(self.sent())
        assert self.post(text_update(self._id(), self.chat_id, text)).status_code == 200
        return self.sent()[before:]

    def press(self, callback_data: str) -> list[dict[str, Any]]:
        before = len(self.sent())
        assert self.post(callback_update(self._id(), self.chat_id, callback_data)).status_code == 200
        return self.sent()[before:]

    def sent(self) -> list[dict[str, Any]]:
        calls = self.api.calls_to("sendMessage")
        return [c.params for c in calls if int(c.params["chat_id"]) == self.chat_id]


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(str(m["text"]) for m in messages)


def button(messages: list[dict[str, Any]], title: str) -> str:
    """The callback data of the inline button titled `title` in these messages."""
    for message in messages:
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for key in row:
                if key["text"] == title:
                    assert len(key["callback_data"].encode()) <= 64
                    return str(key["callback_data"])
    raise AssertionError(f"no button {title!r} in {messages}")


@pytest.fixture
def chat(stack: Stack, telegram_api: FakeBotApi) -> Chat:
    return Chat(stack, telegram_api)


def test_webhook_was_registered_with_the_secret(stack: Stack, telegram_api: FakeBotApi) -> None:
    (call,) = telegram_api.calls_to("setWebhook")
    assert call.params["url"] == TELEGRAM_TEST_WEBHOOK_URL
    assert call.params["secret_token"] == TELEGRAM_TEST_SECRET


@pytest.mark.parametrize("secret", [None, "not-the-secret"])
def test_update_without_the_right_secret_is_refused(chat: Chat, secret: str | None) -> None:
    response = chat.post(text_update(1, chat.chat_id, "你好"), secret=secret)
    assert response.status_code == 403
    assert chat.sent() == []


def test_start_answers_with_the_welcome_and_inline_buttons(chat: Chat) -> None:
    welcome = chat.say("/start")
    assert "旷视隐私助手" in texts(welcome)
    assert button(welcome, "提交个人信息申请")


def test_deletion_request_with_inline_buttons(chat: Chat, stack: Stack, telegram_api: FakeBotApi) -> None:
    welcome = chat.say("/start")
    answered = len(telegram_api.calls_to("answerCallbackQuery"))
    assert texts(chat.press(button(welcome, "你们收集我的哪些个人信息？")))  # a policy answer
    assert len(telegram_api.calls_to("answerCallbackQuery")) == answered + 1

    email = f"tg.{uuid.uuid4().hex[:6]}@example.com"
    assert "手机" in texts(chat.say(f"我叫吴婷，邮箱 {email}，删除我的简历"))
    assert "验证码" in texts(chat.say("跳过"))
    found = CODE.search(mail_text(stack.wait_for_mail(email, count=1)[-1]))
    assert found, "no 6-digit code in the verification mail"
    summary = chat.say(found.group(0))
    assert "请确认" in texts(summary)

    filed = texts(chat.press(button(summary, "确认提交")))
    ticket = TICKET_ID.search(filed)
    assert ticket, filed
    assert stack.api("GET", f"/api/tickets/{ticket.group(0)}").json()["channel"] == "telegram"


def test_photo_is_answered_politely(chat: Chat) -> None:
    photo = [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]
    before = len(chat.sent())
    assert chat.post(text_update(7, chat.chat_id, None, photo=photo)).status_code == 200
    assert "文字" in texts(chat.sent()[before:])


def test_staff_message_longer_than_4096_is_split(chat: Chat, stack: Stack) -> None:
    """Staff write as bot/handoff/rasa_api.py does; get_output_channel delivers to Telegram."""
    chat.say("/start")
    long_text = "隐私" * 2500  # no paragraph or sentence break: a hard split at the limit
    response = httpx.post(
        f"{stack.rasa_url}/conversations/tg:{chat.chat_id}/tracker/events",
        params={"token": TEST_RASA_TOKEN, "output_channel": "telegram", "execute_side_effects": "true"},
        json={"event": "bot", "text": long_text},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    parts = [str(m["text"]) for m in chat.sent()[-2:]]
    assert [len(p) for p in parts] == [4096, 904]
    assert "".join(parts) == long_text
