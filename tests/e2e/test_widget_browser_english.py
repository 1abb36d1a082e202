"""The widget's language switch in headless chromium against the real stack (#19): the labels turn English,
the assistant is asked to follow and does, a request started afterwards is prompted in English, and an
account closure and an access request are filed end to end in English (code read from the mail sink,
English receipt).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_bilingual_rest import ANSWERS
from tests.e2e.test_widget_browser import CODE, REPLY_MS, TICKET_ID, bot_messages, wait_reply
from tests.support.browser import chromium, skip_module_without_chromium
from tests.support.services import Stack, mail_text

pytestmark = [pytest.mark.slow, pytest.mark.browser]
HAN = re.compile(r"[\u3400-\u9fff]")

skip_module_without_chromium()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser, stack: Stack) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN")
    opened = context.new_page()
    opened.goto(f"{stack.backend_url}/")
    yield opened
    context.close()


def test_the_switch_turns_the_widget_and_the_assistant_to_english(page: Page) -> None:
    page.get_by_role("button", name="打开隐私助手对话").click()
    expect(page.locator(".mpw-bot .mpw-bubble").first).to_contain_text("旷视隐私助手", timeout=REPLY_MS)
    before = bot_messages(page)
    page.get_by_role("button", name="Switch to English").click()
    expect(page.locator(".mpw-title")).to_have_text("Megvii Privacy Assistant")
    expect(page.locator(".mpw-user .mpw-bubble").last).to_have_text("please answer in English")
    answer = wait_reply(page, before, re.compile(r"[A-Za-z]{3,}"))
    assert not HAN.search(answer), answer

    before = bot_messages(page)
    box = page.get_by_label("Your question")
    box.fill("我想查阅我的个人信息")  # Chinese typed after the switch: the answer stays English
    box.press("Enter")
    prompt = wait_reply(page, before, "In what context")
    assert not HAN.search(prompt), prompt
    expect(page.get_by_role("button", name="中文")).to_be_visible()


def last_reply(page: Page, before: int) -> str:
    """The bot's text since `before`, once at least one new message is shown."""
    replies = page.locator(".mpw-bot .mpw-bubble")
    expect(replies.nth(before)).to_be_visible(timeout=REPLY_MS)
    page.wait_for_timeout(500)  # a turn may carry two messages
    return "\n".join(replies.all_inner_texts()[before:])


@pytest.mark.parametrize(
    ("opening", "kind"),
    [
        ("Hi, I'm Alice Smith. Please close my support account", "account_closure"),
        ("I'd like a copy of the personal data you keep about me", "access"),
    ],
)
def test_an_english_request_is_filed_in_the_widget(page: Page, stack: Stack, opening: str, kind: str) -> None:
    page.get_by_role("button", name="打开隐私助手对话").click()
    expect(page.locator(".mpw-bot .mpw-bubble").first).to_contain_text("旷视隐私助手", timeout=REPLY_MS)
    before = bot_messages(page)
    page.get_by_role("button", name="Switch to English").click()
    wait_reply(page, before, re.compile(r"[A-Za-z]{3,}"))

    email = f"alice.{uuid.uuid4().hex[:6]}@example.com"
    answers = {**ANSWERS, "email address": email, "In what context": "the after-sales support site"}
    box = page.get_by_label("Your question")
    before = bot_messages(page)
    box.fill(opening)
    box.press("Enter")
    reply = last_reply(page, before)
    for _ in range(12):
        if TICKET_ID.search(reply):
            break
        assert not HAN.search(reply), reply
        before = bot_messages(page)
        if "Please check your request" in reply:
            page.get_by_role("button", name="Confirm and file").last.click()
        else:
            if "6-digit code" in reply:
                found = CODE.search(mail_text(stack.wait_for_mail(email, count=1)[-1]))
                assert found, "no 6-digit code in the verification mail"
                answer = found.group(0)
            else:
                answer = next(text for key, text in answers.items() if key in reply)
            box.fill(answer)
            box.press("Enter")
        reply = last_reply(page, before)
    filed = TICKET_ID.search(reply)
    assert filed, reply
    ticket = stack.api("GET", f"/api/tickets/{filed.group(0)}").json()
    assert (ticket["type"], ticket["language"], ticket["email"]) == (kind, "en", email)
    receipt = stack.wait_for_mail(email, count=2)[-1]
    assert receipt["Subject"] == f"[Megvii Privacy Protection] We have received your request {ticket['id']}"
    assert not HAN.search(mail_text(receipt))
