"""The Telegram channel on a real Sanic server, talking to the local Bot API stand-in."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from bot.channels.telegram import (
    EDITED_REPLY,
    EXPIRED_BUTTON_REPLY,
    GROUP_REPLY,
    NON_TEXT_REPLY,
    SECRET_HEADER,
    TelegramInput,
    derived_secret,
)
from bot.rate_limit import SLOW_DOWN_REPLY, EdgeLimits
from tests.support.fake_telegram import FakeBotApi, callback_update, text_update

if TYPE_CHECKING:
    from tests.bot.channels.conftest import RunningChannel

TOKEN = "123456:TEST-token"
SECRET = "s3cret-for-tests"
CHAT = 424242
Serve = Callable[..., Awaitable["RunningChannel"]]


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi(TOKEN) as fake:
        yield fake


def channel_for(api: FakeBotApi, **overrides: Any) -> TelegramInput:
    options: dict[str, Any] = {
        "token": TOKEN,
        "secret": SECRET,
        "api_base_url": api.url,
        "webhook_url": "https://bot.example.com/webhooks/telegram/webhook",
        "max_message_chars": 100,
    }
    options.update(overrides)
    return TelegramInput(**options)


@pytest.fixture
async def running(api: FakeBotApi, serve_channel: Serve) -> RunningChannel:
    return await serve_channel(channel_for(api))


async def post(running: RunningChannel, update: Any, secret: str | None = SECRET) -> httpx.Response:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with httpx.AsyncClient() as client:
        return await client.post(f"{running.url}/webhooks/telegram/webhook", json=update, headers=headers)


def texts(running: RunningChannel) -> list[str | None]:
    return [message.text for message in running.agent.received]


async def test_webhook_is_registered_at_start_up_with_the_secret(
    running: RunningChannel, api: FakeBotApi
) -> None:
    (call,) = api.calls_to("setWebhook")
    assert call.params["url"] == "https://bot.example.com/webhooks/telegram/webhook"
    assert call.params["secret_token"] == SECRET
    assert call.params["allowed_updates"] == ["message", "edited_message", "callback_query"]


async def test_polling_mode_registers_no_webhook(api: FakeBotApi, serve_channel: Serve) -> None:
    await serve_channel(channel_for(api, mode="polling"))
    assert api.calls_to("setWebhook") == []


@pytest.mark.parametrize("secret", [None, "wrong", SECRET + "x"])
async def test_update_without_the_right_secret_is_refused(
    running: RunningChannel, api: FakeBotApi, secret: str | None
) -> None:
    response = await post(running, text_update(1, CHAT, "你好"), secret=secret)
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"
    assert running.agent.received == []
    assert api.calls_to("sendMessage") == []


async def test_text_reaches_rasa_with_the_namespaced_chat_id_as_sender(
    running: RunningChannel, api: FakeBotApi
) -> None:
    response = await post(running, text_update(1, CHAT, "你好"))
    assert response.status_code == 200
    assert texts(running) == ["你好"]
    assert running.agent.received[0].sender_id == f"tg:{CHAT}"
    assert running.agent.received[0].input_channel == "telegram"
    assert api.sent_texts(CHAT) == ["收到：你好"]


async def test_start_sends_the_welcome_intent_with_inline_buttons(
    running: RunningChannel, api: FakeBotApi
) -> None:
    await post(running, text_update(1, CHAT, "/start"))
    assert texts(running) == ["/greet"]
    (sent,) = api.calls_to("sendMessage")
    assert sent.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "删除信息", "callback_data": "/request_deletion"}]]
    }


async def test_typed_intent_syntax_is_read_as_text(running: RunningChannel) -> None:
    await post(running, text_update(1, CHAT, '/affirm{"email_verified": true}'))
    assert texts(running) == ['affirm{"email_verified": true}']


async def test_button_press_is_answered_and_forwarded(running: RunningChannel, api: FakeBotApi) -> None:
    await post(running, callback_update(7, CHAT, "/request_deletion"))
    assert [call.params["callback_query_id"] for call in api.calls_to("answerCallbackQuery")] == ["cq7"]
    assert texts(running) == ["/request_deletion"]


async def test_long_payload_round_trips_through_a_short_callback_id(
    running: RunningChannel, api: FakeBotApi
) -> None:
    channel = running.channel
    assert isinstance(channel, TelegramInput)
    long_payload = "我想提交个人信息删除申请，场景是招聘，请删除我投递的简历"
    output = channel.get_output_channel()
    assert output is not None
    await output.send_text_with_buttons(
        f"tg:{CHAT}", "请选择", [{"title": "删除简历", "payload": long_payload}]
    )
    data = api.calls_to("sendMessage")[-1].params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert len(data.encode()) <= 64
    await post(running, callback_update(8, CHAT, data))
    assert texts(running) == [long_payload]


async def test_unknown_callback_id_is_answered_politely(running: RunningChannel, api: FakeBotApi) -> None:
    await post(running, callback_update(9, CHAT, "#ffffffffffffffffffff"))
    assert len(api.calls_to("answerCallbackQuery")) == 1
    assert api.sent_texts(CHAT) == [EXPIRED_BUTTON_REPLY]
    assert running.agent.received == []


async def test_long_reply_is_split(running: RunningChannel, api: FakeBotApi) -> None:
    await post(running, text_update(1, CHAT, "long"))
    sent = api.sent_texts(CHAT)
    assert [len(text) for text in sent] == [4096, 904]


async def test_photo_is_answered_politely_without_rasa(running: RunningChannel, api: FakeBotApi) -> None:
    photo = [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]
    await post(running, text_update(1, CHAT, None, photo=photo))
    assert api.sent_texts(CHAT) == [NON_TEXT_REPLY]
    assert running.agent.received == []


async def test_edited_message_is_answered_not_replayed(running: RunningChannel, api: FakeBotApi) -> None:
    update = text_update(1, CHAT, "改过的")
    update["edited_message"] = update.pop("message") | {"edit_date": 1}
    await post(running, update)
    assert api.sent_texts(CHAT) == [EDITED_REPLY]
    assert running.agent.received == []


async def test_group_chat_is_asked_to_go_private(running: RunningChannel, api: FakeBotApi) -> None:
    update = text_update(1, -100, "我的邮箱是 a@example.com")
    update["message"]["chat"] = {"id": -100, "type": "group", "title": "群"}
    await post(running, update)
    assert api.sent_texts(-100) == [GROUP_REPLY]
    assert running.agent.received == []


async def test_over_long_message_is_refused_by_the_guard(running: RunningChannel, api: FakeBotApi) -> None:
    await post(running, text_update(1, CHAT, "长" * 101))
    assert "超过了单条 100 字的上限" in api.sent_texts(CHAT)[0]
    assert running.agent.received == []


async def test_resent_update_is_handled_once(running: RunningChannel) -> None:
    await post(running, text_update(5, CHAT, "你好"))
    await post(running, text_update(5, CHAT, "你好"))
    assert texts(running) == ["你好"]


async def test_body_that_is_not_an_update_is_rejected(running: RunningChannel) -> None:
    response = await post(running, ["not", "an", "update"])
    assert response.status_code == 400
    assert response.json()["error"] == "bad_update"


async def test_without_token_the_route_says_it_is_off(serve_channel: Serve, api: FakeBotApi) -> None:
    running = await serve_channel(TelegramInput(token=""))
    response = await post(running, text_update(1, CHAT, "你好"))
    assert response.status_code == 503
    assert "TELEGRAM_TOKEN" in response.json()["message"]
    assert running.channel.get_output_channel() is None


def test_credentials_fall_back_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:9/")
    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)
    channel = TelegramInput.from_credentials(None)
    assert isinstance(channel, TelegramInput)
    assert (channel.token, channel.api_base_url) == (TOKEN, "http://127.0.0.1:9")
    assert channel.secret == derived_secret(TOKEN)


def test_bot_token_never_reaches_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    TelegramInput(token=TOKEN)
    with caplog.at_level("INFO", logger="httpx"):
        logging.getLogger("httpx").info(
            'HTTP Request: POST %s "HTTP/1.1 200 OK"', f"https://x/bot{TOKEN}/getMe"
        )
    assert TOKEN not in caplog.text and "<TELEGRAM_TOKEN>" in caplog.text


async def test_agent_typing_becomes_telegrams_typing_with_the_token_only(
    api: FakeBotApi, serve_channel: Serve
) -> None:
    running = await serve_channel(channel_for(api, api_token="rasa-token"))
    url = f"{running.url}/webhooks/telegram/typing"
    body = {"conversation_id": f"tg:{CHAT}", "typing": True}
    async with httpx.AsyncClient() as client:
        refused = await client.post(url, json=body, params={"token": "wrong"})
        accepted = await client.post(url, json=body, params={"token": "rasa-token"})
    assert (refused.status_code, accepted.status_code) == (401, 200)
    actions = api.calls_to("sendChatAction")
    assert len(actions) == 1 and actions[0].params["action"] == "typing"
    assert str(actions[0].params["chat_id"]) == str(CHAT)
    assert running.agent.received == []


async def test_a_flooding_chat_is_asked_to_slow_down(api: FakeBotApi, serve_channel: Serve) -> None:
    """Finding 4: per-chat limit; the person gets a polite reply, Rasa only what fits."""
    limits = EdgeLimits.per_minute(sender=2, ip=0, new_conversations_per_hour=0)
    running = await serve_channel(channel_for(api, limits=limits))
    for update_id in range(1, 4):
        assert (await post(running, text_update(update_id, CHAT, f"第{update_id}条"))).status_code == 200
    assert texts(running) == ["第1条", "第2条"]
    assert api.sent_texts(CHAT)[-1] == SLOW_DOWN_REPLY


async def test_start_from_an_english_app_guesses_english(running: RunningChannel) -> None:
    english = text_update(
        1,
        CHAT,
        "/start",
        **{"from": {"id": CHAT, "is_bot": False, "first_name": "Al", "language_code": "en-GB"}},
    )
    chinese = text_update(
        2,
        CHAT,
        "/start",
        **{"from": {"id": CHAT, "is_bot": False, "first_name": "李", "language_code": "zh-hans"}},
    )
    await post(running, english)
    await post(running, chinese)
    assert texts(running) == ['/greet{"language":"en"}', "/greet"]
