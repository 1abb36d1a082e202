"""Finding 5: the optional TOTP second factor at the console sign-in (and required for admins when set)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.mail.mailer import FakeMailer
from bot.staff import totp
from bot.staff.second_factor import enable_totp
from bot.web.app import create_app
from tests.support.clock import FrozenClock
from tests.web.console.conftest import ACCOUNTS, CSRF, PASSWORD, console_settings


def login(client: TestClient, who: str, otp: str = "") -> int:
    token = CSRF.search(client.get("/console/login").text)
    assert token is not None
    data = {"email": ACCOUNTS[who], "password": PASSWORD, "csrf": token.group(1), "otp": otp}
    return client.post("/console/login", data=data).status_code


@pytest.fixture
def enrolled(session_factory: SessionFactory, staff_ids: dict[str, int]) -> str:
    with session_scope(session_factory) as session:
        return enable_totp(
            session=session, cipher=FieldCipher("test-encryption-key"), email=ACCOUNTS["admin"]
        )


def test_an_enrolled_account_needs_its_code(
    make_client: Callable[[], TestClient], enrolled: str, clock: FrozenClock
) -> None:
    code = totp.totp(enrolled, clock().timestamp())
    assert login(make_client(), "admin") == 401
    assert login(make_client(), "admin", "000000" if code != "000000" else "111111") == 401
    assert login(make_client(), "admin", code) == 303


def test_a_code_works_only_once(
    make_client: Callable[[], TestClient], enrolled: str, clock: FrozenClock
) -> None:
    code = totp.totp(enrolled, clock().timestamp())
    assert login(make_client(), "admin", code) == 303
    assert login(make_client(), "admin", code) == 401  # replayed


def test_accounts_without_a_second_factor_sign_in_as_before(make_client: Callable[[], TestClient]) -> None:
    assert login(make_client(), "agent") == 303


@pytest.fixture
def strict_client(
    tmp_path: Path, session_factory: SessionFactory, clock: FrozenClock, staff_ids: dict[str, int]
) -> Iterator[Callable[[], TestClient]]:
    app = create_app(
        console_settings(tmp_path, STAFF_TOTP_REQUIRED_FOR_ADMINS="true"),
        session_factory=session_factory,
        clock=clock,
        start_outbox=False,
        mailer=FakeMailer(),
    )
    clients: list[TestClient] = []

    def make() -> TestClient:
        clients.append(TestClient(app, follow_redirects=False))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


def test_admins_without_a_second_factor_are_refused_when_required(
    strict_client: Callable[[], TestClient],
) -> None:
    assert login(strict_client(), "admin") == 401
    assert login(strict_client(), "agent") == 303
