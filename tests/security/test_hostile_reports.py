"""Hostile input at the two newest API edges: POST /api/filing-failures and POST /api/verifications/recent.

Both are for the action server only (bearer DSR_API_TOKEN). A filing-failure report opens a handoff and
queues one mail per Idempotency-Key; a recent proof shows a status without a code for 30 minutes after the
filing it proved. Forged tokens, bad JSON, big bodies, markup, control characters and replays each get a
clear refusal or the first answer again: never a second handoff, a second mail or a stack trace.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.handoff.models import Handoff
from bot.mail.models import OutboxMessage
from bot.verification.models import VerificationChallenge
from tests.security.conftest import TOKEN, assert_no_leak
from tests.security.test_hostile_api import AUTH, _refused
from tests.support.clock import FrozenClock
from tests.web.conftest import latest_code

FAILURES = "/api/filing-failures"
RECENT = "/api/verifications/recent"
EMAIL = "li.si@example.com"


def failure(**overrides: Any) -> dict[str, Any]:
    """A report the action server would send for a kept request that was refused."""
    body = {
        "type": "deletion",
        "name": "李四",
        "email": EMAIL,
        "channel": "socketio",
        "error": "not_verified",
        "conversation_id": "web:hostile-1",
        "language": "zh",
    }
    return {**body, **overrides}


def report(client: TestClient, body: object, key: str | None = "kept-1") -> Any:
    headers = {**AUTH, **({"Idempotency-Key": key} if key is not None else {})}
    content = body if isinstance(body, bytes) else json.dumps(body)
    return client.post(FAILURES, content=content, headers=headers)


def counts(factory: SessionFactory) -> tuple[int, int]:
    """(handoffs, outbox mails) stored so far."""
    with session_scope(factory) as session:
        handoffs = session.execute(select(func.count()).select_from(Handoff)).scalar_one()
        mails = session.execute(select(func.count()).select_from(OutboxMessage)).scalar_one()
    return handoffs, mails


def challenges(factory: SessionFactory) -> int:
    with session_scope(factory) as session:
        return int(session.execute(select(func.count()).select_from(VerificationChallenge)).scalar_one())


def filed_ticket(client: TestClient, factory: SessionFactory, cipher: FieldCipher) -> tuple[str, str]:
    """Verify EMAIL over the API and file a ticket with it: (ticket id, the filing's token)."""
    start = {"purpose": "file_request", "email": EMAIL}
    started = client.post("/api/verifications", json=start, headers=AUTH)
    assert started.status_code == 201, started.text
    code = latest_code(factory, cipher)
    checked = client.post(
        f"/api/verifications/{started.json()['challenge_id']}/check", json={"code": code}, headers=AUTH
    )
    token = str(checked.json()["verification_token"])
    body = {
        "type": "access",
        "scenario": "recruitment",
        "name": "李四",
        "email": EMAIL,
        "details": "我想查阅我的简历信息",
        "channel": "socketio",
        "conversation_id": "web:hostile-2",
        "verification_token": token,
    }
    filed = client.post("/api/tickets", json=body, headers={**AUTH, "Idempotency-Key": "file-1"})
    assert filed.status_code == 201, filed.text
    return str(filed.json()["id"]), token


FORGED = [
    {},
    {"Authorization": "Bearer wrong"},
    {"Authorization": f"Basic {TOKEN}"},
    {"Authorization": f"Bearer {TOKEN}x"},
]


@pytest.mark.parametrize("path", [FAILURES, RECENT])
@pytest.mark.parametrize("headers", FORGED, ids=["none", "wrong", "basic", "longer"])
def test_missing_or_forged_tokens_are_refused_and_nothing_is_stored(
    backend: TestClient, session_factory: SessionFactory, path: str, headers: dict[str, str]
) -> None:
    body = failure() if path == FAILURES else {"ticket_id": "DSR-AAAAAA", "verification_token": "t"}
    sent = {"Content-Type": "application/json", "Idempotency-Key": "forged-1", **headers}
    _refused(backend.post(path, json=body, headers=sent), 401)
    assert counts(session_factory) == (0, 0)


BAD_JSON = [
    b"{not json",
    b"",
    b"[]",
    b"null",
    b'"a string"',
    b"\xff\xfe\x00garbage",
    b'{"type": ["deletion"]}',
    b'{"ticket_id": {"$ne": null}, "verification_token": {"$gt": ""}}',
]


@pytest.mark.parametrize("path", [FAILURES, RECENT])
@pytest.mark.parametrize("body", BAD_JSON)
def test_bad_json_is_a_clean_refusal(
    backend: TestClient, session_factory: SessionFactory, path: str, body: bytes
) -> None:
    headers = {**AUTH, "Idempotency-Key": "bad-json-1"}
    _refused(backend.post(path, content=body, headers=headers), 400, 403, 422)
    assert counts(session_factory) == (0, 0)


@pytest.mark.parametrize("path", [FAILURES, RECENT])
def test_an_oversized_body_is_refused_before_parsing(
    backend: TestClient, session_factory: SessionFactory, path: str
) -> None:
    huge = json.dumps({**failure(), "ticket_id": "DSR-AAAAAA", "pad": "x" * 10_000})
    response = backend.post(path, content=huge, headers={**AUTH, "Idempotency-Key": "huge-1"})
    assert _refused(response, 413)["error"] == "too_large"
    assert counts(session_factory) == (0, 0)


@pytest.mark.parametrize(
    "overrides",
    [
        {"type": "<script>alert(1)</script>"},
        {"type": "deletion\r\n"},
        {"email": None},
        {"email": ["a@example.com"]},
        {"name": "王" * 101},
        {"channel": "x" * 33},
        {"error": "e" * 41},
        {"conversation_id": "c" * 129},
        {"language": "<b>en</b>"},
    ],
    ids=[
        "markup-type",
        "crlf-type",
        "no-email",
        "list-email",
        "long-name",
        "long-channel",
        "long-error",
        "long-conversation",
        "markup-language",
    ],
)
def test_malformed_reports_are_refused_and_open_nothing(
    backend: TestClient, session_factory: SessionFactory, overrides: dict[str, Any]
) -> None:
    _refused(report(backend, failure(**overrides)), 400, 422)
    assert counts(session_factory) == (0, 0)


@pytest.mark.parametrize("key", [None, "", "k" * 201], ids=["missing", "empty", "huge"])
def test_a_report_without_a_usable_idempotency_key_is_refused(
    backend: TestClient, session_factory: SessionFactory, key: str | None
) -> None:
    _refused(report(backend, failure(), key=key), 422)
    assert counts(session_factory) == (0, 0)


def test_markup_in_a_report_is_escaped_in_the_mail_and_the_error_code_is_not_echoed(
    backend: TestClient, session_factory: SessionFactory, cipher: FieldCipher
) -> None:
    body = failure(name="<img src=x onerror=alert(1)>", error="<script>alert(1)</script>")
    response = report(backend, body)
    assert response.status_code == 201, response.text
    assert_no_leak(response.text)
    with session_scope(session_factory) as session:
        mail = session.execute(select(OutboxMessage)).scalar_one()
        html, text = cipher.decrypt(mail.html_enc), cipher.decrypt(mail.text_enc)
        note = cipher.decrypt(session.execute(select(Handoff)).scalar_one().first_message_enc)
    assert "<img" not in html and "&lt;img" in html
    assert "<script>" not in html + text + note  # an unknown error code becomes the plain "could not accept"


def test_control_characters_and_header_injection_never_reach_a_mail_header(
    backend: TestClient, session_factory: SessionFactory
) -> None:
    body = failure(email="li.si@example.com\r\nBcc: victim@example.com", name="李\x00四\x1b[31m")
    response = report(backend, body)
    if response.status_code == 201:  # staff still see the refused request; no mail to a forged address
        assert response.json()["mailed"] is False
        assert counts(session_factory) == (1, 0)
    else:
        _refused(response, 400, 422)
        assert counts(session_factory) == (0, 0)


@pytest.mark.parametrize(
    "overrides",
    [
        {"conversation_id": "web:\x00nul"},
        {"conversation_id": "tg:1\r\nX-Injected: 1"},
        {"channel": "socketio\x00"},
        {"channel": "web\x1b[2J"},
    ],
    ids=["nul-id", "crlf-id", "nul-channel", "escape-channel"],
)
def test_control_characters_in_ids_are_refused(
    backend: TestClient, session_factory: SessionFactory, overrides: dict[str, str]
) -> None:
    """PostgreSQL answered a NUL with a 500, and a CR/LF id reached the console; both are 422 now."""
    _refused(report(backend, failure(**overrides)), 422)
    assert counts(session_factory) == (0, 0)


def test_a_replayed_report_opens_one_handoff_and_sends_one_mail(
    backend: TestClient, session_factory: SessionFactory
) -> None:
    """The same key three times (the first answer lost), once with a changed body: the first report stands."""
    first = report(backend, failure())
    assert first.status_code == 201, first.text
    replays = [report(backend, failure()), report(backend, failure()), report(backend, failure(name="王五"))]
    for again in replays:
        assert again.status_code == 200, again.text
        assert again.json()["handoff_id"] == first.json()["handoff_id"] and again.json()["created"] is False
    assert counts(session_factory) == (1, 1)
    assert report(backend, failure(), key="kept-2").status_code in (200, 201)
    assert counts(session_factory)[1] == 2  # a different request (another key) is its own report


@pytest.mark.parametrize(
    "body",
    [
        {"ticket_id": "<script>alert(1)</script>", "verification_token": "t"},
        {"ticket_id": "DSR-\x00AAAA", "verification_token": "t"},
        {"ticket_id": "../../etc/passwd", "verification_token": "t"},
        {"ticket_id": "DSR-AAAAAA", "verification_token": "x" * 3000},
        {"ticket_id": "DSR-AAAAAA", "verification_token": "令牌\r\n"},
        {"ticket_id": "DSR-AAAAAA", "verification_token": 123456},
        {"ticket_id": "DSR-AAAAAA"},
    ],
    ids=["markup", "nul", "path", "huge-token", "cjk-crlf-token", "number-token", "no-token"],
)
def test_recent_proof_with_hostile_fields_is_refused_and_sends_no_code(
    backend: TestClient, session_factory: SessionFactory, body: dict[str, Any]
) -> None:
    _refused(backend.post(RECENT, json=body, headers=AUTH), 400, 403, 413, 422)
    assert counts(session_factory) == (0, 0)


def test_recent_proof_replays_show_the_same_status_store_nothing_and_stop_after_30_minutes(
    backend: TestClient, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    ticket_id, token = filed_ticket(backend, session_factory, cipher)
    before = counts(session_factory), challenges(session_factory)
    body = {"ticket_id": ticket_id, "verification_token": token}
    answers = []
    for _ in range(3):
        clock.advance(minutes=9)
        shown = backend.post(RECENT, json=body, headers=AUTH)
        assert shown.status_code == 200, shown.text
        assert EMAIL not in shown.text and token not in shown.text
        answers.append(shown.json()["ticket"]["id"])
    assert answers == [ticket_id] * 3
    assert (counts(session_factory), challenges(session_factory)) == before  # no code, mail or handoff
    clock.advance(minutes=3)  # 30 minutes after the proof
    _refused(backend.post(RECENT, json=body, headers=AUTH), 403)


def test_a_status_check_proof_or_another_ticket_is_not_a_recent_filing_proof(
    backend: TestClient, session_factory: SessionFactory, cipher: FieldCipher
) -> None:
    ticket_id, token = filed_ticket(backend, session_factory, cipher)
    other = "DSR-AAAAAA" if ticket_id != "DSR-AAAAAA" else "DSR-BBBBBB"
    _refused(backend.post(RECENT, json={"ticket_id": other, "verification_token": token}, headers=AUTH), 403)
    swapped = {"ticket_id": token, "verification_token": ticket_id}
    _refused(backend.post(RECENT, json=swapped, headers=AUTH), 403, 422)
