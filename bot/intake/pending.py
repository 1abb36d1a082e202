"""Requests that could not be filed because the backend was down, kept durably until it is back.

A small SQLite file on the action-server side (under var/). Each row carries the idempotency key
the first attempt used, so a retry can never create a second ticket; the contact data in it is
encrypted with DSR_ENCRYPTION_KEY and erased once the ticket exists. The backend sends the
confirmation email when the ticket is finally filed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from bot.crypto import FieldCipher
from bot.dsr_api.client import REFUSALS, DsrClient, DsrUnavailable
from bot.dsr_api.types import FilingRequest
from bot.tickets.errors import DuplicateTicket

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pending_request (
    idempotency_key TEXT PRIMARY KEY,
    sealed_payload TEXT,
    state TEXT NOT NULL DEFAULT 'waiting',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    ticket_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""


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


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


class PendingStore:
    """Durable queue of unfiled requests; safe to open from several processes (SQLite locking)."""

    def __init__(self, path: Path, cipher: FieldCipher) -> None:
        self._path = path
        self._cipher = cipher
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self._path, timeout=10)
        try:
            with db:  # commits on success, rolls back on error
                yield db
        finally:
            db.close()

    def add(self, idempotency_key: str, ticket: FilingRequest) -> bool:
        """Keep a request; False when this key is already kept (the first one wins)."""
        sealed = self._cipher.encrypt(json.dumps(asdict(ticket), ensure_ascii=False))
        with self._connect() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO pending_request"
                " (idempotency_key, sealed_payload, created_at, updated_at) VALUES (?, ?, ?, ?)",
                (idempotency_key, sealed, _now(), _now()),
            )
            return cursor.rowcount == 1

    def waiting(self) -> list[PendingRequest]:
        """Oldest first, so requests are filed in the order people made them."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT idempotency_key, sealed_payload, attempts FROM pending_request"
                " WHERE state = 'waiting' ORDER BY created_at"
            ).fetchall()
        return [
            PendingRequest(key, FilingRequest(**json.loads(self._cipher.decrypt(sealed))), attempts)
            for key, sealed, attempts in rows
        ]

    def count(self, state: str = "waiting") -> int:
        with self._connect() as db:
            return int(
                db.execute("SELECT COUNT(*) FROM pending_request WHERE state = ?", (state,)).fetchone()[0]
            )

    def ticket_id(self, idempotency_key: str) -> str | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT ticket_id FROM pending_request WHERE idempotency_key = ?", (idempotency_key,)
            ).fetchone()
        return row[0] if row else None

    def mark_filed(self, idempotency_key: str, ticket_id: str) -> None:
        """Erase the contact data: the backend holds it now."""
        with self._connect() as db:
            db.execute(
                "UPDATE pending_request SET state = 'filed', sealed_payload = NULL, ticket_id = ?,"
                " attempts = attempts + 1, last_error = NULL, updated_at = ? WHERE idempotency_key = ?",
                (ticket_id, _now(), idempotency_key),
            )

    def mark_attempt(self, idempotency_key: str, error: str, *, give_up: bool = False) -> None:
        """A failed try; `give_up` keeps the row for staff when retrying cannot help."""
        with self._connect() as db:
            db.execute(
                "UPDATE pending_request SET attempts = attempts + 1, last_error = ?, updated_at = ?,"
                " state = CASE WHEN ? THEN 'failed' ELSE state END WHERE idempotency_key = ?",
                (error, _now(), give_up, idempotency_key),
            )


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
    """Background task of the action server: flush, sleep, repeat until `stop` is set."""
    stop = stop or asyncio.Event()
    while not stop.is_set():
        if store.count() and await client.health():
            try:
                await flush(store, client)
            except (sqlite3.Error, ValueError) as error:
                logger.exception("flushing pending requests failed: %s", type(error).__name__)
        try:
            await asyncio.wait_for(stop.wait(), timeout=interval)
        except asyncio.TimeoutError:
            continue
