"""Erasure after a completed deletion: every store loses the person's traces, nobody else's; SQLite and PG."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.dsr_api.types import FilingRequest as PendingTicket
from bot.handoff import service as handoff
from bot.handoff.models import Handoff
from bot.intake.pending import PendingStore
from bot.mail.models import OutboxMessage
from bot.privacy import erasure
from bot.privacy.models import Erasure
from bot.privacy.stores import ExternalStores
from bot.verification import service as verification
from bot.verification.models import VerificationChallenge
from tests.support.clock import FrozenClock
from tests.support.factories import SECRET_EMAIL, file_ticket, move

OTHER_EMAIL = "other.person@example.com"


def say(engine: Engine | None, sender: str, count: int) -> None:
    assert engine is not None
    with engine.begin() as connection:
        for number in range(count):
            connection.execute(
                text("INSERT INTO events (sender_id, type_name, timestamp) VALUES (:s, 'user', :t)"),
                {"s": sender, "t": float(number)},
            )


def events_of(engine: Engine | None, sender: str) -> int:
    assert engine is not None
    with engine.connect() as connection:
        query = text("SELECT COUNT(*) FROM events WHERE sender_id = :s")
        return int(connection.execute(query, {"s": sender}).scalar())


def sink_mail(directory: Path, to: str, name: str) -> None:
    (directory / name).write_bytes(f"To: {to}\r\nSubject: x\r\n\r\ncode 123456\r\n".encode())


def deliver_all(factory: SessionFactory, now: datetime) -> None:
    with session_scope(factory) as session:
        for row in session.execute(select(OutboxMessage)).scalars():
            row.delivered_at = now


def verify(factory: SessionFactory, cipher: FieldCipher, email: str, now: datetime) -> None:
    with session_scope(factory) as session:
        verification.start_verification(
            session=session, cipher=cipher, purpose="file_request", email=email, now=now
        )


@pytest.fixture
def two_people(session_factory, cipher, clock, external: ExternalStores) -> str:
    """Two requesters with conversations, code mails, challenges; returns the deletion ticket's id."""
    verify(session_factory, cipher, SECRET_EMAIL, clock())
    verify(session_factory, cipher, OTHER_EMAIL, clock())
    mine = file_ticket(session_factory, cipher, clock, conversation_id="conv-mine")
    file_ticket(session_factory, cipher, clock, email=OTHER_EMAIL, conversation_id="conv-other")
    say(external.tracker, "conv-mine", 5)
    say(external.tracker, "conv-other", 4)
    assert external.sink_dir is not None and external.pending_path is not None
    sink_mail(external.sink_dir, SECRET_EMAIL, "1-mine.eml")
    sink_mail(external.sink_dir, OTHER_EMAIL, "2-other.eml")
    pending = PendingStore(external.pending_path, cipher)
    for key, ticket_id, email in (("k-mine", mine.id, SECRET_EMAIL), ("k-other", "DSR-OTHER1", OTHER_EMAIL)):
        pending.add(key, PendingTicket("deletion", "after_sales", "n", email, None, "d", "rest", "c"))
        pending.mark_filed(key, ticket_id)
    with session_scope(session_factory) as session:
        for conversation in ("conv-mine", "conv-other"):
            handoff.request_handoff(
                session=session,
                cipher=cipher,
                conversation_id=conversation,
                channel="rest",
                reason="asked",
                now=clock(),
                first_message=f"我要找人工 {conversation}",
            )
    move(session_factory, cipher, clock, mine.id, "in_progress")
    move(session_factory, cipher, clock, mine.id, "completed", actor="staff:li")
    return mine.id


def run(session_factory, cipher, external, clock: FrozenClock) -> list[Erasure]:
    return erasure.run_due(factory=session_factory, cipher=cipher, external=external, clock=clock)


