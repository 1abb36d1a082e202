"""A deletion request end to end on the REST channel: real Rasa, action server, backend and SMTP sink.

The code is read from the received .eml, exactly as a person would read it; the ticket is then checked
in the backend and the confirmation in the mailbox. The second test stops the backend mid-flow.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import pytest

from tests.support.services import Stack, mail_text

pytestmark = pytest.mark.slow
CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
TICKET_ID = re.compile(r"DSR-[0-9A-Z]{6}")


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(str(message.get("text", "")) for message in messages)


def code_from_mail(stack: Stack, email: str, count: int) -> str:
    message = stack.wait_for_mail(email, count=count)[-1]
    found = CODE.search(mail_text(message))
    assert found, "no 6-digit code in the verification mail"
    return found.group(0)


def verified_deletion(stack: Stack, sender: str, email: str) -> str:
    """Runs the form up to the summary; returns the summary text."""
    opening = texts(stack.say(sender, f"我叫吴婷，邮箱 {email}，删除我的简历"))
    assert "手机" in opening, opening  # name, email, type, scenario and details were all taken
    asked = texts(stack.say(sender, "跳过"))
    assert "验证码" in asked
    code = code_from_mail(stack, email, count=1)
    assert code not in asked
    summary = texts(stack.say(sender, code))
    assert "验证成功" in summary and "请确认" in summary and code not in summary
    return summary


def tickets_for(stack: Stack, email: str) -> list[dict[str, Any]]:
    response = stack.api("GET", "/api/tickets", params={"email": email})
    assert response.status_code == 200
    body = response.json()
    return list(body["tickets"] if isinstance(body, dict) else body)


def test_deletion_request_is_verified_filed_and_confirmed(stack: Stack) -> None:
    sender, email = f"e2e-{uuid.uuid4().hex[:8]}", f"wu.{uuid.uuid4().hex[:6]}@example.com"
    summary = verified_deletion(stack, sender, email)
    assert "删除个人信息" in summary and "应聘" in summary

    filed = texts(stack.say(sender, "/affirm"))
    match = TICKET_ID.search(filed)
    assert match, filed
    ticket_id = match.group(0)
    assert "答复期限" in filed

    ticket = stack.api("GET", f"/api/tickets/{ticket_id}").json()
    assert (ticket["type"], ticket["scenario"], ticket["status"]) == ("deletion", "recruitment", "received")
    assert (
        ticket["email"] == email
        and ticket["conversation_id"] == stack.conversation(sender)
        and ticket["verified_at"]
    )

    confirmation = stack.wait_for_mail(email, count=2)[-1]
    assert ticket_id in mail_text(confirmation) or ticket_id in str(confirmation["Subject"])
    assert [t["id"] for t in tickets_for(stack, email)] == [ticket_id]


def test_request_made_while_backend_is_down_is_filed_once_it_returns(stack: Stack) -> None:
    sender, email = f"e2e-{uuid.uuid4().hex[:8]}", f"down.{uuid.uuid4().hex[:6]}@example.com"
    verified_deletion(stack, sender, email)

    stack.stop("backend")
    try:
        kept = texts(stack.say(sender, "/affirm"))
        assert "已安全保存" in kept and not TICKET_ID.search(kept)
    finally:
        stack.start("backend")

    deadline = time.monotonic() + 120  # the action server retries every PENDING_RETRY_SECONDS (30 s default)
    found: list[dict[str, Any]] = []
    while time.monotonic() < deadline and not found:
        found = tickets_for(stack, email)
        time.sleep(1)
    assert len(found) == 1, "the kept request was not filed after the backend came back"
    ticket_id = found[0]["id"]
    confirmation = stack.wait_for_mail(email, count=2, timeout=60)[-1]
    assert ticket_id in mail_text(confirmation) or ticket_id in str(confirmation["Subject"])

    time.sleep(3)  # one more retry round must not file it again
    assert len(tickets_for(stack, email)) == 1
