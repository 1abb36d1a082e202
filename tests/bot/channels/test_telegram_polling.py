"""Polling mode: getUpdates from the Bot API stand-in, forwarded to the channel's webhook route."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.channels.telegram import TelegramInput
from bot.channels.telegram_polling import poll
from bot.settings import Settings
from tests.support.fake_telegram import FakeBotApi, text_update

if TYPE_CHECKING:
    from tests.bot.channels.conftest import RunningChannel

TOKEN = "42:polling-token"
CHAT = 5150


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi(TOKEN) as fake:
        yield fake


async def test_polled_update_reaches_rasa_and_is_answered(
    api: FakeBotApi, serve_channel: Callable[..., Awaitable[RunningChannel]], tmp_path: Path
) -> None:
    channel = TelegramInput(token=TOKEN, api_base_url=api.url, mode="polling")  # secret derived from token
    running = await serve_channel(channel)
    settings = Settings.from_env(
        {
            "VAR_DIR": str(tmp_path),
            "TELEGRAM_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": api.url,
            "TELEGRAM_MODE": "polling",
            "RASA_PORT": str(running.port),
        }
    )
    api.pending_updates.append(text_update(900, CHAT, "你好"))
    stop = asyncio.Event()
    task = asyncio.create_task(poll(settings, stop=stop))
    for _ in range(200):
        if len(api.calls_to("getUpdates")) >= 2:  # forwarded, then polled again
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(task, 10)

    assert [m.text for m in running.agent.received] == ["你好"]  # once, though getUpdates ran again
    assert api.sent_texts(CHAT) == ["收到：你好"]
    assert api.calls_to("deleteWebhook") and not api.calls_to("setWebhook")
    offsets = [call.params.get("offset") for call in api.calls_to("getUpdates")]
    assert "901" in offsets  # the next round asks only for newer updates