def test_completed_deletion_erases_every_store_of_that_person_only(
    two_people: str, session_factory, cipher, clock, external: ExternalStores
) -> None:
    deliver_all(session_factory, clock())
    [done] = run(session_factory, cipher, external, clock)
    assert done.state == "done"
    counts = json.loads(done.counts)
    assert counts == {
        "tracker_events": 5,
        "conversations": 1,
        "sink_mail": 1,
        "pending": 1,
        "challenges": 1,
        "verification_sends": 1,
        "outbox": 4,
        "handoff_texts": 1,
    }
    assert (events_of(external.tracker, "conv-mine"), events_of(external.tracker, "conv-other")) == (0, 4)
    assert external.sink_dir is not None
    assert [path.name for path in external.sink_dir.iterdir()] == ["2-other.eml"]
    with session_scope(session_factory) as session:
        recipients = [cipher.decrypt(row.to_enc) for row in session.execute(select(OutboxMessage)).scalars()]
        challenges = session.execute(select(VerificationChallenge.contact_hash)).scalars().all()
    assert set(recipients) == {OTHER_EMAIL} and challenges == [cipher.email_hash(OTHER_EMAIL)]
    assert external.pending_path is not None
    assert PendingStore(external.pending_path, cipher).ticket_id("k-other") == "DSR-OTHER1"
    assert PendingStore(external.pending_path, cipher).ticket_id("k-mine") is None
    with session_scope(session_factory) as session:
        kept = dict(session.execute(select(Handoff.conversation_id, Handoff.first_message_enc)).all())
    assert kept["conv-mine"] is None and cipher.decrypt(kept["conv-other"]) == "我要找人工 conv-other"


def test_ticket_and_audit_stay_with_the_erasure_recorded(
    two_people: str, session_factory, cipher, clock, external: ExternalStores
) -> None:
    from bot.tickets import service

    deliver_all(session_factory, clock())
    run(session_factory, cipher, external, clock)
    with session_scope(session_factory) as session:
        view = service.get_ticket(session=session, cipher=cipher, ticket_id=two_people, now=clock())
    last = view.history[-1]
    assert view.status == "completed" and view.email == SECRET_EMAIL
    assert (last.reason, last.actor) == ("erased", "erasure for staff:li")
    assert "对话记录（Rasa tracker store）：5" in (last.note or "") and "发件箱：4" in (last.note or "")


def test_erasure_waits_for_the_completion_mail_then_runs_once(
    two_people: str, session_factory, cipher, clock, external: ExternalStores
) -> None:
    assert run(session_factory, cipher, external, clock) == []  # the completion notice is still queued
    assert events_of(external.tracker, "conv-mine") == 5
    deliver_all(session_factory, clock())
    assert len(run(session_factory, cipher, external, clock)) == 1
    assert run(session_factory, cipher, external, clock) == []  # done is done: no second audit event


def test_a_failing_store_is_recorded_and_retried(
    two_people: str, session_factory, cipher, clock, external: ExternalStores, tmp_path: Path
) -> None:
    deliver_all(session_factory, clock())
    broken = ExternalStores(
        tracker=create_engine(f"sqlite:///{tmp_path / 'missing' / 'tracker.db'}"),
        sink_dir=external.sink_dir,
        pending_path=external.pending_path,
    )
    [failed] = run(session_factory, cipher, broken, clock)
    assert (failed.state, failed.attempts, failed.last_error) == ("pending", 1, "OperationalError")
    assert events_of(external.tracker, "conv-mine") == 5
    with session_scope(session_factory) as session:
        # Rolled back: nothing half-done in the DSR database either.
        assert session.execute(select(VerificationChallenge)).scalars().all()
    [retried] = run(session_factory, cipher, external, clock)
    assert (retried.state, retried.attempts, retried.last_error) == ("done", 2, None)


def test_access_tickets_erase_nothing(session_factory, cipher, clock, external: ExternalStores) -> None:
    access = file_ticket(session_factory, cipher, clock, type="access", conversation_id="conv-a")
    move(session_factory, cipher, clock, access.id, "in_progress")
    move(session_factory, cipher, clock, access.id, "completed")
    deliver_all(session_factory, datetime.now(timezone.utc))
    say(external.tracker, "conv-a", 2)
    assert run(session_factory, cipher, external, clock) == []
    assert events_of(external.tracker, "conv-a") == 2
