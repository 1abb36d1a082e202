"""Embedded development SMTP server: every received message becomes one .eml file in a directory."""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from bot.settings import LOOPBACK, Settings


class MaildirHandler:
    """aiosmtpd handler that writes each message atomically (temp file, then rename)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """Store the raw bytes as received; a reader never sees a half-written file."""
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        temporary = self.directory / f".{name}.tmp"
        content = envelope.original_content or envelope.content
        temporary.write_bytes(content if isinstance(content, bytes) else content.encode())
        temporary.replace(self.directory / name)
        return "250 Message accepted for delivery"


def start_sink(directory: Path, host: str, port: int) -> Controller:
    """Start the server in its own thread and return the controller (call .stop() to end it)."""
    controller = Controller(MaildirHandler(directory), hostname=host, port=port)
    controller.start()
    return controller


def main() -> None:
    """`python -m bot.mail.sink`: serve on loopback (it is internal) until SIGINT/SIGTERM."""
    settings = Settings.from_env(os.environ)
    controller = start_sink(settings.mail_sink_dir, LOOPBACK, settings.dev_smtp_port)
    print(
        f"SMTP sink on {LOOPBACK}:{settings.dev_smtp_port}, writing to {settings.mail_sink_dir}",
        flush=True,
    )
    stopped = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopped.set())
    stopped.wait()
    controller.stop()


if __name__ == "__main__":
    main()
