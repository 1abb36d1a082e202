"""The website widget in headless Debian chromium against the real stack: greeting, a full deletion
request (code read from the mail sink), the ticket id, a reload that keeps the conversation, and
markup typed by the user shown as text. A screenshot is kept under test-artifacts/.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import chromium, skip_module_without_chromium
from tests.support.services import Stack, mail_text

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
TICKET_ID = re.compile(r"DSR-[0-9A-Z]{6}")
REPLY_MS = 60_000  # Rasa on two busy cores

skip_module_without_chromium()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser, stack: Stack) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN")
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.goto(f"{stack.backend_url}/")
    yield opened
    assert dialogs == [], f"the page opened a dialog: {dialogs}"
    context.close()


def bot_messages(page: Page) -> int:
    return page.locator(".mpw-bot").count()


def say(page: Page, text: str, expect_text: str | re.Pattern[str]) -> str:
    """Type like a person, wait for a new bot message containing `expect_text`, return the reply text."""
    before = bot_messages(page)
    box = page.get_by_label("输入您的问题")
    box.fill(text)
    box.press("Enter")
    return wait_reply(page, before, expect_text)


def wait_reply(page: Page, before: int, expect_text: str | re.Pattern[str]) -> str:
    replies = page.locator(".mpw-bot .mpw-bubble")
    expect(replies.nth(before)).to_be_visible(timeout=REPLY_MS)
    expect(replies.filter(has_text=expect_text).last).to_be_visible(timeout=REPLY_MS)
    return "\n".join(replies.all_inner_texts()[before:])


def test_deletion_request_in_the_widget_survives_reload(page: Page, stack: Stack) -> None:
    page.get_by_role("button", name="打开隐私助手对话").click()
    expect(page.locator(".mpw-title")).to_have_text("旷视隐私助手")
    expect(page.locator(".mpw-bot .mpw-bubble").first).to_contain_text("旷视隐私助手", timeout=REPLY_MS)
    expect(page.get_by_role("button", name="提交个人信息申请")).to_be_visible()
    say(page, "你好", "隐私助手")

    email = f"widget.{uuid.uuid4().hex[:6]}@example.com"
    say(page, f"我叫吴婷，邮箱 {email}，删除我的简历", "手机")
    asked = say(page, "跳过", "验证码")
    code_mail = stack.wait_for_mail(email, count=1)[-1]
    found = CODE.search(mail_text(code_mail))
    assert found, "no 6-digit code in the verification mail"
    assert found.group(0) not in asked
    say(page, found.group(0), "请确认")

    before = bot_messages(page)
    page.get_by_role("button", name="确认提交").last.click()
    filed = wait_reply(page, before, TICKET_ID)
    ticket = TICKET_ID.search(filed)
    assert ticket, filed
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".mpw-panel").screenshot(path=str(ARTIFACTS / "widget-ticket.png"))

    page.reload()
    expect(page.locator(".mpw-panel")).to_be_visible()
    expect(page.locator(".mpw-bot .mpw-bubble").filter(has_text=ticket.group(0))).to_have_count(1)
    say(page, "谢谢", re.compile("不客气|帮您|还有"))

    attack = "<img src=x onerror=alert(1)>"
    before = bot_messages(page)
    box = page.get_by_label("输入您的问题")
    box.fill(attack)
    box.press("Enter")
    expect(page.locator(".mpw-user .mpw-bubble").last).to_have_text(attack)
    expect(page.locator(".mpw-bot").nth(before)).to_be_visible(timeout=REPLY_MS)  # and the bot still answers
    assert page.locator(".mpw-log img").count() == 0
    page.locator(".mpw-panel").screenshot(path=str(ARTIFACTS / "widget-after-reload.png"))
