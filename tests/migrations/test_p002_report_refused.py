"""Migration p002: requests refused before refusals were reported are reported now, not left silent."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from pathlib import Path

from bot.crypto import FieldCipher
from bot.db import upgrade_database
from bot.dsr_api.types import FilingRequest
from bot.intake.pending import PendingStore
from bot.intake.pending_model import pending_url

AT = "2026-12-01 10:00:00.000000"
TICKET = FilingRequest("deletion", "after_sales", "n", "a@example.com", "d", "rest", "c", "t")


def test_silently_failed_rows_become_refused_and_are_reported(tmp_path: Path) -> None:
    path, cipher = tmp_path / "pending.db", FieldCipher("k")
    upgrade_database(pending_url(path), target="p001")  # a file as the store left it before p002
    sealed = cipher.encrypt(json.dumps(asdict(TICKET), ensure_ascii=False))
    with sqlite3.connect(path) as db:
        for key, payload, state in (("lost", sealed, "failed"), ("done", None, "filed")):
            db.execute(
                "INSERT INTO pending_request (idempotency_key, sealed_payload, state, attempts, last_error,"
                " created_at, updated_at) VALUES (?, ?, ?, 1, '403 not verified', ?, ?)",
                (key, payload, state, AT, AT),
            )
    db.close()
    store = PendingStore(path, cipher)  # opening upgrades the file to the branch's head
    assert [(request.idempotency_key, code) for request, code in store.refused()] == [("lost", "refused")]
    assert store.refused()[0][0].ticket == TICKET
    assert store.count("failed") == 0 and store.count("filed") == 1 and store.to_do() == 1
