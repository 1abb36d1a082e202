"""Deliver the outbox: claim a row, send it, mark it delivered; back off exponentially on failure."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from sqlalchemy import or_, select, update

from bot.crypto import FieldCipher
from bot.db import Clock, SessionFactory, session_scope, utc_now
from bot.mail.addresses import validate_address
from bot.mail.mailer import DELIVERY_ERRORS, Mailer
from bot.mail.models import OutboxMessage
from bot.retry import DEFAULT_RETRY, RetryRules

logger = logging.getLogger(__name__)
CODE_MAIL_LIFETIME = timedelta(minutes=10)  # a verification code's validity (bot/verification/rules.py)


class OutboxSender:
    """At-least-once delivery with a stable Message-ID; a delivered row is never claimed again."""

    def __init__(
        self,
        *,
        session_factory: SessionFactory,
        cipher: FieldCipher,
        mailer: Mailer,
        mail_from: str,
        rules: RetryRules = DEFAULT_RETRY,
        clock: Clock = utc_now,
    ) -> None:
        self._factory, self._cipher, self._mailer = session_factory, cipher, mailer
        self._from, self._rules, self._clock = mail_from, rules, clock
        self._wakeup: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _due_ids(self, now: datetime) -> list[int]:
        """Undelivered, unfailed rows whose retry time has come and whose lease (if any) ran out."""
        with session_scope(self._factory) as session:
            query = (
                select(OutboxMessage.id)
                .where(OutboxMessage.delivered_at.is_(None), OutboxMessage.failed_at.is_(None))
                .where(OutboxMessage.next_attempt_at <= now)
                .where(or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
                .order_by(OutboxMessage.id)
                .limit(self._rules.batch)
            )
            return list(session.execute(query).scalars())

    def _claim(self, message_id: int, now: datetime) -> EmailMessage | None:
        """Atomically lease one row so two senders (two processes) never send it at the same time."""
        lease_end = now + timedelta(seconds=self._rules.lease)
        with session_scope(self._factory) as session:
            claimed = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, OutboxMessage.delivered_at.is_(None))
                .where(or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
                .values(claimed_until=lease_end)
                .execution_options(synchronize_session=False)
            ).rowcount
            if claimed != 1:
                return None
            row = session.get(OutboxMessage, message_id)
            return self._build(row)

    def _build(self, row: OutboxMessage) -> EmailMessage:
        """Assemble the MIME message; the address is validated again so no header can be injected."""
        message = EmailMessage()
        message["From"] = self._from
        message["To"] = validate_address(self._cipher.decrypt(row.to_enc))
        message["Subject"] = self._cipher.decrypt(row.subject_enc)
        message["Message-ID"] = row.message_id
        message["Date"] = format_datetime(row.created_at)
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(self._cipher.decrypt(row.text_enc or ""))
        message.add_alternative(self._cipher.decrypt(row.html_enc or ""), subtype="html")
        return message

    def _mark_delivered(self, message_id: int, now: datetime) -> None:
        """Record delivery and erase the bodies: what was sent need not stay in the database."""
        with session_scope(self._factory) as session:
            row = session.get(OutboxMessage, message_id)
            row.delivered_at, row.claimed_until = now, None
            row.attempts += 1
            row.text_enc = row.html_enc = None

    def _mark_failed_attempt(self, message_id: int, now: datetime, error: BaseException) -> None:
        """Schedule the retry; only the exception class is stored, never server text with addresses."""
        with session_scope(self._factory) as session:
            row = session.get(OutboxMessage, message_id)
            row.attempts += 1
            row.claimed_until = None
            row.last_error = type(error).__name__
            row.next_attempt_at = self._rules.next_attempt(now, row.attempts)
            if self._rules.exhausted(row.attempts):
                row.failed_at = now
            if row.template == "verification_code" and now >= row.created_at + CODE_MAIL_LIFETIME:
                # The code inside has expired: retrying would only deliver a useless code, later.
                row.failed_at, row.last_error = now, "code_expired"
                row.text_enc = row.html_enc = None
            logger.warning("outbox %s attempt %d failed: %s", row.id, row.attempts, row.last_error)

    async def deliver_due(self) -> int:
        """One pass over the due rows; returns how many were delivered."""
        delivered = 0
        for message_id in await asyncio.to_thread(self._due_ids, self._clock()):
            message = await asyncio.to_thread(self._claim, message_id, self._clock())
            if message is None:
                continue
            try:
                await self._mailer.send(message)
            except DELIVERY_ERRORS as error:
                await asyncio.to_thread(self._mark_failed_attempt, message_id, self._clock(), error)
                continue
            await asyncio.to_thread(self._mark_delivered, message_id, self._clock())
            logger.info("outbox %s delivered", message_id)
            delivered += 1
        return delivered

    def wake(self) -> None:
        """Ask the loop to look now (new mail was committed); safe to call from any thread."""
        if self._loop is not None and self._wakeup is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wakeup.set)

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until stop is set; an unexpected error is logged and the loop carries on."""
        self._loop, self._wakeup = asyncio.get_running_loop(), asyncio.Event()
        while not stop.is_set():
            try:
                await self.deliver_due()
            except Exception:
                logger.exception("outbox pass failed; retrying after the poll interval")
            self._wakeup.clear()
            waiters = {asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wakeup.wait())}
            await asyncio.wait(waiters, timeout=self._rules.poll, return_when=asyncio.FIRST_COMPLETED)
            for task in waiters:
                task.cancel()
