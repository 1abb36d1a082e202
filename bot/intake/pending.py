"""Requests that could not be filed because the backend was down, kept durably until it is back.

A small SQLite file on the action-server side (under var/), one table on the shared Base
(bot/intake/pending_model.py) migrated by Alembic's `pending` branch. Each row carries the idempotency key
the first attempt used, so a retry can never create a second ticket; the contact data in it is
encrypted with DSR_ENCRYPTION_KEY and erased once the ticket exists. The backend sends the
confirmation email when the ticket is finally filed.

States: `waiting` → `filed`, or, when the backend refuses the request (its proof ran out, a field it
rejects), `refused` → `failed`. A `refused` row is reported to the backend (a handoff for staff, a mail to
the person, POST /api/filing-failures) on every round until the report gets through; only then is it
`failed` and its contact data erased. Nothing is given up without someone being told.
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
from bot.dsr_api.client import REFUSALS, DsrClient, DsrUnavailable, refusal_code
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
    waiting: int = 0  # still to do (filing or reporting): the backend is down or refused the report
    failed: int = 0  # refused, and staff and the person were told this round


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

    def _kept(self, state: str) -> list[tuple[PendingRequest, str | None]]:
        """Rows still holding their request, oldest first (the order people made them), with `last_error`."""
        columns = (PendingFiling.idempotency_key, PendingFiling.sealed_payload, PendingFiling.attempts)
        with session_scope(self._factory) as session:
            rows = session.execute(
                select(*columns, PendingFiling.last_error)
                .where(PendingFiling.state == state, PendingFiling.sealed_payload.is_not(None))
                .order_by(PendingFiling.created_at)
            ).all()
        return [
            (PendingRequest(key, FilingRequest(**json.loads(self._cipher.decrypt(sealed))), attempts), error)
            for key, sealed, attempts, error in rows
        ]

    def waiting(self) -> list[PendingRequest]:
        """Requests to file, in the order people made them."""
        return [request for request, _ in self._kept("waiting")]

    def refused(self) -> list[tuple[PendingRequest, str]]:
        """Refused requests whose report has not got through yet, with the code they were refused with."""
        return [(request, code or "refused") for request, code in self._kept("refused")]

    def count(self, *states: str) -> int:
        """Rows in these states (default: `waiting`)."""
        with session_scope(self._factory) as session:
            query = select(func.count()).select_from(PendingFiling)
            query = query.where(PendingFiling.state.in_(states or ("waiting",)))
            return int(session.execute(query).scalar_one())

    def to_do(self) -> int:
        """Rows a flush still has work for: to file, or a refusal to report."""
        return self.count("waiting", "refused")

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

    def mark_attempt(self, idempotency_key: str, error: str) -> None:
        """A try that did not reach the backend: still waiting."""
        self._update(idempotency_key, attempts=PendingFiling.attempts + 1, last_error=error)

    def mark_refused(self, idempotency_key: str, code: str) -> None:
        """Retrying cannot help; staff and the person must be told (`last_error` keeps the wire code)."""
        self._update(idempotency_key, state="refused", attempts=PendingFiling.attempts + 1, last_error=code)

    def mark_failed(self, idempotency_key: str) -> None:
        """Told: the backend holds the handoff and the mail now, so the contact data here is erased."""
        self._update(idempotency_key, state="failed", sealed_payload=None)


def retry_rules(interval: float) -> RetryRules:
    """The shared backoff (bot/retry.py) for flush rounds; kept requests never expire on their own."""
    # `interval` while all is well; while the backend stays down, doubling up to ten intervals.
    return RetryRules(base=interval, cap=interval * 10, poll=interval)


async def flush(store: PendingStore, client: DsrClient) -> FlushReport:
    """File waiting requests with their first keys, then report refused ones; stop if the backend is down."""
    report = FlushReport()
    waiting = store.waiting()
    for index, request in enumerate(waiting):
        try:
            ticket = await client.file_ticket(request.ticket, idempotency_key=request.idempotency_key)
        except DsrUnavailable as error:
            store.mark_attempt(request.idempotency_key, str(error))
            report.waiting = len(waiting) - index + store.count("refused")
            return report
        except DuplicateTicket as duplicate:
            # An open ticket of that type already exists: the person's matter is on file.
            store.mark_filed(request.idempotency_key, duplicate.ticket_id)
            report.filed.append(duplicate.ticket_id)
            continue
        except REFUSALS as error:
            code = refusal_code(error)
            logger.error("pending request %s refused by the backend: %s", request.idempotency_key[:12], code)
            store.mark_refused(request.idempotency_key, code)
            continue
        store.mark_filed(request.idempotency_key, ticket.id)
        logger.info("pending request filed as %s", ticket.id)
        report.filed.append(ticket.id)
    await report_refusals(store, client, report)
    return report


async def report_refusals(store: PendingStore, client: DsrClient, report: FlushReport) -> None:
    """Each refused request: a handoff for staff and a mail to the person, once (the request's own key)."""
    refused = store.refused()
    for index, (request, code) in enumerate(refused):
        key = request.idempotency_key
        try:
            notice = await client.report_filing_failure(request.ticket, code, idempotency_key=key)
        except DsrUnavailable:
            report.waiting += len(refused) - index  # kept as `refused`: the next round reports it
            return
        except REFUSALS as error:
            # E.g. a backend older than the endpoint: keep the row and keep saying so until it is told.
            logger.error("refused request %s could not be reported: %s", key[:12], refusal_code(error))
            report.waiting += 1
            continue
        store.mark_failed(key)
        logger.warning(
            "refused request %s reported: handoff %s, mailed %s", key[:12], notice.handoff_id, notice.mailed
        )
        report.failed += 1


async def retry_forever(
    store: PendingStore, client: DsrClient, *, interval: float, stop: asyncio.Event | None = None
) -> None:
    """Background task of the action server: flush, wait (backing off while the backend is down)."""
    stop = stop or asyncio.Event()
    rules, failed_rounds = retry_rules(interval), 0
    while not stop.is_set():
        if store.to_do():
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
