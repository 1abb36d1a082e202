from __future__ import annotations

import socket
from pathlib import Path

import pytest

from bot.readiness import Service, banner, services, wait_until_ready
from bot.settings import Settings


def test_banner_names_every_url_and_where_the_secrets_are(tmp_path: Path) -> None:
    text = banner(Settings.from_env({"VAR_DIR": str(tmp_path), "DSR_PORT": "8100", "RASA_PORT": "5105"}))
    assert "http://127.0.0.1:8100/console" in text
    assert "http://127.0.0.1:5105/webhooks/rest/webhook" in text
    assert str(tmp_path / "secrets" / "RASA_TOKEN") in text
    assert "create-admin" in text  # no STAFF_ADMIN_EMAIL: it says how to make the first admin


def test_embedded_smtp_is_watched_only_when_used(tmp_path: Path) -> None:
    embedded = [s.name for s in services(Settings.from_env({"VAR_DIR": str(tmp_path)}))]
    external = [s.name for s in services(Settings.from_env({"VAR_DIR": str(tmp_path), "SMTP_HOST": "mx"}))]
    assert any("SMTP" in name for name in embedded)
    assert not any("SMTP" in name for name in external)


def test_wait_reports_the_services_that_never_answered() -> None:
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        up = Service("up", "127.0.0.1", listening.getsockname()[1], None)
        with socket.socket() as spare:
            spare.bind(("127.0.0.1", 0))
            down = Service("down", "127.0.0.1", spare.getsockname()[1], None)
        assert wait_until_ready([up, down], timeout_s=1.5) == [down]


def test_wait_prints_one_line_per_service_as_it_comes_up(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        port = listening.getsockname()[1]
        assert wait_until_ready([Service("SMTP server", "127.0.0.1", port, None)], timeout_s=1.5) == []
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"SMTP server is up on port {port}")
