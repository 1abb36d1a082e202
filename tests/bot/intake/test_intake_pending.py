"""Requests kept while the backend is down: nothing lost, nothing filed twice, contacts not in clear."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest

from bot.crypto import FieldCipher
from bot.dsr_api.client import DsrClient
from bot.dsr_api.types import FilingRequest
from bot.intake.filing import idempotency_key, submit
from bot.intake.pending import PendingStore, flush
from tests.bot.intake.fakes import FakeBackend


@pytest.fixture
def store(tmp_path: Path) -> PendingStore:
    return PendingStore(tmp_path / "pending.db", FieldCipher("test-key"))


async def _slots(backend: FakeBackend) -> dict[str, object]:
    client = backend.client()
    challenge = await client.start_email_verification("wu@example.com")
    verification = await client.check_code(challenge.challenge_id, backend.last_code("wu@example.com"))
    token = verification.verification_token
    return {
        "intake_type": "deletion",
        "intake_scenario": "recruitment",
        "intake_name": "吴婷",
        "intake_email": "wu@example.com",
        "intake_phone": "",
        "intake_details": "删除我的简历",
        "intake_confirmed": True,
        "intake_verification_token": token,
        "intake_run_id": "run-1",
    }


def test_idempotency_key_depends_on_conversation_and_run() -> None:
    assert idempotency_key("c1", "r1") == idempotency_key("c1", "r1")
    assert idempotency_key("c1", "r1") != idempotency_key("c1", "r2")
    assert idempotency_key("c1", "r1") != idempotency_key("c2", "r1")


async def test_backend_down_keeps_the_request_and_flush_files_it_once(store: PendingStore) -> None:
    backend = FakeBackend()
    slots = await _slots(backend)
    backend.up = False
    replies = await submit(slots, conversation_id="c1", channel="rest", client=backend.client(), store=store)
    assert "已安全保存" in replies[0].text and "w***@example.com" in replies[0].text
    assert store.count() == 1 and not backend.tickets

    report = await flush(store, backend.client())  # still down: kept
    assert report.waiting == 1 and store.count() == 1

    backend.up = True
    report = await flush(store, backend.client())
    assert len(report.filed) == 1 and len(backend.tickets) == 1
    assert backend.confirmations == report.filed
    assert store.count() == 0 and store.count("filed") == 1

    await flush(store, backend.client())
    assert len(backend.tickets) == 1


async def test_retry_uses_the_original_key_so_a_lost_answer_is_not_a_second_ticket(
    store: PendingStore,
) -> None:
    backend = FakeBackend()
    slots = await _slots(backend)
    key = idempotency_key("c1", "run-1")
    # The first POST reached the backend but its answer was lost: the ticket exists under this key.
    first = await backend.client().file_ticket(
        FilingRequest(
            "deletion",
            "recruitment",
            "吴婷",
            "wu@example.com",
            "删除我的简历",
            "rest",
            "c1",
            str(slots["intake_verification_token"]),
        ),
        idempotency_key=key,
    )
    store.add(
        key,
        FilingRequest(
            "deletion",
            "recruitment",
            "吴婷",
            "wu@example.com",
            "删除我的简历",
            "rest",
            "c1",
            str(slots["intake_verification_token"]),
        ),
    )
    report = await flush(store, backend.client())
    assert report.filed == [first.id] and len(backend.tickets) == 1


def test_adding_the_same_key_twice_keeps_one_row(store: PendingStore) -> None:
    ticket = FilingRequest("access", "other", "吴婷", "wu@example.com", "查阅", "rest", "c1", "t")
    assert store.add("k", ticket) and not store.add("k", ticket)
    assert store.count() == 1


def test_contact_data_is_not_stored_in_clear(store: PendingStore, tmp_path: Path) -> None:
    store.add("k", FilingRequest("access", "other", "吴婷", "wu@example.com", "查阅", "rest", "c1", "t"))
    raw = (tmp_path / "pending.db").read_bytes() + b"".join(
        p.read_bytes() for p in tmp_path.glob("pending.db-*")
    )
    assert b"wu@example.com" not in raw and "吴婷".encode() not in raw


def test_store_survives_reopening(tmp_path: Path) -> None:
    PendingStore(tmp_path / "p.db", FieldCipher("k")).add(
        "k", FilingRequest("access", "other", "吴婷", "wu@example.com", "查阅", "rest", "c1", "t")
    )
    reopened = PendingStore(tmp_path / "p.db", FieldCipher("k"))
    assert [request.ticket.email for request in reopened.waiting()] == ["wu@example.com"]


def _forged(language: str = "zh") -> FilingRequest:
    """A request the backend refuses (403 not_verified), as when its proof ran out while it was kept."""
    return FilingRequest(
        "access", "other", "吴婷", "wu@example.com", "查阅", "rest", "c1", "forged", language=language
    )


async def test_refused_request_is_reported_once_and_not_filed_again(store: PendingStore) -> None:
    backend = FakeBackend()
    store.add("k", _forged("en"))
    report = await flush(store, backend.client())
    assert report.failed == 1 and report.waiting == 0 and not backend.tickets
    assert store.count("failed") == 1 and store.to_do() == 0
    [body] = backend.failure_reports.values()
    assert list(backend.failure_reports) == ["k"]
    assert body["error"] == "not_verified" and body["language"] == "en" and body["email"] == "wu@example.com"
    assert body["conversation_id"] == "c1" and body["type"] == "access" and "verification_token" not in body

    calls = backend.calls
    await flush(store, backend.client())
    assert backend.calls == calls and backend.report_calls == 1  # nothing left to file or report


async def test_reported_refusal_erases_the_contact_data(store: PendingStore, tmp_path: Path) -> None:
    store.add("k", _forged())
    await flush(store, FakeBackend().client())
    with sqlite3.connect(tmp_path / "pending.db") as connection:
        rows = connection.execute("SELECT state, sealed_payload, last_error FROM pending_request").fetchall()
    assert rows == [("failed", None, "not_verified")]


async def test_report_that_cannot_reach_the_backend_is_retried_until_it_does(store: PendingStore) -> None:
    backend = FakeBackend(reports_up=False)
    store.add("k", _forged())
    report = await flush(store, backend.client())
    # Refused, but the backend went down before it could be told: kept, counted as still to do.
    assert report.failed == 0 and report.waiting == 1
    assert store.count("refused") == 1 and store.to_do() == 1 and not backend.failure_reports

    report = await flush(store, backend.client())  # still down: still kept, filing is not tried again
    assert store.count("refused") == 1 and report.waiting == 1 and not backend.tickets

    backend.reports_up = True
    report = await flush(store, backend.client())
    assert report.failed == 1 and store.count("failed") == 1 and store.to_do() == 0
    assert list(backend.failure_reports) == ["k"] and backend.report_calls == 3


async def test_report_the_backend_refuses_stays_to_do(store: PendingStore) -> None:
    """A backend without the report endpoint (404) must not make the refusal silent."""
    backend = FakeBackend()
    store.add("k", _forged())
    report_path = backend.handle

    def old_backend(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/filing-failures":
            return httpx.Response(404, json={"error": "not_found", "message": "?"})
        return report_path(request)

    client = DsrClient("http://dsr.test", "token", transport=httpx.MockTransport(old_backend))
    report = await flush(store, client)
    assert report.waiting == 1 and store.count("refused") == 1 and store.count("failed") == 0


async def test_duplicate_on_submit_shows_existing_ticket_and_policy_note(store: PendingStore) -> None:
    backend = FakeBackend()
    existing = backend.add_ticket("wu@example.com")
    slots = await _slots(backend)
    replies = await submit(slots, conversation_id="c1", channel="rest", client=backend.client(), store=store)
    assert existing in replies[0].text and "重复" in replies[0].text
    assert len(backend.tickets) == 1


async def test_filed_reply_shows_id_and_due_date(store: PendingStore) -> None:
    backend = FakeBackend()
    replies = await submit(
        await _slots(backend), conversation_id="c1", channel="rest", client=backend.client(), store=store
    )
    ticket_id = next(iter(backend.tickets))
    assert ticket_id in replies[0].text and "2026年3月23日" in replies[0].text
