"""make run-cluster end to end: a widget conversation in Chromium through nginx, replies from either Rasa.

The visitor's socket lives on one Rasa server (nginx pins it there); an agent message is emitted by each
Rasa server in turn, so one of them is necessarily the other server, and both must reach the widget
(python-socketio's AsyncRedisManager). Ctrl-C then stops every process of the cluster.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.handoff.rasa_api import HttpRasaApi
from tests.support.browser import chromium, skip_module_without_chromium
from tests.support.cluster import Cluster, missing_for_cluster
from tests.support.services import ensure_model

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.cluster]
TIMEOUT_MS = 60_000
SESSION_CONFIRM = re.compile(r'"session_confirm",\s*"([^"]+)"')

skip_module_without_chromium()
_missing = missing_for_cluster(dict(os.environ))
if _missing:
    pytest.skip(_missing, allow_module_level=True)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    ensure_model()
    running = Cluster.create(tmp_path_factory.mktemp("cluster"), dict(os.environ))
    try:
        running.start()
        yield running
    finally:
        running.stop()


def test_agent_messages_from_both_rasa_servers_reach_the_widget(cluster: Cluster, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with chromium() as browser:
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        frames: list[str] = []  # socket.io frames the widget receives: its session_confirm names the session
        page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: frames.append(str(frame))))
        page.goto(f"{cluster.url}/")
        page.click(".mpw-launcher")
        log = page.locator(".mpw-log")
        page.fill("#mpw-input", "你好")
        page.press("#mpw-input", "Enter")
        expect(log).to_contain_text("隐私助手")  # the assistant's answer, through nginx and a Rasa server
        confirmed = [m.group(1) for f in frames for m in [SESSION_CONFIRM.search(f)] if m]
        assert confirmed, f"no session_confirm among {len(frames)} websocket frames"
        conversation = "web:" + confirmed[-1].split(".")[0]
        token = cluster.secret("RASA_TOKEN")
        for number, port in enumerate(cluster.topology.rasa_ports, start=1):
            api = HttpRasaApi(f"http://127.0.0.1:{port}", token)
            # Playwright's sync API runs a loop in this thread: the async client gets a thread of its own.
            with ThreadPoolExecutor(1) as pool:
                pool.submit(asyncio.run, api.say(conversation, f"来自第{number}台服务器的同事消息")).result()
        for number in range(1, len(cluster.topology.rasa_ports) + 1):
            expect(log).to_contain_text(f"来自第{number}台服务器的同事消息")
        page.screenshot(path=str(tmp_path / "cluster-widget.png"))


def test_ctrl_c_stops_every_process(cluster: Cluster) -> None:
    assert cluster.answers("/health") and cluster.answers("/webhooks/rest/")
    cluster.stop()
    assert cluster.process is not None and cluster.process.returncode is not None
    assert not cluster.answers("/health")
    for port in (
        *cluster.topology.rasa_ports,
        *cluster.topology.backend_ports,
        *cluster.topology.action_ports,
    ):
        import socket

        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still answers"
