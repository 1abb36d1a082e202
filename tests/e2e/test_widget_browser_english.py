"""The widget's language switch in headless chromium against the real stack (#19): the labels turn English,
the assistant is asked to follow and does, and a request started afterwards is prompted in English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_widget_browser import REPLY_MS, bot_messages, wait_reply
from tests.support.browser import chromium, skip_module_without_chromium
from tests.support.services import Stack

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
