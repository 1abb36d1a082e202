"""English end to end on the REST channel: requests filed in English get English prompts and English mail,
and a conversation switches language when asked and stays switched (#19).

Real Rasa, action server, backend and SMTP sink; codes are read from the received mail as a person would.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from tests.support.services import Stack, mail_text

pytestmark = pytest.mark.slow
CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
TICKET_ID = re.compile(r"DSR-[0-9A-Z]{6}")
HAN = re.compile(r"[\u3400-\u9fff]")


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(str(message.get("text", "")) for message in messages)


def english(reply: str) -> str:
    """The reply, checked to be English (masked addresses and ids are Latin too)."""
    assert reply and not HAN.search(reply), reply
    return reply


def file_in_english(stack: Stack, sender: str, email: str, opening: str, answers: dict[str, str]) -> str:
    """Answer each English prompt as a person would until the request is filed; returns the filing reply."""
    reply = english(texts(stack.say(sender, opening)))
    for _ in range(12):
        if "has been filed" in reply:
            return reply
        if "6-digit code" in reply:
            [code_mail] = stack.wait_for_mail(email, count=1)
            assert code_mail["Subject"] == "[Megvii Privacy Protection] Your verification code"
            code = CODE.search(mail_text(code_mail))
            assert code, mail_text(code_mail)
            answer = code.group(0)
        elif "Please check your request" in reply:
            answer = "yes, confirm"
        else:
            answer = next((typed for prompt, typed in answers.items() if prompt in reply), "")
            assert answer, f"no scripted answer for: {reply}"
        reply = english(texts(stack.say(sender, answer)))
    raise AssertionError(f"not filed after 12 turns: {reply}")


def check_english_ticket(stack: Stack, email: str, filed: str, kind: str) -> None:
    found = TICKET_ID.search(filed)
    assert found, filed
    ticket = stack.api("GET", f"/api/tickets/{found.group(0)}").json()
    assert (ticket["type"], ticket["language"], ticket["email"]) == (kind, "en", email)
    receipt = stack.wait_for_mail(email, count=2)[-1]
    assert receipt["Subject"] == f"[Megvii Privacy Protection] We have received your request {ticket['id']}"
    body = mail_text(receipt)
    assert body.startswith("Dear Alice Smith") and not HAN.search(body)


ANSWERS = {
    "In what context": "I applied for a job at Megvii",
    "What is your name": "Alice Smith",
    "email address": "",  # filled per test
    "leave a mainland China mobile number": "skip",
    "Would you still like me to file": "yes please",
    "Which information would you like to see": "my CV and my application records",
    "user name or registered mobile number": "my user name is alice_smith",
}


def test_an_english_access_request_is_filed_with_english_prompts_and_mail(stack: Stack) -> None:
    sender, email = f"en-{uuid.uuid4().hex[:8]}", f"alice.{uuid.uuid4().hex[:6]}@example.com"
    answers = {**ANSWERS, "email address": email}
    filed = file_in_english(
        stack, sender, email, "I would like to see the personal data you hold about me", answers
    )
    assert "access to my personal information" in filed.lower() or "Access" in filed
    check_english_ticket(stack, email, filed, "access")


def test_an_english_account_closure_is_filed_with_english_prompts_and_mail(stack: Stack) -> None:
    sender, email = f"en-{uuid.uuid4().hex[:8]}", f"alice.{uuid.uuid4().hex[:6]}@example.com"
    answers = {**ANSWERS, "email address": email, "In what context": "after-sales support"}
    filed = file_in_english(stack, sender, email, "Please close my account", answers)
    assert "Account closure" in filed
    check_english_ticket(stack, email, filed, "account_closure")


def test_a_conversation_switches_language_when_asked_and_stays_switched(stack: Stack) -> None:
    sender = f"mix-{uuid.uuid4().hex[:8]}"
    assert "旷视隐私助手" in texts(stack.say(sender, "你好"))
    switched = english(texts(stack.say(sender, "please answer in English")))
    assert switched
    # Chinese typed after the switch is still answered in English: the person asked for it.
    assert "Which kind" in english(texts(stack.say(sender, "我想提交个人信息申请")))
    assert english(texts(stack.say(sender, "取消")))
    back = texts(stack.say(sender, "说中文"))
    assert HAN.search(back), back
    assert HAN.search(texts(stack.say(sender, "thanks"))), "a Chinese preference outlasts an English message"


def test_the_widget_s_first_guess_opens_in_english(stack: Stack) -> None:
    sender = f"guess-{uuid.uuid4().hex[:8]}"
    welcome = english(texts(stack.say(sender, '/greet{"language":"en"}')))
    assert welcome.startswith("Hello! I'm Megvii's privacy assistant")
