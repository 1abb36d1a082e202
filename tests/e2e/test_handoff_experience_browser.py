"""Handoff as the visitor and the agent see it, in Chromium against the real stack.

Covers the agent's display name reaching the visitor (never the sign-in name), one announcement
per transition, the widget header in each state, typing shown only while the agent types, the
assistant's quick replies disabled during a handoff, the console's alert on a new waiting
conversation, canned replies in one click, and routing to a topic queue. Screenshots of the
widget and the console in each state go to var/test-artifacts/handoff/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from bot.handoff.texts import ENDED, WAITING
from tests.support.browser import chromium, skip_module_without_chromium
from tests.support.console import AGENT_EMAIL, AGENT_PASSWORD, create_admin
from tests.support.services import ROOT, Stack

pytestmark = [pytest.mark.slow, pytest.mark.browser]
TIMEOUT_MS = 60_000  # Rasa on two busy cores
ARTIFACTS = ROOT / "var" / "test-artifacts" / "handoff"
DISPLAY_NAME = "小李"

skip_module_without_chromium()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def shot(page: Page, name: str) -> None:
    """Console pages whole (forms and records are below the fold); the widget as the visitor sees it."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page="/console" in page.url)


@pytest.fixture
def agent(browser: Browser, stack: Stack) -> Iterator[Page]:
    """The e2e admin, signed in, with display name 小李 and the complaint queue; signed out afterwards."""
    create_admin(stack)
    context = browser.new_context(locale="zh-CN", timezone_id="UTC")  # a UTC browser: times stay China time
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{stack.backend_url}/console/login")
    page.fill("input[name=email]", AGENT_EMAIL)
    page.fill("input[name=password]", AGENT_PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{stack.backend_url}/console/profile")
    page.fill("#display-name", DISPLAY_NAME)
    page.check("input[name=queues][value=complaint]")
    page.click("#profile button[type=submit]")
    expect(page.locator(".flash")).to_have_text("已保存。")
    try:
        yield page
    finally:
        page.goto(f"{stack.backend_url}/console/handoffs")
        page.click("form[action='/console/logout'] button")
        context.close()


@pytest.fixture
def visitors(browser: Browser) -> Iterator[list[BrowserContext]]:
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


def visitor(browser: Browser, stack: Stack, opened: list[BrowserContext]) -> Page:
    """A person on the demo page with the widget open and the welcome (with its quick replies) shown."""
    context = browser.new_context(locale="zh-CN")
    opened.append(context)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{stack.backend_url}/")
    page.click(".mpw-launcher")
    expect(page.locator(".mpw-reply").first).to_be_enabled()
    return page


def say(page: Page, text: str) -> None:
    page.fill("#mpw-input", text)
    page.press("#mpw-input", "Enter")


def test_visitor_and_agent_through_one_handoff(
    stack: Stack, browser: Browser, agent: Page, visitors: list[BrowserContext]
) -> None:
    agent.goto(f"{stack.backend_url}/console/handoffs")
    expect(agent.locator("#live-state")).to_have_text("实时")
    user = visitor(browser, stack, visitors)
    log, typing = user.locator(".mpw-log"), user.locator(".mpw-typing")
    shot(user, "01-widget-assistant")

    say(user, "我想找人工客服聊聊")
    expect(log).to_contain_text(WAITING)
    expect(user.locator("#mpw-title")).to_have_text("正在转接人工客服")
    replies = user.locator(".mpw-reply")
    for index in range(replies.count()):
        expect(replies.nth(index)).to_be_disabled()  # the assistant's quick replies mean nothing now

    # The agent's inbox alerts: the tab title and a sound.
    expect(agent).to_have_title(re.compile("新的人工会话"))
    expect(agent.locator("html")).to_have_attribute("data-handoff-alerts", "1")
    assert agent.locator("html").get_attribute("data-alert-sound") in ("running", "suspended")
    shot(user, "02-widget-waiting")
    shot(agent, "02-console-inbox-alert")

    # While waiting, nobody types: the widget shows no typing after the person writes.
    say(user, "我的简历好像被公开了")
    row = agent.locator("#inbox tbody tr").first
    expect(row.locator(".preview")).to_contain_text("我的简历好像被公开了")
    expect(row.locator(".topic")).to_have_text("其他")  # no request, policy question or complaint
    expect(typing).to_be_hidden()

    row.locator("a", has_text="查看").click()
    agent.click("#take")
    expect(agent.locator("#handoff-state")).to_have_text("处理中")
    expect(user.locator("#mpw-title")).to_have_text(f"客服 {DISPLAY_NAME}")
    expect(log).to_contain_text(f"您好，我是客服 {DISPLAY_NAME}，已接入对话")
    assert log.get_by_text("已接入").count() == 1  # one announcement, no extra note
    assert user.locator(".mpw-system").count() == 0
    assert AGENT_EMAIL.split("@")[0] not in user.locator("body").inner_text()
    shot(user, "03-widget-agent")

    # Typing shows only while the agent types, and goes once they stop.
    expect(typing).to_be_hidden()
    agent.locator("#reply-text").press_sequentially("请稍", delay=80)
    expect(typing).to_be_visible()
    shot(user, "04-widget-agent-typing")
    expect(typing).to_be_hidden()  # 3 s without a key: the console says "stopped"
    agent.fill("#reply-text", "")

    # A canned reply in one click, then sent.
    agent.locator("button.canned-reply", has_text="问候").click()
    expect(agent.locator("#reply-text")).to_have_value("您好，很高兴为您服务，请问有什么可以帮您？")
    agent.click("#reply-form button[type=submit]")
    expect(log).to_contain_text("您好，很高兴为您服务，请问有什么可以帮您？")
    expect(log.locator(".mpw-msg", has_text="很高兴为您服务").locator(".mpw-by")).to_have_text(
        f"客服 {DISPLAY_NAME}"
    )

    say(user, "谢谢，我想删除这份简历")
    expect(agent.locator("#transcript")).to_contain_text("谢谢，我想删除这份简历")
    expect(typing).to_be_hidden()  # the paused assistant does not "type" either
    times = agent.locator("#transcript time").all_inner_texts()
    assert times and all(len(t) == 16 and t[4] == "-" for t in times), times  # one format, server and live
    expect(agent.locator(".events")).to_contain_text(f"{DISPLAY_NAME} · 接入")
    shot(agent, "03-console-conversation")

    agent.click("#end")
    expect(log).to_contain_text(ENDED)
    expect(user.locator("#mpw-title")).to_have_text("旷视隐私助手")
    assert log.get_by_text("人工客服已结束").count() == 1
    assert (
        log.locator(".mpw-msg", has_text="人工客服已结束").locator(".mpw-by").count() == 0
    )  # the assistant's
    expect(user.locator(".mpw-reply").first).to_be_enabled()  # the assistant's buttons work again
    shot(user, "05-widget-back-to-assistant")
    shot(agent, "04-console-ended")


def test_complaint_goes_to_the_agents_queue_first(
    stack: Stack, browser: Browser, agent: Page, visitors: list[BrowserContext]
) -> None:
    agent.goto(f"{stack.backend_url}/console/handoffs")
    expect(agent.locator("#live-state")).to_have_text("实时")
    first = visitor(browser, stack, visitors)
    say(first, "帮我转人工")
    expect(first.locator(".mpw-log")).to_contain_text(WAITING)
    second = visitor(browser, stack, visitors)
    say(second, "我要投诉，你们处理太慢了 <b>三周</b>")
    expect(second.locator(".mpw-log")).to_contain_text(WAITING)

    rows = agent.locator("#inbox tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first.locator(".topic")).to_contain_text("投诉")
    expect(rows.first.locator(".topic")).to_contain_text("我的队列")  # waited less, shown first
    expect(rows.nth(1).locator(".topic")).to_have_text("其他")
    shot(agent, "05-console-queues")

    for remaining in (2, 1):  # any agent may close a waiting conversation
        agent.goto(f"{stack.backend_url}/console/handoffs")
        expect(rows).to_have_count(remaining)  # the list is current (the live inbox redraws it)
        agent.locator("#inbox tbody tr a", has_text="查看").first.click()
        expect(agent.locator("#handoff-state")).not_to_have_text("已结束")
        agent.click("#end")
        expect(agent.locator("#handoff-state")).to_have_text("已结束")
    agent.goto(f"{stack.backend_url}/console/handoffs")
    recent = agent.locator("#recent")
    expect(recent).to_contain_text("我要投诉，你们处理太慢了 <b>三周</b>")  # escaped, shown as typed
    assert recent.locator("b").count() == 0
    expect(recent.locator("tr", has_text="我要投诉")).to_contain_text("网站挂件")
    recent.locator("tr", has_text="我要投诉").locator("a", has_text="查看对话记录").click()
    expect(agent.locator("#transcript")).to_contain_text("我要投诉")
    shot(agent, "06-console-recent-transcript")
