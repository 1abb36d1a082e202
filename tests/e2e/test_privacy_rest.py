"""What the assistant keeps of a request, end to end on the REST channel (real stack, SMTP sink).

A person answers each question as asked (the name on its own, as people type it); afterwards the
raw bytes of the tracker database hold none of the name, email or phone they typed.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.support.services import Stack, mail_text

pytestmark = pytest.mark.slow
CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
TICKET_ID = re.compile(r"DSR-[0-9A-Z]{6}")


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(str(message.get("text", "")) for message in messages)


def forms_of(value: str) -> list[bytes]:
    """UTF-8 and the \\uXXXX escapes of Rasa's json.dumps: either would be the value in clear."""
    return [value.encode(), json.dumps(value).strip('"').encode()]


def file_deletion(stack: Stack, sender: str, name: str, email: str, phone: str) -> str:
    """Answers the form question by question and confirms; returns the ticket id."""
    reply = texts(stack.say(sender, "你好，我想删除我的简历"))
    for _ in range(8):
        if "验证成功" in reply:
            break
        if "请提供您的电子邮箱" in reply:
            reply = texts(stack.say(sender, email))
        elif "请问您的姓名" in reply:
            reply = texts(stack.say(sender, name))
        elif "手机号" in reply:
            reply = texts(stack.say(sender, phone))
        elif "6 位验证码" in reply:
            message = stack.wait_for_mail(email, count=1)[-1]
            found = CODE.search(mail_text(message))
            assert found, "no code in the verification mail"
            reply = texts(stack.say(sender, found.group(0)))
        elif "删除哪些信息" in reply:
            reply = texts(stack.say(sender, "我的简历和面试记录"))
        else:
            raise AssertionError(f"unexpected question: {reply}")
    assert "验证成功" in reply, reply
    filed = texts(stack.say(sender, "对的，提交吧"))
    match = TICKET_ID.search(filed)
    assert match, filed
    return match.group(0)


def tracker_file(stack: Stack) -> Path:
    return stack.var_dir / "tracker.db"


def test_tracker_database_bytes_hold_no_contact_data_after_a_request(stack: Stack) -> None:
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    name, email, phone = "司马青云", f"sima.{uuid.uuid4().hex[:6]}@example.com", "13912345678"
    ticket_id = file_deletion(stack, sender, name, email, phone)
    assert stack.api("GET", f"/api/tickets/{ticket_id}").json()["email"] == email

    dump = tracker_file(stack).read_bytes()
    wal = tracker_file(stack).with_name("tracker.db-wal")
    if wal.exists():
        dump += wal.read_bytes()
    assert sender.encode() in dump  # the conversation is there
    for value in (name, email, phone):
        assert not any(form in dump for form in forms_of(value)), f"{value!r} stored in clear"
