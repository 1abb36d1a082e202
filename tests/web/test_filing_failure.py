"""A kept request the real backend refuses: staff see a handoff, the person gets one mail in their language.

The real app (its lifespan runs the outbox sender), a real SMTP sink, and the action server's own store
and client talking to the app over ASGI: verify, keep the request while "the backend is down" past the
proof's 72 hours, flush, then report again as if the first answer had been lost.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.dsr_api.client import DsrClient
from bot.dsr_api.types import FilingRequest
from bot.handoff import service as handoffs
from bot.intake.filing import idempotency_key
from bot.intake.pending import PendingStore, flush
from bot.mail.models import OutboxMessage
from bot.mail.sink import start_sink
from bot.settings import Settings
from bot.web.app import create_app
from tests.support.clock import FrozenClock
from tests.web.conftest import AUTH, TOKEN
from tests.web.test_app_outbox import _free_port, _wait_for_mail

CONVERSATION = "tg:424242"


def _read(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


@pytest.mark.parametrize(
    ("language", "subject", "words"),
    [
        ("en", "could not be filed", ("Dear Wang Fang", "email check", "business@megvii.com", "colleague")),
        ("zh", "未能提交", ("王芳，您好", "邮箱验证", "business@megvii.com", "同事")),
    ],
)
async def test_refused_kept_request_opens_a_handoff_and_mails_the_person_once(
    tmp_path: Path,
    session_factory: SessionFactory,
    clock: FrozenClock,
    language: str,
    subject: str,
    words: tuple[str, ...],
) -> None:
    port, maildir = _free_port(), tmp_path / "mail"
    settings = Settings.from_env(
        {
            "VAR_DIR": str(tmp_path / "var"),
            "DSR_API_TOKEN": TOKEN,
            "DSR_ENCRYPTION_KEY": "k",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(port),
            "MAIL_POLL_MS": "50",
            "MAIL_RETRY_BASE_MS": "20",
        }
    )
    store = PendingStore(tmp_path / "pending.db", FieldCipher("action-server-key"))
    key = idempotency_key(CONVERSATION, "run-1")
    name = "Wang Fang" if language == "en" else "王芳"
    controller = start_sink(maildir, "127.0.0.1", port)
    app = create_app(settings, session_factory=session_factory, clock=clock)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            dsr = DsrClient("http://dsr", TOKEN, transport=transport)
            challenge = await dsr.start_email_verification("wang@example.com", language)
            [code_mail] = await _wait_for_mail(maildir, 1)
            code = re.search(r"\b(\d{6})\b", _body(_read(code_mail)))
            assert code is not None
            proof = await dsr.check_code(challenge.challenge_id, code.group(1))
            ticket = FilingRequest(
                "deletion", "after_sales", name, "wang@example.com", "删除售后记录", "telegram",
                CONVERSATION, proof.verification_token, language=language,
            )  # fmt: skip
            store.add(key, ticket)  # the backend was down when the person confirmed
            clock.advance(hours=73)  # ... and stayed down longer than the proof lasts

            report = await flush(store, dsr)
            assert report.failed == 1 and report.filed == [] and store.count("failed") == 1

            files = await _wait_for_mail(maildir, 2)
            notice = _read(next(path for path in files if path != code_mail))
            assert notice["To"] == "wang@example.com" and subject in str(notice["Subject"])
            text = _body(notice)
            assert all(word in text for word in words), text

            async with httpx.AsyncClient(transport=transport, base_url="http://dsr", headers=AUTH) as http:
                state = (await http.get(f"/api/handoffs/{CONVERSATION}")).json()
                assert state["state"] == "waiting" and state["reason"] == "filing_failed"
                assert state["topic"] == "request" and state["channel"] == "telegram"
                assert state["paused"] is False  # the person is told by mail; the assistant keeps answering
                cipher = FieldCipher("k")
                with session_scope(session_factory) as session:
                    [queued] = handoffs.list_handoffs(session=session, cipher=cipher)  # the console's queue
                staff_text = queued.first_message or ""
                assert "删除个人信息" in staff_text and "验证" in staff_text
                assert "wang@example.com" not in staff_text and name not in staff_text

                # The first answer was lost: the action server reports again with the same key.
                again = await dsr.report_filing_failure(ticket, "not_verified", idempotency_key=key)
                assert again.created is False and again.handoff_id == state["handoff_id"]
                await flush(store, dsr)  # and a later round has nothing left to report
            with session_scope(session_factory) as session:
                assert len(handoffs.list_handoffs(session=session, cipher=cipher, open_only=False)) == 1
                notices = select(func.count()).where(OutboxMessage.template == "filing_failed")
                assert session.execute(notices).scalar_one() == 1
    finally:
        controller.stop()
    assert len(list(maildir.glob("*.eml"))) == 2  # the code and one notice, not two


FAILURE = {
    "type": "access",
    "name": "李四",
    "email": "li.si@example.com",
    "channel": "socketio",
    "error": "not_verified",
    "conversation_id": "web:abc",
    "language": "zh",
}


def test_report_needs_the_token_and_an_idempotency_key(client: TestClient) -> None:
    anonymous = client.post(
        "/api/filing-failures", json=FAILURE, headers={"Authorization": "", "Idempotency-Key": "k"}
    )
    assert anonymous.status_code == 401
    unkeyed = client.post("/api/filing-failures", json=FAILURE)
    assert unkeyed.status_code == 422 and unkeyed.json()["field"] == "Idempotency-Key"
    missing = client.post(
        "/api/filing-failures", json={**FAILURE, "email": None}, headers={"Idempotency-Key": "k"}
    )
    assert missing.status_code == 422 and missing.json()["error"] == "validation_error"


def test_report_answers_201_then_200_with_the_same_handoff(client: TestClient) -> None:
    first = client.post("/api/filing-failures", json=FAILURE, headers={"Idempotency-Key": "k"})
    again = client.post("/api/filing-failures", json=FAILURE, headers={"Idempotency-Key": "k"})
    assert first.status_code == 201 and again.status_code == 200, (first.text, again.text)
    assert first.json()["handoff_id"] == again.json()["handoff_id"]
    assert first.json()["mailed"] is True and again.json()["created"] is False
