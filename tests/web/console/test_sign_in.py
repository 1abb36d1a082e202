"""Signing in and out: cookie flags, login CSRF, lock-out, revocation, tampering, no open redirect."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from starlette.testclient import TestClient

from bot.db import SessionFactory, session_scope
from bot.mail.mailer import FakeMailer
from bot.staff.models import StaffAccount
from bot.web.app import create_app
from tests.support.clock import FrozenClock
from tests.web.console.conftest import ACCOUNTS, CSRF, PASSWORD, console_settings, sign_in


def login_post(client: TestClient, who: str, password: str, next_: str = "") -> object:
    token = CSRF.search(client.get("/console/login").text)
    assert token is not None
    return client.post(
        "/console/login",
        data={"email": ACCOUNTS[who], "password": password, "csrf": token.group(1), "next": next_},
    )


def test_session_cookie_is_httponly_samesite_and_path_scoped(anonymous: TestClient) -> None:
    response = login_post(anonymous, "agent", PASSWORD)
    cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and "dsr_console=" in v)
    lowered = cookie.lower()
    assert "httponly" in lowered and "samesite=strict" in lowered and "path=/console" in lowered
    assert "secure" not in lowered  # SECURE_COOKIES is off in this test


def test_secure_flag_follows_the_setting(
    tmp_path: Path, session_factory: SessionFactory, clock: FrozenClock, staff_ids: dict[str, int]
) -> None:
    app = create_app(
        console_settings(tmp_path, SECURE_COOKIES="true"),
        session_factory=session_factory,
        clock=clock,
        start_outbox=False,
        mailer=FakeMailer(),
    )
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        response = login_post(client, "agent", PASSWORD)
    assert "; secure" in response.headers["set-cookie"].lower()


def test_login_without_the_form_token_is_refused(anonymous: TestClient) -> None:
    response = anonymous.post("/console/login", data={"email": ACCOUNTS["agent"], "password": PASSWORD})
    assert response.status_code == 403
    assert "dsr_console=" not in response.headers.get("set-cookie", "")


def test_wrong_password_says_so_without_naming_the_cause(anonymous: TestClient) -> None:
    response = login_post(anonymous, "agent", "wrong password!!")
    assert response.status_code == 401
    assert "邮箱或密码不正确" in response.text


def _message(response: object) -> tuple[int, str]:
    """Status and the page's error text (the form's fresh token differs on every page)."""
    found = re.search(r'class="error"[^>]*>([^<]*)<', response.text)  # type: ignore[attr-defined]
    return response.status_code, found.group(1) if found else ""  # type: ignore[attr-defined]


def test_unknown_wrong_and_locked_get_one_identical_answer(
    make_client: Callable[[], TestClient], session_factory: SessionFactory, staff_ids: dict[str, int]
) -> None:
    """Finding 5: nothing tells a guesser whether an account exists or is locked."""
    with session_scope(session_factory) as session:
        account = session.get(StaffAccount, staff_ids["agent2"])
        assert account is not None
        account.locked_until = datetime(2099, 1, 1, tzinfo=timezone.utc)
    wrong = _message(login_post(make_client(), "agent", "wrong password!!"))
    unknown_client = make_client()
    token = CSRF.search(unknown_client.get("/console/login").text)
    assert token is not None
    unknown = _message(
        unknown_client.post(
            "/console/login",
            data={"email": "nobody@megvii.com", "password": "x" * 12, "csrf": token.group(1)},
        )
    )
    locked = _message(login_post(make_client(), "agent2", PASSWORD))
    assert wrong == unknown == locked
    assert wrong[0] == 401 and "邮箱或密码不正确" in wrong[1]


def test_repeated_failures_back_off_instead_of_locking(anonymous: TestClient) -> None:
    """After three free tries the same address waits, even with the right password; the answer is the same."""
    answers = [_message(login_post(anonymous, "agent", "wrong password!!")) for _ in range(3)]
    throttled = _message(login_post(anonymous, "agent", PASSWORD))
    assert throttled == answers[0]


def test_a_guesser_elsewhere_cannot_lock_the_agent_out(
    make_client: Callable[[], TestClient], tmp_path: Path, session_factory: SessionFactory, clock: FrozenClock
) -> None:
    guesser = make_client()
    for _ in range(12):
        login_post(guesser, "agent", "wrong password!!")
    app = guesser.app
    with TestClient(app, client=("198.51.100.7", 4000), follow_redirects=False) as agent:
        assert login_post(agent, "agent", PASSWORD).status_code == 303


def test_sign_out_revokes_the_session_even_for_a_copied_cookie(make_client: Callable[[], TestClient]) -> None:
    client = make_client()
    csrf = sign_in(client, "agent")
    stolen = client.cookies.get("dsr_console")
    assert client.post("/console/logout", data={"csrf": csrf}).status_code == 303
    thief = make_client()
    thief.cookies.set("dsr_console", stolen or "", path="/console")
    assert thief.get("/console/tickets").status_code == 303


def test_tampered_cookie_is_ignored(make_client: Callable[[], TestClient]) -> None:
    client = make_client()
    sign_in(client, "agent")
    value = client.cookies.get("dsr_console") or ""
    token, _, mac = value.rpartition(".")
    forged = ("x" if token[0] != "x" else "y") + token[1:] + "." + mac  # another token, the old signature
    client.cookies.clear()
    client.cookies.set("dsr_console", forged, path="/console")
    assert client.get("/console/tickets").status_code == 303


def test_next_only_leads_into_the_console(make_client: Callable[[], TestClient]) -> None:
    inside = login_post(make_client(), "agent", PASSWORD, next_="/console/handoffs")
    assert inside.headers["location"] == "/console/handoffs"  # type: ignore[attr-defined]
    other = login_post(make_client(), "agent", PASSWORD, next_="https://evil.example/")
    assert other.headers["location"] == "/console"  # type: ignore[attr-defined]


def test_trainer_lands_on_the_home_page(signed_in: Callable[[str], tuple[TestClient, str]]) -> None:
    client, _ = signed_in("trainer")
    page = client.get("/console")
    assert page.status_code == 200 and "训练师" in page.text and "请求队列</a>" not in page.text
