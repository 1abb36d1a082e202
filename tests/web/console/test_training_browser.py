"""The trainer's review page in headless Debian chromium: sign in, refresh, pick a label, file it.

Fast (no model, no Rasa): the backend app under uvicorn with a prepared tracker store and a temp data dir.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import uvicorn
from playwright.async_api import Browser, expect
from sqlalchemy import create_engine

from bot.db import SessionFactory
from bot.mail.mailer import FakeMailer
from bot.web.app import create_app
from tests.support.browser import async_chromium, skip_module_without_chromium
from tests.support.clock import FrozenClock
from tests.support.nlu_data import write_data_dir
from tests.support.tracker_store import fill_tracker_store, user_event
from tests.web.console.conftest import ACCOUNTS, PASSWORD, console_settings

pytestmark = pytest.mark.browser
EMAIL = "zhang.wei@example.com"

skip_module_without_chromium()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_chromium() as launched:
        yield launched


@pytest.fixture
async def console_url(
    tmp_path: Path, session_factory: SessionFactory, clock: FrozenClock, staff_ids: dict[str, int]
) -> AsyncIterator[str]:
    tracker = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}", future=True)
    deletion = [("nlu_fallback", 0.41), ("request_deletion", 0.38)]
    fill_tracker_store(
        tracker, [("user", user_event(f"我的邮箱是{EMAIL}，帮我删数据", "nlu_fallback", 0.41, deletion))]
    )
    tracker.dispose()
    settings = console_settings(
        tmp_path,
        TRACKER_DATABASE_URL=f"sqlite:///{tmp_path / 'tracker.db'}",
        TRAINING_DATA_DIR=str(write_data_dir(tmp_path / "data")),
    )
    app = create_app(
        settings, session_factory=session_factory, clock=clock, start_outbox=False, mailer=FakeMailer()
    )
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", ws="none")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("uvicorn stopped before it started")
        await asyncio.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task


async def test_trainer_labels_a_group_and_files_it(
    browser: Browser, console_url: str, tmp_path: Path
) -> None:
    page = await browser.new_page()
    page.set_default_timeout(15_000)
    await page.goto(f"{console_url}/console/login")
    await page.fill("input[name=email]", ACCOUNTS["trainer"])
    await page.fill("input[name=password]", PASSWORD)
    await page.click("button[type=submit]")
    await page.get_by_role("link", name="训练").click()
    await page.click("#refresh")
    group = page.locator("section.review-group", has_text="帮我删数据")
    await expect(group).to_contain_text("我的邮箱是[邮箱]，帮我删数据")
    assert EMAIL not in await page.content()
    await group.locator("select").select_option("request_deletion")
    await page.click("#apply")
    await expect(page.locator("#summary")).to_contain_text("新增 1 条")
    await expect(page.locator("#next-step")).to_contain_text("make train")
    requests = (tmp_path / "data" / "nlu" / "requests.yml").read_text(encoding="utf-8")
    assert "    - 我的邮箱是zhangsan@example.com，帮我删数据\n" in requests
