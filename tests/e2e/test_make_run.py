"""`make run` as a user runs it: everything answers, then Ctrl-C leaves no process behind."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.support.services import ROOT, ensure_model, free_port

pytestmark = pytest.mark.slow
READY_LINE = "all services answer"


def processes_started_for(var_dir: Path) -> list[int]:
    """Pids whose environment names this test's VAR_DIR: everything `make run` started."""
    marker = f"VAR_DIR={var_dir}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


class MakeRun:
    """`make run` as a terminal starts a foreground job: in a new session, so Ctrl-C hits the group."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            ["make", "-s", "run"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            text=True,
            bufsize=1,
        )
        self.lines: list[str] = []

    def wait_for_first_line(self) -> str | None:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.process.wait(timeout=30)
            return None
        self.lines.append(line)
        return line


def test_make_run_answers_then_ctrl_c_stops_everything(tmp_path: Path) -> None:
    ensure_model()
    var_dir = tmp_path / "var"
    names = ("RASA_PORT", "ACTION_SERVER_PORT", "DSR_PORT", "DEV_SMTP_PORT")
    ports = {name: str(free_port()) for name in names}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "DSR_DATABASE", "TRACKER_"))}
    env.update(
        ports,
        VAR_DIR=str(var_dir),
        STAFF_ADMIN_EMAIL="admin@example.com",
        STAFF_ADMIN_PASSWORD="correct horse battery staple",
    )
    make_run = MakeRun(env)
    if make_run.wait_for_first_line() is None:
        # Seen once in ~4 full-suite runs (never alone): make exited at once, printing nothing. The cause
        # is not known yet; one retry keeps CI honest about real failures, and the rc is reported.
        first_rc = make_run.process.returncode
        make_run = MakeRun(env)
        assert make_run.wait_for_first_line() is not None, f"make run exited silently twice (rc {first_rc})"
    output, run = make_run.lines, make_run.process
    try:
        deadline = time.monotonic() + 360
        assert run.stdout is not None
        while time.monotonic() < deadline:
            line = run.stdout.readline()
            if not line and run.poll() is not None:
                break
            output.append(line)
            if READY_LINE in line:
                break
        assert any(READY_LINE in line for line in output), "".join(output[-40:])
        reply = httpx.post(
            f"http://127.0.0.1:{ports['RASA_PORT']}/webhooks/rest/webhook",
            json={"sender": "make-run", "message": "你好"},
            timeout=30,
        ).json()
        assert any("隐私" in str(message.get("text", "")) for message in reply)
        assert processes_started_for(var_dir), "expected the services to be running"
    finally:
        with contextlib.suppress(ProcessLookupError):  # already gone: the assertion above says why
            os.killpg(run.pid, signal.SIGINT)
        try:
            run.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
            raise
    deadline = time.monotonic() + 20
    while processes_started_for(var_dir) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert processes_started_for(var_dir) == [], "processes left behind after Ctrl-C"
    for port in ports.values():
        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
