"""Starts the real services on free loopback ports for end-to-end tests.

It goes through the same launcher as `make run` (`python -m bot.launch <service>`), so these tests
also prove the launcher, with a var/ of their own and fixed test secrets.
"""

from __future__ import annotations

import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import httpx

from bot.readiness import Service as Probe

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "current.tar.gz"
SERVICE_ORDER = ("smtp", "backend", "actions", "rasa")
START_TIMEOUT_S = {"smtp": 30, "backend": 60, "actions": 90, "rasa": 240}
TEST_RASA_TOKEN = "test-rasa-token"
TEST_DSR_API_TOKEN = "test-dsr-api-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_model() -> Path:
    """Train through make (which skips when nothing changed) so tests use what `make run` uses."""
    subprocess.run(["make", "-s", "train"], cwd=ROOT, check=True)
    return MODEL


@dataclass
class Stack:
    """The assistant's processes for one test session; `env` is what each was started with."""

    var_dir: Path
    env: dict[str, str]
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @classmethod
    def create(cls, var_dir: Path, overrides: dict[str, str] | None = None) -> Stack:
        env = dict(os.environ)
        for name in ("SMTP_HOST", "SMTP_PORT", "DSR_DATABASE_URL", "TRACKER_DATABASE_URL", "REDIS_URL"):
            env.pop(name, None)
        env.update(
            VAR_DIR=str(var_dir),
            RASA_PORT=str(free_port()),
            ACTION_SERVER_PORT=str(free_port()),
            DSR_PORT=str(free_port()),
            DEV_SMTP_PORT=str(free_port()),
            RASA_TOKEN=TEST_RASA_TOKEN,
            DSR_API_TOKEN=TEST_DSR_API_TOKEN,
            DSR_API_URL="",
            RASA_TELEMETRY_ENABLED="false",
            TF_CPP_MIN_LOG_LEVEL="2",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
            PYTHONPATH=str(ROOT),
            # The harnesses play many scripted conversations quickly: edge limits are tested on their own.
            VERIFICATION_MAILS_PER_MINUTE="600",
            RATE_MESSAGES_PER_SENDER="600",
        )
        env["DSR_API_URL"] = f"http://127.0.0.1:{env['DSR_PORT']}"
        env.update(overrides or {})
        stack = cls(var_dir=var_dir, env=env)
        subprocess.run([sys.executable, "-m", "bot.launch", "prepare"], cwd=ROOT, env=env, check=True)
        return stack

    # --- processes
    def port(self, service: str) -> int:
        variable = {
            "smtp": "DEV_SMTP_PORT",
            "backend": "DSR_PORT",
            "actions": "ACTION_SERVER_PORT",
            "rasa": "RASA_PORT",
        }[service]
        return int(self.env[variable])

    def probe(self, service: str) -> Probe:
        path = {"smtp": None, "backend": "/health", "actions": "/health", "rasa": "/"}[service]
        return Probe(service, "127.0.0.1", self.port(service), path)

    def start(self, service: str) -> None:
        log = (self.var_dir / "logs" / f"{service}.log").open("ab")
        self.processes[service] = subprocess.Popen(
            [sys.executable, "-m", "bot.launch", service],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_ready(service)

    def wait_ready(self, service: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S[service]
        probe = self.probe(service)
        while time.monotonic() < deadline:
            if probe.answers():
                return
            process = self.processes.get(service)
            if process is not None and process.poll() is not None:
                break
            time.sleep(0.5)
        raise RuntimeError(f"{service} did not start; last log lines:\n{self.log_tail(service)}")

    def stop(self, service: str) -> None:
        process = self.processes.pop(service, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def start_all(self) -> None:
        for service in SERVICE_ORDER:
            self.start(service)

    def stop_all(self) -> None:
        for service in reversed(SERVICE_ORDER):
            self.stop(service)

    def log_tail(self, service: str, lines: int = 40) -> str:
        path = self.var_dir / "logs" / f"{service}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    # --- talking to it
    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.port('rasa')}"

    @property
    def backend_url(self) -> str:
        return f"http://127.0.0.1:{self.port('backend')}"

    @staticmethod
    def conversation(sender: str) -> str:
        """The conversation id a REST sender lands in (bot/conversations.py)."""
        return f"rest:{sender}"

    def say(self, sender: str, message: str, timeout: float = 30) -> list[dict[str, object]]:
        """One user turn on the REST channel (from loopback, so without a token); the bot's messages."""
        response = httpx.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=timeout,
        )
        response.raise_for_status()
        return list(response.json())

    def api(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        """A call to the DSR backend API with the test token."""
        headers = {"Authorization": f"Bearer {TEST_DSR_API_TOKEN}"}
        return httpx.request(method, f"{self.backend_url}{path}", headers=headers, timeout=30, **kwargs)

    # --- the mail sink
    @property
    def mail_dir(self) -> Path:
        return Path(self.env.get("MAIL_SINK_DIR") or self.var_dir / "mail")

    def mails(self, to: str | None = None) -> list[EmailMessage]:
        found = []
        for path in sorted(self.mail_dir.glob("*.eml"), key=lambda p: p.stat().st_mtime):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if to is None or to.lower() in str(message.get("To", "")).lower():
                found.append(message)
        return found

    def wait_for_mail(self, to: str, count: int = 1, timeout: float = 30) -> list[EmailMessage]:
        """Wait until `count` messages to `to` arrived (the outbox sends asynchronously)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.mails(to)
            if len(found) >= count:
                return found
            time.sleep(0.3)
        raise AssertionError(f"expected {count} mail(s) to {to}, got {len(self.mails(to))}")


def mail_text(message: EmailMessage) -> str:
    """The plain-text body of a received message."""
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""
