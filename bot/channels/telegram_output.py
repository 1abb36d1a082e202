"""Sending to Telegram: message splitting, inline keyboards, callback data that fits in 64 bytes."""

from __future__ import annotations

import hashlib
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot.conversations import TELEGRAM, namespace_of, raw_id
from bot.handoff.signals import is_signal

logger = logging.getLogger(__name__)

MAX_MESSAGE_UTF16 = 4096  # Bot API limit, counted in UTF-16 code units
MAX_CALLBACK_BYTES = 64  # Bot API limit for callback_data, in UTF-8 bytes
_CHAT_ID = re.compile(r"-?\d+")


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MAX_MESSAGE_UTF16) -> list[str]:
    """Split at paragraph, then line, then hard boundaries so every part fits Telegram's limit."""
    text = text.strip()
    if _utf16_len(text) <= limit:
        return [text] if text else []
    parts: list[str] = []
    rest = text
    while _utf16_len(rest) > limit:
        cut = _fit(rest, limit)
        for separator in ("\n\n", "\n", "。", " "):
            at = rest.rfind(separator, 0, cut)
            if at > cut // 2:
                cut = at + len(separator)
                break
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n")
    if rest.strip():
        parts.append(rest)
    return parts


def _fit(text: str, limit: int) -> int:
    """The longest prefix length (in characters) whose UTF-16 length is within `limit`."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return index
    return len(text)


class CallbackPayloads:
    """Maps button payloads to callback data; long ones go through a short, stable id kept in memory.

    The id is a hash of the payload, so the same button always gets the same id and a restart only
    forgets ids until that button is sent again.
    """

    PREFIX = "#"

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self._long: OrderedDict[str, str] = OrderedDict()

    def encode(self, payload: str) -> str:
        if len(payload.encode("utf-8")) <= MAX_CALLBACK_BYTES and not payload.startswith(self.PREFIX):
            return payload
        key = self.PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]
        self._long[key] = payload
        self._long.move_to_end(key)
        while len(self._long) > self.capacity:
            self._long.popitem(last=False)
        return key

    def decode(self, data: str) -> str | None:
        """The original payload, or None for an id this process no longer knows."""
        if not data.startswith(self.PREFIX):
            return data
        return self._long.get(data)


def chat_id(recipient_id: str) -> int | None:
    """The chat of a `tg:<chat id>` conversation; None for any other conversation (never sent to)."""
    if namespace_of(recipient_id) != TELEGRAM:
        return None
    raw = raw_id(recipient_id)
    return int(raw) if _CHAT_ID.fullmatch(raw) else None


class TelegramOutput(OutputChannel):
    """Rasa's responses to a Telegram chat through python-telegram-bot."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, bot: Callable[[], Awaitable[Bot]], payloads: CallbackPayloads) -> None:
        self._bot = bot
        self.payloads = payloads

    async def _send(self, recipient_id: str, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
        chat = chat_id(recipient_id)
        if chat is None:
            # Only Telegram's own conversations: a REST or widget id must never reach a Telegram chat.
            logger.warning("telegram output refused a conversation outside the tg: namespace")
            return
        bot = await self._bot()
        parts = split_text(text) or ["…"]
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            try:
                await bot.send_message(chat, part, reply_markup=markup if last else None)
            except TelegramError as error:
                # Logged, not raised: a user who blocked the bot must not break Rasa's turn.
                # The chat id is not logged, it identifies a person; Bot API errors carry no ids.
                logger.warning("telegram sendMessage failed: %s: %s", type(error).__name__, error)
                return

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(recipient_id, text)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """One button per row: Chinese titles are long and rows of two get cut off on phones."""
        rows = [[self._button(button)] for button in buttons]
        await self._send(recipient_id, text, InlineKeyboardMarkup(rows) if rows else None)

    def _button(self, button: dict[str, Any]) -> InlineKeyboardButton:
        title = str(button.get("title", ""))[:64] or "…"
        if button.get("type") == "web_url" and button.get("url"):
            return InlineKeyboardButton(title, url=str(button["url"]))
        return InlineKeyboardButton(title, callback_data=self.payloads.encode(str(button.get("payload", ""))))

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._send(recipient_id, image)

    async def send_attachment(self, recipient_id: str, attachment: Any, **kwargs: Any) -> None:
        await self._send(recipient_id, str(attachment))

    async def send_agent_typing(self, recipient_id: str, typing: bool) -> None:
        """Telegram's own "typing…" (shown about 5 s, or until the next message); stopping needs no call."""
        chat = chat_id(recipient_id)
        if not typing or chat is None:
            return
        bot = await self._bot()
        try:
            await bot.send_chat_action(chat, ChatAction.TYPING)
        except TelegramError as error:
            logger.warning("telegram sendChatAction failed: %s: %s", type(error).__name__, error)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        """Handoff signals are not shown: the text sent with each already announces it, once."""
        if is_signal(json_message):
            return
        if json_message.get("text"):
            await self._send(recipient_id, str(json_message["text"]))
        else:
            logger.debug("custom payload with keys %s not shown on Telegram", sorted(json_message))
