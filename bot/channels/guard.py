"""Wraps a channel's `on_new_message` callback with the message guard (see bot/guard.py)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from rasa.core.channels.channel import UserMessage

from bot.guard import check_message

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[None]]


def guarded(on_new_message: OnNewMessage, *, max_chars: int) -> OnNewMessage:
    """Answer refused messages through the channel itself; everything else goes on to Rasa."""

    async def handler(message: UserMessage) -> None:
        verdict = check_message(message.text, max_chars=max_chars)
        if verdict.accepted:
            await on_new_message(message)
            return
        logger.info("message refused by guard (length %d)", len(message.text or ""))
        await message.output_channel.send_text_message(message.sender_id, verdict.reply or "")

    return handler
