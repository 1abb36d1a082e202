"""Helpers for end-to-end tests that act as a staff member: create the account, sign in, act."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import httpx

from tests.support.services import ROOT, Stack

AGENT_EMAIL = "agent.e2e@megvii.com"
AGENT_PASSWORD = "e2e agent password"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def create_admin(stack: Stack, email: str = AGENT_EMAIL, password: str = AGENT_PASSWORD) -> None:
    """Through the documented command, against the stack's own database (exit 1 = already there)."""
    result = subprocess.run(
        [sys.executable, "-m", "bot.staff", "create-admin", email],
        cwd=ROOT,
        env={**stack.env, "STAFF_ADMIN_PASSWORD": password},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode in (0, 1), result.stderr


class Agent:
    """A signed-in console session over HTTP, like a browser without JavaScript."""

    def __init__(self, stack: Stack, email: str = AGENT_EMAIL, password: str = AGENT_PASSWORD) -> None:
        self.stack = stack
        self.http = httpx.Client(base_url=stack.backend_url, follow_redirects=False, timeout=30)
        page = self.http.get("/console/login")
        token = CSRF.search(page.text)
        assert token is not None, page.text[:300]
        response = self.http.post(
            "/console/login", data={"email": email, "password": password, "csrf": token.group(1)}
        )
        assert response.status_code == 303, response.text[:300]
        found = CSRF.search(self.http.get("/console/handoffs").text)
        assert found is not None
        self.csrf = found.group(1)

    def page(self, path: str) -> str:
        response = self.http.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response.text

    def post(self, path: str, **data: str) -> httpx.Response:
        response = self.http.post(path, data={"csrf": self.csrf, **data})
        assert response.status_code == 303, (path, response.status_code, response.text[:300])
        return response

    def wait_for_handoff(self, conversation_id: str, timeout: float = 30) -> str:
        """The handoff id once the conversation is in the inbox."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.stack.api("GET", f"/api/handoffs/{conversation_id}").json()
            if state.get("handoff_id") and state["handoff_id"] in self.page("/console/handoffs"):
                return str(state["handoff_id"])
            time.sleep(0.3)
        raise AssertionError(f"no handoff for {conversation_id} in the inbox")

    def close(self) -> None:
        """Sign out (so later tests see no agent online), then drop the connection."""
        self.http.post("/console/logout", data={"csrf": self.csrf})
        self.http.close()


def tracker(stack: Stack, conversation_id: str) -> dict[str, object]:
    response = httpx.get(
        f"{stack.rasa_url}/conversations/{conversation_id}/tracker",
        params={"token": stack.env["RASA_TOKEN"]},
        timeout=30,
    )
    response.raise_for_status()
    return dict(response.json())
