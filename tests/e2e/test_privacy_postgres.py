"""Erasure end to end with both databases on PostgreSQL (TEST_POSTGRES_URL): real Rasa, backend, sink.

A stack of its own (the session's stack runs on SQLite): the DSR database and the tracker store are
fresh PostgreSQL databases, dropped afterwards.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.test_privacy_rest import file_deletion, forms_of, texts
from tests.support.services import Stack, ensure_model

pytestmark = pytest.mark.slow
BASE = os.environ.get("TEST_POSTGRES_URL", "")


@pytest.fixture(scope="module")
def pg_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, str]]:
    if not BASE:
        pytest.skip("TEST_POSTGRES_URL is not set; PostgreSQL e2e skipped")
    suffix = uuid.uuid4().hex[:8]
    names = {"dsr": f"e2e_dsr_{suffix}", "tracker": f"e2e_tracker_{suffix}"}
    admin = create_engine(BASE, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for name in names.values():
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    root = BASE.rsplit("/", 1)[0]
    overrides = {
        "DSR_DATABASE_URL": f"{root}/{names['dsr']}",
        "TRACKER_DATABASE_URL": f"{root}/{names['tracker']}",
        "ERASURE_POLL_SECONDS": "2",
    }
    ensure_model()
    stack = Stack.create(Path(tmp_path_factory.mktemp("pg-var")), overrides)
    try:
        stack.start_all()
        yield stack, overrides["TRACKER_DATABASE_URL"]
    finally:
        stack.stop_all()
        with admin.connect() as connection:
            for name in names.values():
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def tracker_rows(url: str) -> tuple[set[str], bytes]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT sender_id, data FROM events")).all()
    finally:
        engine.dispose()
    return {row[0] for row in rows}, "\n".join(str(row[1]) for row in rows).encode()


def test_postgres_tracker_holds_no_contact_data_and_completed_deletion_erases_it(
    pg_stack: tuple[Stack, str],
) -> None:
    stack, tracker_url = pg_stack
    sender, email = f"e2e-{uuid.uuid4().hex[:8]}", f"huangfu.{uuid.uuid4().hex[:6]}@example.com"
    other = f"e2e-{uuid.uuid4().hex[:8]}"
    name, phone = "皇甫嵩", "13566667777"
    ticket_id = file_deletion(stack, sender, name, email, phone)
    assert texts(stack.say(other, "你们会收集哪些个人信息？"))
    senders, dump = tracker_rows(tracker_url)
    assert {stack.conversation(sender), stack.conversation(other)} <= senders
    for value in (name, email, phone):
        assert not any(form in dump for form in forms_of(value)), f"{value!r} stored in clear"

    for status in ("in_progress", "completed"):
        moved = stack.api("POST", f"/api/tickets/{ticket_id}/transitions", json={"to": status})
        assert moved.status_code == 200, moved.text
    deadline = time.monotonic() + 90
    history: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        history = stack.api("GET", f"/api/tickets/{ticket_id}").json()["history"]
        if history[-1].get("reason") == "erased":
            break
        time.sleep(1)
    assert history[-1].get("reason") == "erased", history[-1]
    senders, _ = tracker_rows(tracker_url)
    assert stack.conversation(sender) not in senders and stack.conversation(other) in senders
    assert stack.mails(email) == []
