"""Security boundaries through the real stack: one conversation per channel, internal services closed."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.test_telegram import Chat
from tests.support.console import tracker
from tests.support.fake_telegram import FakeBotApi
from tests.support.services import Stack

pytestmark = pytest.mark.slow


def user_texts(stack: Stack, conversation: str) -> list[str]:
    events = tracker(stack, conversation)["events"]
    return [str(e.get("text")) for e in events if isinstance(e, dict) and e.get("event") == "user"]  # type: ignore[union-attr]


def test_a_rest_post_naming_a_telegram_chat_cannot_touch_its_conversation(
    stack: Stack, telegram_api: FakeBotApi
) -> None:
    """Finding 1: posting as the chat id (bare or `tg:`-prefixed) lands in the REST namespace."""
    chat = Chat(stack, telegram_api)
    chat.say("你好")
    before = user_texts(stack, f"tg:{chat.chat_id}")
    sent_before = len(chat.sent())
    for sender in (str(chat.chat_id), f"tg:{chat.chat_id}"):
        stack.say(sender, "/affirm")
    assert user_texts(stack, f"tg:{chat.chat_id}") == before
    assert len(chat.sent()) == sent_before  # nothing reached the Telegram user
    assert user_texts(stack, f"rest:tg:{chat.chat_id}") == ["/affirm"]


def test_a_rest_post_through_a_proxy_needs_the_token(stack: Stack) -> None:
    body = {"sender": "e2e-proxied", "message": "你好"}
    url = f"{stack.rasa_url}/webhooks/rest/webhook"
    refused = httpx.post(url, json=body, headers={"X-Forwarded-For": "203.0.113.7"}, timeout=30)
    assert refused.status_code == 401
    let_in = httpx.post(
        url,
        json=body,
        headers={"X-Forwarded-For": "203.0.113.7", "Authorization": f"Bearer {stack.env['RASA_TOKEN']}"},
        timeout=30,
    )
    assert let_in.status_code == 200 and let_in.json()


def test_a_forged_action_server_call_is_refused(stack: Stack) -> None:
    """Finding 2: only Rasa (with the shared secret from endpoints.yml) may ask the action server to act."""
    forged = {
        "next_action": "action_handoff",
        "sender_id": "tg:1",
        "tracker": {"sender_id": "tg:1", "slots": {}, "latest_message": {}, "events": []},
        "domain": {},
        "version": "3.6.2",
    }
    response = httpx.post(f"http://127.0.0.1:{stack.port('actions')}/webhook", json=forged, timeout=30)
    assert response.status_code == 401
    assert "tg:1" not in response.text
