"""widget.js in headless Debian chromium against the real socket.io channel and a scripted agent.

Fast (no model): rendering, quick replies, XSS, reload with the same session, reconnection after the
server goes away, the handoff header, and Enter during IME composition. The full conversation with the
real assistant is tests/e2e/test_widget_browser.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
import uvicorn
from playwright.async_api import Browser, Page, expect
from starlette.applications import Starlette

from bot.channels.socketio import SessionSocketIOInput
from bot.session_tokens import SessionSigner
from bot.settings import Settings
from bot.web import widget_routes
from tests.bot.channels.conftest import free_port
from tests.support.browser import async_chromium, skip_module_without_chromium

if TYPE_CHECKING:
    from tests.bot.channels.conftest import RunningChannel

pytestmark = pytest.mark.browser
Site = tuple[str, "RunningChannel"]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
TYPING_TOKEN = "widget-typing-token"

skip_module_without_chromium()

SIGNER = SessionSigner("widget-browser-test-secret")


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_chromium() as launched:
        yield launched


@pytest.fixture
async def site(
    serve_channel: Callable[..., Awaitable[RunningChannel]], tmp_path: Path
) -> AsyncIterator[tuple[str, RunningChannel]]:
    """The demo page (uvicorn) pointing at a socket.io channel (Sanic) on another port."""
    running = await serve_channel(
        SessionSocketIOInput(
            session_persistence=True, max_message_chars=200, signer=SIGNER, api_token=TYPING_TOKEN
        )
    )
    app = Starlette(routes=widget_routes.routes)
    rasa_port = running.url.rsplit(":", 1)[1]
    app.state.settings = Settings.from_env({"VAR_DIR": str(tmp_path), "RASA_PORT": rasa_port})
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", ws="none")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()  # raises why it could not start
            raise RuntimeError("uvicorn stopped before it started")
        await asyncio.sleep(0.05)
    yield f"http://127.0.0.1:{port}/", running
    server.should_exit = True
    await task


async def open_chat(page: Page, url: str) -> None:
    await page.goto(url)
    await page.get_by_role("button", name="打开隐私助手对话").click()
    await expect(page.locator(".mpw-bot .mpw-bubble").first).to_have_text("您好！")


async def say(page: Page, text: str) -> None:
    box = page.get_by_label("输入您的问题")
    await box.fill(text)
    await box.press("Enter")


async def test_greeting_buttons_and_markup_shown_as_text(browser: Browser, site: Site) -> None:
    url, running = site
    page = await browser.new_page()
    await open_chat(page, url)
    await expect(page.get_by_label("输入您的问题")).to_be_focused()
    await page.get_by_role("button", name="删除信息").click()
    await expect(page.locator(".mpw-bot .mpw-bubble").last).to_have_text("收到：/request_deletion")
    await expect(page.locator(".mpw-user .mpw-bubble").last).to_have_text("删除信息")

    attack = "<img src=x onerror=alert(1)> 详见 https://www.megvii.com/privacy"
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    await say(page, attack)
    reply = page.locator(".mpw-bot .mpw-bubble").last
    await expect(reply).to_have_text("收到：" + attack)
    assert await page.locator(".mpw-log img").count() == 0 and dialogs == []
    await expect(reply.get_by_role("link")).to_have_attribute("href", "https://www.megvii.com/privacy")
    assert [m.text for m in running.agent.received][-1] == attack


async def test_reload_keeps_history_and_session(browser: Browser, site: Site) -> None:
    url, running = site
    page = await browser.new_page()
    await open_chat(page, url)
    await say(page, "第一条")
    await expect(page.locator(".mpw-bot .mpw-bubble").last).to_have_text("收到：第一条")
    await page.reload()
    await expect(page.locator(".mpw-user .mpw-bubble")).to_have_text(["第一条"])
    await say(page, "第二条")
    await expect(page.locator(".mpw-bot .mpw-bubble").last).to_have_text("收到：第二条")
    senders = {m.sender_id for m in running.agent.received}
    assert len(senders) == 1
    assert [m.text for m in running.agent.received] == ['/greet{"language":"zh"}', "第一条", "第二条"]


async def test_reconnects_with_the_same_session_after_the_server_goes_away(
    browser: Browser, site: Site, serve_channel: Callable[..., Awaitable[RunningChannel]]
) -> None:
    url, running = site
    page = await browser.new_page()
    await open_chat(page, url)
    await running.stop()
    await expect(page.get_by_role("status").filter(has_text="网络已断开")).to_be_visible()
    await say(page, "断线时发送")  # queued while offline, sent once the session is confirmed again
    restarted = await serve_channel(
        SessionSocketIOInput(session_persistence=True, signer=SIGNER), port=running.port
    )
    await expect(page.locator(".mpw-bot .mpw-bubble").last).to_have_text("收到：断线时发送", timeout=15000)
    await expect(page.get_by_role("status").filter(has_text="网络已断开")).to_be_hidden()
    assert restarted.agent.received[0].sender_id == running.agent.received[0].sender_id


async def test_handoff_payload_switches_the_header(browser: Browser, site: Site) -> None:
    url, _ = site
    page = await browser.new_page()
    await open_chat(page, url)
    await say(page, "handoff")
    await expect(page.locator(".mpw-title")).to_have_text("人工客服已接入")
    await page.reload()
    await expect(page.locator(".mpw-title")).to_have_text("人工客服已接入")


async def agent_typing(running: RunningChannel, session_id: str, typing: bool) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{running.url}/webhooks/socketio/typing",
            json={"conversation_id": session_id, "typing": typing},
            params={"token": TYPING_TOKEN},
        )
    response.raise_for_status()


async def test_handoff_states_header_quick_replies_and_typing(browser: Browser, site: Site) -> None:
    url, running = site
    page = await browser.new_page()
    await open_chat(page, url)
    reply, typing = page.locator(".mpw-reply").first, page.locator(".mpw-typing")
    await expect(reply).to_be_enabled()
    await say(page, "waiting")
    await expect(page.locator(".mpw-title")).to_have_text("正在转接人工客服")
    await expect(reply).to_be_disabled()
    await say(page, "还在吗")
    assert await typing.is_hidden()  # checked at once: in bot mode the dots show as Enter is pressed
    await say(page, "joined")
    await expect(page.locator(".mpw-title")).to_have_text("客服 小李")
    session_id = running.agent.received[-1].sender_id
    await agent_typing(running, session_id, True)
    await expect(typing).to_be_visible()
    await agent_typing(running, session_id, False)
    await expect(typing).to_be_hidden()
    await say(page, "left")
    await expect(page.locator(".mpw-title")).to_have_text("旷视隐私助手")
    await expect(reply).to_be_enabled()
    assert await page.locator(".mpw-system").count() == 0  # the text announces; no second note


async def test_enter_during_ime_composition_does_not_send(browser: Browser, site: Site) -> None:
    url, running = site
    page = await browser.new_page()
    await open_chat(page, url)
    box = page.get_by_label("输入您的问题")
    await box.fill("shan")
    await box.dispatch_event("compositionstart")
    await box.press("Enter")
    await box.dispatch_event("compositionend")
    await box.evaluate(
        "el => el.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', keyCode: 229, bubbles: true}))"
    )
    assert (await box.input_value()).startswith("shan")  # the IME, not the widget, owns this Enter
    assert await page.locator(".mpw-user").count() == 0
    assert [m.text for m in running.agent.received] == ['/greet{"language":"zh"}']


async def test_phone_width_panel_fills_the_screen(browser: Browser, site: Site) -> None:
    url, _ = site
    page = await browser.new_page(viewport={"width": 375, "height": 667}, is_mobile=True)
    await open_chat(page, url)
    box = await page.locator(".mpw-panel").bounding_box()
    assert box is not None and box["width"] == 375
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "widget-phone.png"))
    await page.keyboard.press("Escape")
    await expect(page.get_by_role("button", name="打开隐私助手对话")).to_be_focused()


async def test_privacy_notice_links_the_policy_and_history_lives_in_session_storage(
    browser: Browser, site: Site
) -> None:
    url, _ = site
    context = await browser.new_context()
    page = await context.new_page()
    await page.goto(url)
    await page.get_by_role("button", name="打开隐私助手对话").click()
    notice = page.locator(".mpw-privacy")
    await expect(notice).to_contain_text("联系方式保存时会遮盖或加密")
    await expect(notice.get_by_role("link", name="隐私政策")).to_have_attribute("href", "/#privacy")
    await expect(page.locator(".mpw-bot .mpw-bubble").first).to_have_text("您好！")
    await say(page, "我的邮箱 a@example.com")
    await expect(page.locator(".mpw-bot .mpw-bubble").last).to_have_text("收到：我的邮箱 a@example.com")
    stored = await page.evaluate("[localStorage.length, JSON.stringify(Object.values(sessionStorage))]")
    assert stored[0] == 0 and "a@example.com" in stored[1]
    # A new tab of the same browser (a closed and reopened browser alike) starts with nothing.
    fresh = await context.new_page()
    await fresh.goto(url)
    kept = await fresh.evaluate("[localStorage.length, JSON.stringify(Object.values(sessionStorage))]")
    assert kept[0] == 0 and "a@example.com" not in kept[1]
    await context.close()
