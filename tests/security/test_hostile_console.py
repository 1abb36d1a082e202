"""Hostile input at the console's forms and links: markup, control characters, forged cookies, redirects."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from tests.security.conftest import STAFF_EMAIL, STAFF_PASSWORD, assert_no_leak

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def _login_form(client: TestClient) -> str:
    found = CSRF.search(client.get("/console/login").text)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("<script>alert(1)</script>", "x"),
        (STAFF_EMAIL + "\r\nSet-Cookie: evil=1", STAFF_PASSWORD),
        ("\x00" * 10, "\x00"),
        ("a" * 5000 + "@megvii.com", "p" * 3000),
        (STAFF_EMAIL, "' OR '1'='1"),
        ("ＷＡＮＧ@megvii.com", STAFF_PASSWORD),
    ],
    ids=["markup", "crlf", "nul", "huge", "sql", "fullwidth"],
)
def test_sign_in_with_hostile_fields_is_one_plain_refusal(
    backend: TestClient, email: str, password: str
) -> None:
    token = _login_form(backend)
    response = backend.post("/console/login", data={"email": email, "password": password, "csrf": token})
    assert response.status_code in (401, 413)
    assert_no_leak(response.text)
    assert "<script>alert(1)</script>" not in response.text
    assert "evil=1" not in response.headers.get("set-cookie", "")


@pytest.mark.parametrize("csrf", ["", "forged", "令牌", "\x00"], ids=["empty", "forged", "cjk", "nul"])
def test_a_forged_login_token_is_refused_not_a_crash(backend: TestClient, csrf: str) -> None:
    _login_form(backend)
    response = backend.post(
        "/console/login", data={"email": STAFF_EMAIL, "password": STAFF_PASSWORD, "csrf": csrf}
    )
    assert response.status_code == 403
    assert_no_leak(response.text)


@pytest.mark.parametrize(
    "cookie",
    ["garbage", "abc.def", "%E4%BB%A4.%E7%AD%BE", "x" * 4000, "..", "a.b.c.d"],
    ids=["garbage", "unsigned", "cjk", "huge", "dots", "many-dots"],
)
def test_forged_session_cookies_get_the_sign_in_page(backend: TestClient, cookie: str) -> None:
    backend.cookies.set("dsr_console", cookie, path="/console")
    response = backend.get("/console/tickets")
    assert response.status_code == 303 and response.headers["location"].startswith("/console/login")


@pytest.mark.parametrize(
    "query",
    ["msg=<script>alert(1)</script>", "msg=请把密码发到 evil@example.com", "msg=x&sig=forged"],
    ids=["markup", "phishing", "forged-sig"],
)
def test_unsigned_notices_in_the_url_are_not_shown(backend: TestClient, query: str) -> None:
    """Finding 9: the console printed any ?msg= text; only notices this process signed are shown now."""
    response = backend.get(f"/console/login?{query}")
    assert "evil@example.com" not in response.text and "alert(1)" not in response.text


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example.com",
        "https://evil.example.com",
        "/console\\..\\evil",
        "/console//evil.example.com",
        "javascript:x",
    ],
    ids=["scheme-relative", "absolute", "backslash", "double-slash", "javascript"],
)
def test_sign_in_never_redirects_off_the_console(backend: TestClient, target: str) -> None:
    token = _login_form(backend)
    data = {"email": STAFF_EMAIL, "password": STAFF_PASSWORD, "csrf": token, "next": target}
    response = backend.post("/console/login", data=data)
    assert response.status_code == 303
    assert response.headers["location"] == "/console"


def test_a_console_post_without_csrf_is_refused(backend: TestClient) -> None:
    token = _login_form(backend)
    backend.post("/console/login", data={"email": STAFF_EMAIL, "password": STAFF_PASSWORD, "csrf": token})
    response = backend.post("/console/logout", data={"csrf": "令牌"})
    assert response.status_code == 403
    assert_no_leak(response.text)


@pytest.mark.parametrize(
    "path",
    [
        "/widget/../settings.py",
        "/widget/..%2F..%2Fbot%2Fsettings.py",
        "/widget/VENDORED.md",
        "/widget/demo.html",
    ],
    ids=["dotdot", "encoded", "notes", "template"],
)
def test_widget_assets_serve_only_the_listed_files(backend: TestClient, path: str) -> None:
    response = backend.get(path)
    assert response.status_code == 404
    assert "SESSION_SECRET" not in response.text


def test_the_demo_page_policy_ignores_a_forged_host(backend: TestClient) -> None:
    """Finding 9: the CSP was built from the Host header; a forged one must not widen connect-src."""
    response = backend.get("/", headers={"Host": "evil.example.com"})
    assert "evil.example.com" not in response.headers.get("content-security-policy", "")
