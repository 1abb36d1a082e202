"""What the assistant keeps of a request, end to end on the REST channel (real stack, SMTP sink).

A person answers each question as asked (the name on its own, as people type it); afterwards the
raw bytes of the tracker database hold none of the name, email or phone they typed.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from bot.crypto import FieldCipher
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
    reply = texts(stack.say(sender, "我想删除我的简历"))
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
    # What the services created under var/ is owner-only (make run's umask 077).
    for path in (stack.var_dir, stack.var_dir / "mail", tracker_file(stack), stack.var_dir / "dsr.db"):
        assert path.stat().st_mode & 0o077 == 0, f"{path.name} is readable by others"
    assert all(mail.stat().st_mode & 0o077 == 0 for mail in stack.mail_dir.glob("*.eml"))


def dsr_rows(stack: Stack) -> tuple[list[str], list[str]]:
    """(outbox recipients, challenge contact hashes) read straight from the backend's database."""
    cipher = FieldCipher((stack.var_dir / "secrets" / "DSR_ENCRYPTION_KEY").read_text().strip())
    db = sqlite3.connect(stack.var_dir / "dsr.db")
    try:
        recipients = [cipher.decrypt(row[0]) for row in db.execute("SELECT to_enc FROM outbox")]
        hashes = [row[0] for row in db.execute("SELECT contact_hash FROM verification_challenges")]
    finally:
        db.close()
    return recipients, hashes


def tracker_senders(stack: Stack) -> set[str]:
    db = sqlite3.connect(tracker_file(stack))
    try:
        return {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}
    finally:
        db.close()


def test_completed_deletion_erases_the_conversation_mail_and_codes_but_not_others(stack: Stack) -> None:
    sender, email = f"e2e-{uuid.uuid4().hex[:8]}", f"ouyang.{uuid.uuid4().hex[:6]}@example.com"
    other, other_email = f"e2e-{uuid.uuid4().hex[:8]}", f"li.{uuid.uuid4().hex[:6]}@example.com"
    ticket_id = file_deletion(stack, sender, "欧阳明", email, "13722223333")
    # Someone else is half-way through their own request: conversation, code mail, challenge.
    assert "手机" in texts(stack.say(other, f"我叫李雷，邮箱 {other_email}，删除我的简历"))
    stack.say(other, "跳过")
    stack.wait_for_mail(other_email, count=1)
    stack.wait_for_mail(email, count=2)  # code and confirmation arrived

    for status in ("in_progress", "completed"):
        body = {"to": status, "note": "已处理"}
        moved = stack.api("POST", f"/api/tickets/{ticket_id}/transitions", json=body)
        assert moved.status_code == 200, moved.text

    deadline = time.monotonic() + 90  # the completion mail goes out, then the worker erases (15 s rounds)
    history: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        history = stack.api("GET", f"/api/tickets/{ticket_id}").json()["history"]
        if history[-1].get("reason") == "erased":
            break
        time.sleep(1)
    assert history[-1].get("reason") == "erased", history[-1]
    assert "对话记录" in (history[-1].get("note") or "")

    ticket = stack.api("GET", f"/api/tickets/{ticket_id}").json()
    assert ticket["status"] == "completed" and ticket["email"] == email  # the legal record stays
    senders = tracker_senders(stack)
    assert stack.conversation(sender) not in senders and stack.conversation(other) in senders
    assert stack.mails(email) == [] and len(stack.mails(other_email)) == 1
    recipients, hashes = dsr_rows(stack)
    cipher = FieldCipher((stack.var_dir / "secrets" / "DSR_ENCRYPTION_KEY").read_text().strip())
    assert email not in recipients and other_email in recipients
    assert cipher.email_hash(email) not in hashes and cipher.email_hash(other_email) in hashes
    pending = stack.var_dir / "intake" / "pending.db"
    if pending.exists():
        db = sqlite3.connect(pending)
        try:
            query = "SELECT COUNT(*) FROM pending_request WHERE ticket_id = ?"
            assert db.execute(query, (ticket_id,)).fetchone()[0] == 0
        finally:
            db.close()


def test_withdrawing_before_filing_leaves_no_conversation_code_or_mail(stack: Stack) -> None:
    sender, email = f"e2e-{uuid.uuid4().hex[:8]}", f"zhuge.{uuid.uuid4().hex[:6]}@example.com"
    assert "手机" in texts(stack.say(sender, f"我叫诸葛亮，邮箱 {email}，删除我的简历"))
    assert "验证码" in texts(stack.say(sender, "跳过"))
    stack.wait_for_mail(email, count=1)
    assert "没有提交任何申请" in texts(stack.say(sender, "算了，不弄了"))

    assert stack.conversation(sender) not in tracker_senders(stack)
    assert stack.mails(email) == []
    recipients, hashes = dsr_rows(stack)
    cipher = FieldCipher((stack.var_dir / "secrets" / "DSR_ENCRYPTION_KEY").read_text().strip())
    assert email not in recipients and cipher.email_hash(email) not in hashes
    # The next message simply starts a new conversation.
    assert texts(stack.say(sender, "你好"))


def test_a_message_in_traditional_characters_is_understood_and_stored_masked(stack: Stack) -> None:
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    email = f"chan.{uuid.uuid4().hex[:6]}@example.com"
    reply = texts(stack.say(sender, f"你好，我叫陳嘉欣，電郵 {email}，請刪除我在售後平台的個人資料"))
    assert "删除个人信息的申请" in reply, reply  # read as a deletion request, with its opening note

    dump = tracker_file(stack).read_bytes()
    wal = tracker_file(stack).with_name("tracker.db-wal")
    if wal.exists():
        dump += wal.read_bytes()
    assert sender.encode() in dump
    for value in ("陳嘉欣", "陈嘉欣", email):
        assert not any(form in dump for form in forms_of(value)), f"{value!r} stored in clear"
