"""An app wired to the per-test database, a frozen clock and a fake mailer, plus HTTP helpers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.mail.mailer import FakeMailer
from bot.mail.models import OutboxMessage
from bot.settings import Settings
from bot.web.app import create_app
from tests.support.clock import FrozenClock

TOKEN = "test-dsr-api-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EMAIL = "li.si@example.com"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Test settings from a plain dict, as the conventions ask."""
    return Settings.from_env(
        {
            "VAR_DIR": str(tmp_path / "var"),
            "DSR_API_TOKEN": TOKEN,
            "DSR_ENCRYPTION_KEY": "test-encryption-key",
            "MAIL_RETRY_BASE_MS": "50",
            "MAIL_POLL_MS": "50",
        }
    )


@pytest.fixture
def client(settings: Settings, session_factory: SessionFactory, clock: FrozenClock) -> Iterator[TestClient]:
    """HTTP client on the ASGI app; the outbox task is off (tests/web/test_app_outbox.py turns it on)."""
    app = create_app(
        settings, session_factory=session_factory, clock=clock, start_outbox=False, mailer=FakeMailer()
    )
    with TestClient(app, raise_server_exceptions=False) as test_client:
        test_client.headers.update(AUTH)
        yield test_client


def latest_code(session_factory: SessionFactory, cipher: FieldCipher) -> str:
    """Read the code the way a user would: from the last verification email."""
    with session_scope(session_factory) as session:
        row = session.execute(
            select(OutboxMessage)
            .where(OutboxMessage.template == "verification_code")
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        ).scalar_one()
        match = re.search(r"\b(\d{6})\b", cipher.decrypt(row.text_enc))
        assert match is not None
        return match.group(1)


def verified_token(
    client: TestClient, session_factory: SessionFactory, cipher: FieldCipher, email: str = EMAIL
) -> str:
    """Run the verification flow over HTTP and return the token."""
    started = client.post("/api/verifications", json={"purpose": "file_request", "email": email})
    assert started.status_code == 201, started.text
    code = latest_code(session_factory, cipher)
    checked = client.post(f"/api/verifications/{started.json()['challenge_id']}/check", json={"code": code})
    assert checked.status_code == 200, checked.text
    return str(checked.json()["verification_token"])


def ticket_body(token: str, **overrides: Any) -> dict[str, Any]:
    """A valid filing body."""
    body = {
        "type": "access",
        "scenario": "recruitment",
        "name": "李四",
        "email": EMAIL,
        "phone": "13900001111",
        "details": "我想查阅我的简历信息",
        "channel": "socketio",
        "conversation_id": "abc",
        "verification_token": token,
    }
    body.update(overrides)
    return body
