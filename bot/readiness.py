"""The `ready` line of `make run`: waits for every service, prints where to find it, then watches.

The supervisor shows each process's logs; this adds the one thing it cannot: whether each service
actually answers. A service that stops answering is reported by name.
"""

from __future__ import annotations

import os
import socket
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from bot.settings import LOOPBACK, Settings

START_TIMEOUT_S = 600
WATCH_INTERVAL_S = 10


@dataclass(frozen=True)
class Service:
    name: str
    host: str
    port: int
    health_path: str | None  # None: a plain TCP check (the SMTP server)

    def answers(self) -> bool:
        if self.health_path is None:
            try:
                with socket.create_connection((self.host, self.port), timeout=2):
                    return True
            except OSError:
                return False
        try:
            url = f"http://{self.host}:{self.port}{self.health_path}"
            with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 (loopback)
                return 200 <= response.status < 300
        except (urllib.error.URLError, OSError):
            return False


def services(settings: Settings) -> list[Service]:
    found = [
        Service("DSR backend", settings.host, settings.dsr_port, "/health"),
        Service("action server", LOOPBACK, settings.action_server_port, "/health"),
        Service("Rasa server", settings.host, settings.rasa_port, "/"),  # /status needs the token,
    ]
    if settings.uses_embedded_smtp:
        found.insert(0, Service("SMTP server (embedded)", LOOPBACK, settings.dev_smtp_port, None))
    return found


def banner(settings: Settings) -> str:
    web = settings.dsr_url
    secrets = settings.var_dir / "secrets"
    admin = (
        f"sign in as {settings.staff_admin_email} (STAFF_ADMIN_EMAIL / STAFF_ADMIN_PASSWORD)"
        if settings.staff_admin_email
        else "create the first admin: .venv/bin/python -m bot.staff create-admin EMAIL"
    )
    lines = [
        "",
        "旷视隐私助手 is up:",
        f"  website with chat widget   {web}/",
        f"  staff console              {web}/console   ({admin})",
        f"  DSR API                    {web}/api   (Bearer token in {secrets}/DSR_API_TOKEN)",
        f"  Rasa REST channel          {settings.rasa_url}/webhooks/rest/webhook",
        f"  Rasa HTTP API              {settings.rasa_url}   (token in {secrets}/RASA_TOKEN)",
    ]
    if settings.uses_embedded_smtp:
        lines.append(f"  mail (embedded SMTP)       every message lands in {settings.mail_sink_dir}/")
    lines += [
        "  try: curl -s -XPOST "
        f'{settings.rasa_url}/webhooks/rest/webhook -d \'{{"sender":"me","message":"你好"}}\'',
        "Press Ctrl-C to stop everything.",
        "",
    ]
    return "\n".join(lines)


def wait_until_ready(pending: list[Service], timeout_s: float) -> list[Service]:
    """Print one line per service as it starts answering; return those still silent after timeout_s."""
    started = time.monotonic()
    deadline = started + timeout_s
    while pending and time.monotonic() < deadline:
        for service in [service for service in pending if service.answers()]:
            waited = time.monotonic() - started
            print(f"{service.name} is up on port {service.port} ({waited:.1f} s)", flush=True)
            pending.remove(service)
        if pending:
            time.sleep(0.5)
    return pending


def main() -> None:
    settings = Settings.from_env(os.environ)
    watched = services(settings)
    started = time.monotonic()
    missing = wait_until_ready(list(watched), START_TIMEOUT_S)
    if missing:
        names = ", ".join(service.name for service in missing)
        print(f"NOT READY after {START_TIMEOUT_S} s: {names} (see its log lines above)", flush=True)
        sys.exit(1)
    print(f"all services answer after {time.monotonic() - started:.1f} s", flush=True)
    print(banner(settings), flush=True)
    down: set[str] = set()
    while True:
        time.sleep(WATCH_INTERVAL_S)
        for service in watched:
            if service.answers():
                if service.name in down:
                    print(f"{service.name} answers again", flush=True)
                    down.discard(service.name)
            elif service.name not in down:
                print(f"WARNING: {service.name} stopped answering on port {service.port}", flush=True)
                down.add(service.name)


if __name__ == "__main__":
    main()
