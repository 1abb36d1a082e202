"""Local development without a public URL: long-poll getUpdates and forward each update to Rasa.

Run `TELEGRAM_MODE=polling python -m bot.channels.telegram_polling` next to a running Rasa server
(`make run`). Updates go to Rasa's own `/webhooks/telegram/webhook` with the secret header, so the
channel code path is exactly the webhook one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys

import httpx
from telegram import Bot
from telegram.error import TelegramError

from bot.channels.telegram import ALLOWED_UPDATES, SECRET_HEADER, bot_api_base_url, derived_secret
from bot.settings import Settings

logger = logging.getLogger(__name__)
POLL_TIMEOUT_S = 30
RETRY_DELAY_S = 3.0


async def forward(client: httpx.AsyncClient, url: str, secret: str, update: dict[str, object]) -> bool:
    """POST one update to the Rasa Telegram route; True when Rasa took it."""
    response = await client.post(url, json=update, headers={SECRET_HEADER: secret})
    if response.status_code != 200:
        logger.warning("rasa refused update %s: HTTP %d", update.get("update_id"), response.status_code)
    return response.status_code == 200


async def poll(settings: Settings, *, stop: asyncio.Event | None = None) -> None:
    """Long-poll until `stop` is set; a failing Bot API or Rasa is retried, never fatal."""
    stop = stop or asyncio.Event()
    secret = settings.telegram_webhook_secret or derived_secret(settings.telegram_token)
    url = f"{settings.rasa_url}/webhooks/telegram/webhook"
    bot = Bot(settings.telegram_token, base_url=bot_api_base_url(settings.telegram_api_base_url))
    offset: int | None = None
    async with bot, httpx.AsyncClient(timeout=120) as client:
        await bot.delete_webhook()  # getUpdates refuses to work while a webhook is set
        logger.info("polling Telegram; forwarding to %s", url)
        while not stop.is_set():
            try:
                updates = await bot.get_updates(
                    offset=offset, timeout=POLL_TIMEOUT_S, allowed_updates=ALLOWED_UPDATES
                )
                for update in updates:
                    await forward(client, url, secret, update.to_dict())
                    offset = update.update_id + 1
            except (TelegramError, httpx.HTTPError) as error:
                logger.warning("polling round failed, retrying: %s", error)
                await asyncio.sleep(RETRY_DELAY_S)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env(os.environ)
    if not settings.telegram_token:
        print("TELEGRAM_TOKEN is not set; nothing to poll.", file=sys.stderr)
        return 2
    if settings.telegram_mode != "polling":
        print("Set TELEGRAM_MODE=polling for Rasa too, so it does not register a webhook.", file=sys.stderr)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is the way to stop it
        asyncio.run(poll(settings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
