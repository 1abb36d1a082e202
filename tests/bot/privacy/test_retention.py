"""Retention with a passed-in clock: exactly what the windows say goes, nothing else; twice is once."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.db import SessionFactory, session_scope
from bot.dsr_api.types import FilingRequest as PendingTicket
from bot.intake.pending import PendingStore
from bot.mail.models import OutboxMessage
from bot.privacy.retention import Windows, purge
from bot.privacy.stores import ExternalStores
from bot.settings import Settings
from bot.verification import service as verification
from bot.verification.models import VerificationChallenge
from tests.support.clock import FrozenClock, china
from tests.support.factories import file_ticket, move

NOW = china(2026, 9, 1)
DAY = timedelta(days=1)


def conversation(external: ExternalStores, sender: str, last: datetime) -> None:
    assert external.tracker is not None
    with external.tracker.begin() as connection:
        for at in (last - DAY, last):
            connection.execute(
                text("INSERT INTO events (sender_id, type_name, timestamp) VALUES (:s, 'user', :t)"),
                {"s": sender, "t": at.timestamp()},
            )


def senders(external: ExternalStores) -> set[str]:
    assert external.tracker is not None
    with external.tracker.connect() as connection:
        return {row[0] for row in connection.execute(text("SELECT DISTINCT sender_id FROM events"))}


def ticket_closed(
    factory: SessionFactory, cipher, conversation_id: str, filed: datetime, closed: datetime | None
) -> None:
    clock = FrozenClock(filed)
    email = f"{conversation_id}@example.com"
    view = file_ticket(factory, cipher, clock, conversation_id=conversation_id, email=email)
    if closed is not None:
        move(factory, cipher, clock, view.id, "in_progress")
        clock.now = closed
        move(factory, cipher, clock, view.id, "completed")


def challenge(factory: SessionFactory, cipher, email: str, sent: datetime) -> None:
    with session_scope(factory) as session:
        verification.start_verification(
            session=session, cipher=cipher, purpose="file_request", email=email, now=sent
        )


def sink_file(external: ExternalStores, name: str, received: datetime) -> None:
    assert external.sink_dir is not None
    path = external.sink_dir / name
    path.write_bytes(b"To: a@example.com\r\n\r\nx\r\n")
    os.utime(path, (received.timestamp(), received.timestamp()))


@pytest.fixture
def world(session_factory, cipher, external: ExternalStores) -> None:
    """One item just past and one just within each window."""
    conversation(external, "no-ticket-old", NOW - 31 * DAY)
    conversation(external, "no-ticket-recent", NOW - 29 * DAY)
    conversation(external, "open-ticket", NOW - 300 * DAY)
    conversation(external, "closed-long-ago", NOW - 300 * DAY)
    conversation(external, "closed-recently", NOW - 300 * DAY)
    ticket_closed(session_factory, cipher, "open-ticket", NOW - 300 * DAY, None)
    ticket_closed(session_factory, cipher, "closed-long-ago", NOW - 300 * DAY, NOW - 181 * DAY)
    ticket_closed(session_factory, cipher, "closed-recently", NOW - 300 * DAY, NOW - 179 * DAY)
    sink_file(external, "old.eml", NOW - 8 * DAY)
    sink_file(external, "recent.eml", NOW - 6 * DAY)
    challenge(session_factory, cipher, "expired@example.com", NOW - 2 * DAY)  # expired 10 min later
    challenge(session_factory, cipher, "recent@example.com", NOW - DAY / 2)
    with session_scope(session_factory) as session:
        rows = session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
        # Ticket mails first, code mails last: deliver two ticket mails long ago and one recently.
        rows[0].delivered_at = rows[1].delivered_at = NOW - 31 * DAY
        rows[2].delivered_at = NOW - 29 * DAY
    pending_rows(external, cipher)


def pending_rows(external: ExternalStores, cipher) -> None:
    """A request filed 31 days ago, one filed 29 days ago, one still waiting since long ago."""
    assert external.pending_path is not None
    kept = (("old", NOW - 31 * DAY, "DSR-OLD001"), ("recent", NOW - 29 * DAY, "DSR-NEW001"))
    for key, at, ticket_id in (*kept, ("waiting", NOW - 300 * DAY, None)):
        store = PendingStore(external.pending_path, cipher, clock=lambda at=at: at)
        store.add(key, PendingTicket("deletion", "after_sales", "n", "a@example.com", None, "d", "rest", "c"))
        if ticket_id is not None:
            store.mark_filed(key, ticket_id)


def run(session_factory, external: ExternalStores, *, dry_run: bool = False) -> dict[str, int]:
    return purge(factory=session_factory, external=external, windows=Windows(), now=NOW, dry_run=dry_run)


EXPECTED = {
    "conversations": 2,
    "tracker_events": 4,
    "sink_mail": 1,
    "challenges": 1,
    "verification_sends": 1,
    "outbox": 2,
    "pending": 1,
}


def test_purge_removes_exactly_what_is_past_its_window(world, session_factory, external, cipher) -> None:
    assert run(session_factory, external) == EXPECTED
    assert senders(external) == {"no-ticket-recent", "open-ticket", "closed-recently"}
    assert external.sink_dir is not None
    assert [path.name for path in external.sink_dir.iterdir()] == ["recent.eml"]
    with session_scope(session_factory) as session:
        left = session.execute(select(VerificationChallenge.expires_at)).scalars().all()
    assert [at > NOW - DAY for at in left] == [True]
    assert external.pending_path is not None
    store = PendingStore(external.pending_path, cipher)
    assert [store.ticket_id(key) for key in ("old", "recent")] == [None, "DSR-NEW001"]
    assert store.count("waiting") == 1  # never filed: kept until it is


def test_dry_run_counts_the_same_and_removes_nothing(world, session_factory, external) -> None:
    assert run(session_factory, external, dry_run=True) == EXPECTED
    assert len(senders(external)) == 5
    assert run(session_factory, external) == EXPECTED


def test_a_second_purge_removes_nothing(world, session_factory, external) -> None:
    run(session_factory, external)
    assert set(run(session_factory, external).values()) == {0}


def test_windows_come_from_settings_with_the_documented_defaults(tmp_path: Path) -> None:
    assert Windows.from_settings(Settings.from_env({"VAR_DIR": str(tmp_path)})) == Windows(
        conversation=30 * DAY, after_close=180 * DAY, sink_mail=7 * DAY, challenge=DAY, outbox=30 * DAY
    )
    shorter = Settings.from_env({"VAR_DIR": str(tmp_path), "RETENTION_CONVERSATION_DAYS": "7"})
    assert Windows.from_settings(shorter).conversation == 7 * DAY
