"""Every console page and handoff API refuses the anonymous and the wrong role; CSRF on every form."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from starlette.testclient import TestClient

from bot.handoff.views import HandoffView

H = "{handoff}"
T = "DSR-ABCDEF"
AGENT_PAGES = [
    ("GET", "/console/tickets"),
    ("GET", f"/console/tickets/{T}"),
    ("POST", f"/console/tickets/{T}/start"),
    ("POST", f"/console/tickets/{T}/ask"),
    ("POST", f"/console/tickets/{T}/complete"),
    ("POST", f"/console/tickets/{T}/reject"),
    ("GET", "/console/handoffs"),
    ("GET", "/console/handoffs/stream"),
    ("GET", f"/console/handoffs/{H}"),
    ("GET", f"/console/handoffs/{H}/stream"),
    ("POST", f"/console/handoffs/{H}/take"),
    ("POST", f"/console/handoffs/{H}/reply"),
    ("POST", f"/console/handoffs/{H}/note"),
    ("POST", f"/console/handoffs/{H}/end"),
    ("GET", f"/console/handoffs/{H}/ticket"),
    ("POST", f"/console/handoffs/{H}/ticket"),
    ("POST", f"/console/handoffs/{H}/link"),
]
ADMIN_PAGES = [
    ("GET", "/console/staff"),
    ("POST", "/console/staff"),
    ("POST", "/console/staff/1/unlock"),
    ("POST", "/console/staff/1/deactivate"),
    ("POST", "/console/staff/1/role"),
    ("POST", "/console/staff/1/password"),
]
SIGNED_IN_PAGES = [("GET", "/console"), ("POST", "/console/logout")]
API = [("POST", "/api/handoffs"), ("GET", "/api/handoffs/conv-1")]


def call(client: TestClient, method: str, path: str, handoff: HandoffView, **kwargs: object):  # type: ignore[no-untyped-def]
    url = path.replace(H, handoff.id)
    if method == "GET":
        return client.get(url)
    return client.post(url, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(("method", "path"), AGENT_PAGES + ADMIN_PAGES + SIGNED_IN_PAGES)
def test_anonymous_is_refused(
    anonymous: TestClient, open_handoff: Callable[..., HandoffView], method: str, path: str
) -> None:
    response = call(anonymous, method, path, open_handoff(), data={"text": "x", "note": "x"})
    if method == "GET" and not path.endswith("/stream"):
        assert response.status_code == 303
        assert response.headers["location"].startswith("/console/login?next=/console")
    else:
        assert response.status_code == 401
    assert "conv-1" not in response.text and "我要转人工" not in response.text


@pytest.mark.parametrize(("method", "path"), AGENT_PAGES + ADMIN_PAGES)
def test_trainer_is_refused(
    signed_in: Callable[[str], tuple[TestClient, str]],
    open_handoff: Callable[..., HandoffView],
    method: str,
    path: str,
) -> None:
    client, csrf = signed_in("trainer")
    response = call(client, method, path, open_handoff(), data={"csrf": csrf, "text": "x"})
    assert response.status_code == 403
    assert "无权" in response.text


@pytest.mark.parametrize(("method", "path"), ADMIN_PAGES)
def test_agent_is_refused_staff_management(
    signed_in: Callable[[str], tuple[TestClient, str]],
    open_handoff: Callable[..., HandoffView],
    method: str,
    path: str,
) -> None:
    client, csrf = signed_in("agent")
    response = call(client, method, path, open_handoff(), data={"csrf": csrf, "role": "admin"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("method", "path"),
    [p for p in AGENT_PAGES + ADMIN_PAGES if p[0] == "POST"] + [("POST", "/console/logout")],
)
def test_post_without_the_csrf_token_is_refused(
    signed_in: Callable[[str], tuple[TestClient, str]],
    open_handoff: Callable[..., HandoffView],
    method: str,
    path: str,
) -> None:
    client, _ = signed_in("admin")
    missing = call(client, method, path, open_handoff(), data={"text": "x"})
    wrong = call(client, method, path, open_handoff("conv-2"), data={"csrf": "forged", "text": "x"})
    assert (missing.status_code, wrong.status_code) == (403, 403)
    assert "CSRF" in missing.text


@pytest.mark.parametrize(("method", "path"), API)
def test_handoff_api_needs_the_bearer_token(anonymous: TestClient, method: str, path: str) -> None:
    response = anonymous.request(method, path, json={})
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"


def test_console_cookie_does_not_open_the_api(signed_in: Callable[[str], tuple[TestClient, str]]) -> None:
    client, _ = signed_in("admin")
    assert client.get("/api/handoffs/conv-1").status_code == 401


def test_pages_forbid_framing_and_inline_scripts(signed_in: Callable[[str], tuple[TestClient, str]]) -> None:
    client, _ = signed_in("agent")
    page = client.get("/console/tickets")
    assert page.headers["x-frame-options"] == "DENY"
    assert "script-src" not in page.headers["content-security-policy"]  # default-src 'self' covers scripts
    assert "<script>" not in page.text
