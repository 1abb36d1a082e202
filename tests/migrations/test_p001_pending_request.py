"""Migration p001: a pending file the raw-sqlite3 store wrote is still read, in order, with its times."""

from __future__ import annotations

import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bot.crypto import FieldCipher
from bot.db import session_scope
from bot.dsr_api.types import FilingRequest
from bot.intake.pending import PendingStore
from bot.intake.pending_model import PendingFiling, open_pending
from bot.privacy.stores import delete_done_pending_before

# The table exactly as bot/intake/pending.py created it before it had a model.
OLD_SCHEMA = """
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
NOW = datetime(2026, 12, 2, 15, 0, tzinfo=timezone.utc)
TICKET = FilingRequest("deletion", "after_sales", "n", "a@example.com", None, "d", "rest", "c")


def old_file(path: Path, cipher: FieldCipher) -> None:
    sealed = cipher.encrypt(json.dumps(asdict(TICKET), ensure_ascii=False))
    rows = [  # key, payload, state, ticket, created (ISO text with offset, as the old store wrote it)
        ("second", sealed, "waiting", None, NOW - timedelta(hours=1)),
        ("first", sealed, "waiting", None, NOW - timedelta(hours=2, minutes=30)),
        ("filed-long-ago", None, "filed", "DSR-OLD001", NOW - timedelta(days=40)),
    ]
    db = sqlite3.connect(path)
    with db:
        db.execute(OLD_SCHEMA)
        for key, payload, state, ticket_id, at in rows:
            stamp = at.astimezone(timezone(timedelta(hours=8))).isoformat()  # any offset reads as UTC
            db.execute(
                "INSERT INTO pending_request (idempotency_key, sealed_payload, state, ticket_id, attempts,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, 2, ?, ?)",
                (key, payload, state, ticket_id, stamp, stamp),
            )
    db.close()


def test_an_older_file_is_read_in_order_with_its_attempts(tmp_path: Path) -> None:
    cipher = FieldCipher("k")
    old_file(tmp_path / "pending.db", cipher)
    store = PendingStore(tmp_path / "pending.db", cipher)
    waiting = store.waiting()
    assert [(row.idempotency_key, row.attempts) for row in waiting] == [("first", 2), ("second", 2)]
    assert waiting[0].ticket == TICKET
    assert store.ticket_id("filed-long-ago") == "DSR-OLD001"
    assert store.add("first", TICKET) is False  # the kept key still wins
    with session_scope(open_pending(tmp_path / "pending.db")) as session:
        row = session.get(PendingFiling, "first")
        assert (row.created_at, row.updated_at) == (NOW - timedelta(hours=2, minutes=30),) * 2


def test_an_older_file_keeps_its_times_for_retention(tmp_path: Path) -> None:
    cipher = FieldCipher("k")
    old_file(tmp_path / "pending.db", cipher)
    filed_at = NOW - timedelta(days=40)
    assert delete_done_pending_before(tmp_path / "pending.db", filed_at, dry_run=True) == 0
    assert delete_done_pending_before(tmp_path / "pending.db", filed_at + timedelta(seconds=1)) == 1
    assert PendingStore(tmp_path / "pending.db", cipher).count("waiting") == 2


def test_a_new_file_holds_only_the_pending_table(tmp_path: Path) -> None:
    PendingStore(tmp_path / "pending.db", FieldCipher("k"))
    db = sqlite3.connect(tmp_path / "pending.db")
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    db.close()
    assert tables == {"pending_request", "alembic_version"}


def test_two_processes_opening_a_fresh_file_at_once_both_succeed(tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        stores = list(pool.map(lambda _: PendingStore(tmp_path / "pending.db", FieldCipher("k")), range(4)))
    assert stores[0].add("k1", TICKET) and not stores[3].add("k1", TICKET)
