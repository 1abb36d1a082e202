"""The backend app with a fake Rasa, staff of every role, and helpers to sign in through the form."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.handoff import service as handoffs
from bot.handoff.desk import HelpDesk
from bot.handoff.views import HandoffView
from bot.mail.mailer import FakeMailer
from bot.settings import Settings
from bot.staff import service as staff
from bot.web.app import create_app
from tests.support.clock import FrozenClock
from tests.support.fake_rasa import FakeRasa
from tests.support.passwords import fast_password_hashing

__all__ = ["fast_password_hashing"]
TOKEN = "test-dsr-api-token"
PASSWORD = "long enough password"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
ACCOUNTS = {
    "admin": "boss@megvii.com",
    "agent": "wang@megvii.com",
    "agent2": "li@megvii.com",
    "trainer": "xue@megvii.com",
}
NAMES = {"admin": "老板", "agent": "小王", "agent2": "小李", "trainer": "小薛"}


def console_settings(tmp_path: Path, **extra: str) -> Settings:
    return Settings.from_env(
        {
            "VAR_DIR": str(tmp_path / "var"),
            "TRAINING_DATA_DIR": str(tmp_path / "data"),  # never the repository's data/
            "DSR_API_TOKEN": TOKEN,
            "DSR_ENCRYPTION_KEY": "test-encryption-key",
            "SESSION_SECRET": "test-session-secret",
            **extra,
        }
    )


@pytest.fixture
def rasa() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def staff_ids(session_factory: SessionFactory, clock: FrozenClock) -> dict[str, int]:
    ids = {}
    with session_scope(session_factory) as session:
        for key, email in ACCOUNTS.items():
            role = "agent" if key.startswith("agent") else key
            ids[key] = staff.create_staff(
                session=session,
                email=email,
                password=PASSWORD,
                role=role,
                now=clock(),
                display_name=NAMES[key],
            ).id
    return ids


@pytest.fixture
def console_env() -> dict[str, str]:
    """Extra settings for the app under test; a test module overrides this fixture to change them."""
    return {}


@pytest.fixture
def make_client(
    tmp_path: Path,
    session_factory: SessionFactory,
    clock: FrozenClock,
    rasa: FakeRasa,
    staff_ids: dict[str, int],
    console_env: dict[str, str],
) -> Iterator[Callable[..., TestClient]]:
    """New browser-like clients on one app (each with its own cookie jar)."""
    app = create_app(
        console_settings(tmp_path, **console_env),
        session_factory=session_factory,
        clock=clock,
        start_outbox=False,
        mailer=FakeMailer(),
    )
    state = app.state.console
    app.state.console = dataclasses.replace(state, desk=dataclasses.replace(state.desk, rasa=rasa))
    clients: list[TestClient] = []

    def make() -> TestClient:
        client = TestClient(app, raise_server_exceptions=True, follow_redirects=False)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def anonymous(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


def sign_in(client: TestClient, who: str, password: str = PASSWORD) -> str:
    """Sign in through the login form; returns the session's CSRF token (from the next page)."""
    page = client.get("/console/login")
    token = CSRF.search(page.text)
    assert token is not None
    response = client.post(
        "/console/login", data={"email": ACCOUNTS[who], "password": password, "csrf": token.group(1)}
    )
    assert response.status_code == 303, response.text
    return csrf_of(client)


def csrf_of(client: TestClient) -> str:
    """Every signed-in page carries the session's token in its sign-out form."""
    found = CSRF.search(client.get("/console", follow_redirects=True).text)
    assert found is not None
    return found.group(1)


@pytest.fixture
def signed_in(make_client: Callable[..., TestClient]) -> Callable[[str], tuple[TestClient, str]]:
    def login(who: str) -> tuple[TestClient, str]:
        client = make_client()
        return client, sign_in(client, who)

    return login


@pytest.fixture
def open_handoff(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock, rasa: FakeRasa
) -> Callable[..., HandoffView]:
    def make(
        conversation_id: str = "conv-1",
        channel: str = "socketio",
        reason: str = "asked",
        topic: str | None = None,
        first_message: str | None = None,
    ) -> HandoffView:
        rasa.user_says(conversation_id, "我要转人工")
        with session_scope(session_factory) as session:
            view, _ = handoffs.request_handoff(
                session=session,
                cipher=cipher,
                conversation_id=conversation_id,
                channel=channel,
                reason=reason,
                now=clock(),
                topic=topic,
                first_message=first_message,
            )
        return view

    return make


def desk_of(client: TestClient) -> HelpDesk:
    desk: HelpDesk = client.app.state.console.desk  # type: ignore[attr-defined]
    return desk
