"""Handoff end to end in Chromium: a person in the website widget, an agent in the console.

The person asks for a human; the agent (already signed in, in a second browser context) sees the
conversation arrive live, takes it and replies; the person sees the reply and the agent's display
name in the header; what the person writes appears live in the console; the agent ends the handoff and the
assistant answers again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.handoff.texts import ENDED, WAITING
from tests.support.browser import chromium, skip_module_without_chromium
from tests.support.console import AGENT_EMAIL, AGENT_PASSWORD, create_admin
from tests.support.services import Stack

pytestmark = [pytest.mark.slow, pytest.mark.browser]
TIMEOUT_MS = 30_000

skip_module_without_chromium()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


def test_widget_user_and_console_agent(stack: Stack, browser: object, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    create_admin(stack)
    agent_context = browser.new_context()  # type: ignore[attr-defined]
    user_context = browser.new_context()  # type: ignore[attr-defined]
    agent, user = agent_context.new_page(), user_context.new_page()
    agent.set_default_timeout(TIMEOUT_MS)
    user.set_default_timeout(TIMEOUT_MS)
    try:
        agent.goto(f"{stack.backend_url}/console/login")
        agent.fill("input[name=email]", AGENT_EMAIL)
        agent.fill("input[name=password]", AGENT_PASSWORD)
        agent.click("button[type=submit]")
        agent.goto(f"{stack.backend_url}/console/handoffs")
        expect(agent.locator("#live-state")).to_have_text("实时")

        user.goto(f"{stack.backend_url}/")
        user.click(".mpw-launcher")
        log = user.locator(".mpw-log")
        user.fill("#mpw-input", "转人工")
        user.press("#mpw-input", "Enter")
        expect(log).to_contain_text(WAITING)

        row = agent.locator("#inbox tbody tr", has_text="用户要求转人工")
        expect(row).to_have_count(1)  # arrived live, without a reload
        expect(row).to_contain_text("网站挂件")
        row.locator("a", has_text="查看").click()
        expect(agent.locator("#transcript")).to_contain_text("转人工")
        agent.click("#take")
        expect(agent.locator("#handoff-state")).to_have_text("处理中")
        expect(user.locator("#mpw-title")).to_have_text(re.compile(r"^客服 \S+"))  # the display name

        agent.fill("#reply-text", "您好，我是人工客服，请问需要什么帮助？")
        agent.click("#reply-form button[type=submit]")
        expect(log).to_contain_text("您好，我是人工客服，请问需要什么帮助？")

        user.fill("#mpw-input", "我想删除简历 <img src=x onerror=alert(1)>")
        user.press("#mpw-input", "Enter")
        expect(agent.locator("#transcript")).to_contain_text("我想删除简历 <img src=x onerror=alert(1)>")
        assert agent.locator("#transcript img").count() == 0

        agent.click("#end")
        expect(log).to_contain_text(ENDED)
        expect(user.locator("#mpw-title")).to_have_text("旷视隐私助手")
        before = log.locator("li").count()
        user.fill("#mpw-input", "你好")
        user.press("#mpw-input", "Enter")
        expect(log.locator("li").nth(before + 1)).to_contain_text(re.compile("隐私"))
    finally:
        user.screenshot(path=str(tmp_path / "handoff-widget.png"))
        agent.screenshot(path=str(tmp_path / "handoff-console.png"))
        # Sign out, so later tests in this session see no agent online.
        agent.goto(f"{stack.backend_url}/console/handoffs")
        agent.click("form[action='/console/logout'] button")
        agent_context.close()
        user_context.close()
