"""Requests that could not be filed because the backend was down, kept durably until it is back.

A small SQLite file on the action-server side (under var/), one table on the shared Base
(bot/intake/pending_model.py) migrated by Alembic's `pending` branch. Each row carries the idempotency key
the first attempt used, so a retry can never create a second ticket; the contact data in it is
encrypted with DSR_ENCRYPTION_KEY and erased once the ticket exists. The backend sends the
confirmation email when the ticket is finally filed.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.crypto import FieldCipher
from bot.db import Clock, session_scope, utc_now
from bot.dsr_api.client import REFUSALS, DsrClient, DsrUnavailable
from bot.dsr_api.types import FilingRequest
from bot.intake.pending_model import PendingFiling, open_pending
from bot.retry import RetryRules
from bot.tickets.errors import DuplicateTicket

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PendingRequest:
    idempotency_key: str
    ticket: FilingRequest
    attempts: int


@dataclass
class FlushReport:
    filed: list[str] = field(default_factory=list)
    waiting: int = 0
    failed: int = 0


class PendingStore:
    """Durable queue of unfiled requests; safe to open from several processes (SQLite locking)."""

    def __init__(self, path: Path, cipher: FieldCipher, clock: Clock = utc_now) -> None:
        self._factory = open_pending(path)
        self._cipher = cipher
        self._clock = clock

    def add(self, idempotency_key: str, ticket: FilingRequest) -> bool:
        """Keep a request; False when this key is already kept (the first one wins)."""
        sealed = self._cipher.encrypt(json.dumps(asdict(ticket), ensure_ascii=False))
        now = self._clock()
        try:
            with session_scope(self._factory) as session:
                if session.get(PendingFiling, idempotency_key) is not None:
                    return False
                session.add(
                    PendingFiling(
                        idempotency_key=idempotency_key,
                        sealed_payload=sealed,
                        state="waiting",
                        attempts=0,
                        created_at=now,
                        updated_at=now,
                    )
                )
        except IntegrityError:
            return False  # another process kept the same key first
        return True

    def waiting(self) -> list[PendingRequest]:
        """Oldest first, so requests are filed in the order people made them."""
        with session_scope(self._factory) as session:
            rows = session.execute(
                select(PendingFiling.idempotency_key, PendingFiling.sealed_payload, PendingFiling.attempts)
                .where(PendingFiling.state == "waiting")
                .order_by(PendingFiling.created_at)
            ).all()
        return [
            PendingRequest(key, FilingRequest(**json.loads(self._cipher.decrypt(sealed))), attempts)
            for key, sealed, attempts in rows
        ]

    def count(self, state: str = "waiting") -> int:
        with session_scope(self._factory) as session:
            query = select(func.count()).select_from(PendingFiling).where(PendingFiling.state == state)
            return int(session.execute(query).scalar_one())

    def ticket_id(self, idempotency_key: str) -> str | None:
        with session_scope(self._factory) as session:
            row = session.get(PendingFiling, idempotency_key)
            return None if row is None else row.ticket_id

    def _update(self, idempotency_key: str, **values: object) -> None:
        with session_scope(self._factory) as session:
            session.execute(
                update(PendingFiling)
                .where(PendingFiling.idempotency_key == idempotency_key)
                .values(updated_at=self._clock(), **values)
                .execution_options(synchronize_session=False)
            )

    def mark_filed(self, idempotency_key: str, ticket_id: str) -> None:
        """Erase the contact data: the backend holds it now."""
        self._update(
            idempotency_key,
            state="filed",
            sealed_payload=None,
            ticket_id=ticket_id,
            attempts=PendingFiling.attempts + 1,
            last_error=None,
        )

    def mark_attempt(self, idempotency_key: str, error: str, *, give_up: bool = False) -> None:
        """A failed try; `give_up` keeps the row for staff when retrying cannot help."""
        values: dict[str, object] = {"attempts": PendingFiling.attempts + 1, "last_error": error}
        if give_up:
            values["state"] = "failed"
        self._update(idempotency_key, **values)


def retry_rules(interval: float) -> RetryRules:
    """The shared backoff (bot/retry.py) for flush rounds; kept requests never expire on their own."""
    # `interval` while all is well; while the backend stays down, doubling up to ten intervals.
    return RetryRules(base=interval, cap=interval * 10, poll=interval)


async def flush(store: PendingStore, client: DsrClient) -> FlushReport:
    """File every waiting request with its original key; stop at the first sign the backend is down."""
    report = FlushReport()
    waiting = store.waiting()
    for index, request in enumerate(waiting):
        try:
            ticket = await client.file_ticket(request.ticket, idempotency_key=request.idempotency_key)
        except DsrUnavailable as error:
            store.mark_attempt(request.idempotency_key, str(error))
            report.waiting = len(waiting) - index
            return report
        except DuplicateTicket as duplicate:
            # An open ticket of that type already exists: the person's matter is on file.
            store.mark_filed(request.idempotency_key, duplicate.ticket_id)
            report.filed.append(duplicate.ticket_id)
            continue
        except REFUSALS as error:
            logger.error("pending request %s refused by the backend: %s", request.idempotency_key[:12], error)
            store.mark_attempt(request.idempotency_key, str(error), give_up=True)
            report.failed += 1
            continue
        store.mark_filed(request.idempotency_key, ticket.id)
        logger.info("pending request filed as %s", ticket.id)
        report.filed.append(ticket.id)
    return report


async def retry_forever(
    store: PendingStore, client: DsrClient, *, interval: float, stop: asyncio.Event | None = None
) -> None:
    """Background task of the action server: flush, wait (backing off while the backend is down)."""
    stop = stop or asyncio.Event()
    rules, failed_rounds = retry_rules(interval), 0
    while not stop.is_set():
        if store.count():
            try:
                report = await flush(store, client) if await client.health() else None
            except (SQLAlchemyError, ValueError) as error:
                logger.exception("flushing pending requests failed: %s", type(error).__name__)
                report = None
            failed_rounds = 0 if report is not None and not report.waiting else failed_rounds + 1
        else:
            failed_rounds = 0
        wait = rules.delay(failed_rounds) if failed_rounds else rules.poll
        try:
            await asyncio.wait_for(stop.wait(), timeout=wait)
        except asyncio.TimeoutError:
            continue
