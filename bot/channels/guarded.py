"""Wraps a channel's `on_new_message` callback with the message guard (see bot/message_limits.py)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from rasa.core.channels.channel import UserMessage

from bot.message_limits import FAILURE_REPLY, check_message

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[None]]


def guarded(on_new_message: OnNewMessage, *, max_chars: int) -> OnNewMessage:
    """Answer refused messages through the channel itself; everything else goes on to Rasa."""

    async def handler(message: UserMessage) -> None:
        verdict = check_message(message.text, max_chars=max_chars)
        if verdict.accepted:
            try:
                await on_new_message(message)
            except Exception as error:  # noqa: BLE001 - the person gets an answer, the log gets no text
                # Rasa's own channels would log the message text here (`rest.message.received.failure`).
                logger.error("handling a message failed: %s", type(error).__name__, exc_info=False)
                await message.output_channel.send_text_message(message.sender_id, FAILURE_REPLY)
            return
        logger.info("message refused by guard (length %d)", len(message.text or ""))
        await message.output_channel.send_text_message(message.sender_id, verdict.reply or "")

    return handler
