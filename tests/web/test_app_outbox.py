"""The app's lifespan runs the outbox sender: a filed ticket's email reaches a real SMTP server."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
from pathlib import Path

import httpx

from bot.mail.sink import start_sink
from bot.settings import Settings
from bot.web.app import create_app
from tests.support.clock import china
from tests.web.conftest import AUTH, TOKEN


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _wait_for_mail(maildir: Path, count: int, timeout: float = 10.0) -> list[Path]:
    """The sink writes files from its own thread; poll the directory until they are there."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        files = sorted(maildir.glob("*.eml"))
        if len(files) >= count:
            return files
        await asyncio.sleep(0.02)
    raise AssertionError(f"expected {count} messages in {maildir}")


async def test_lifespan_sender_delivers_the_verification_code(tmp_path: Path, session_factory) -> None:
    """Start verification over HTTP; the background task sends the code through SMTP into the sink."""
    port, maildir = _free_port(), tmp_path / "mail"
    settings = Settings.from_env(
        {
            "VAR_DIR": str(tmp_path / "var"),
            "DSR_API_TOKEN": TOKEN,
            "DSR_ENCRYPTION_KEY": "k",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(port),
            "MAIL_POLL_MS": "50",
            "MAIL_RETRY_BASE_MS": "20",
        }
    )
    controller = start_sink(maildir, "127.0.0.1", port)
    app = create_app(settings, session_factory=session_factory, clock=lambda: china(2026, 3, 2))
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://dsr", headers=AUTH) as client:
                response = await client.post(
                    "/api/verifications", json={"purpose": "file_request", "email": "wang@example.com"}
                )
                assert response.status_code == 201
                [path] = await _wait_for_mail(maildir, 1)
    finally:
        controller.stop()
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"] == "wang@example.com" and "验证码" in str(message["Subject"])
