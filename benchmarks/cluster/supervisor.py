"""Procfile.cluster's processes, each in its own process group, so a drill can stop and start one.

honcho stops everything when one process exits (right for `make run-cluster`, wrong for a drill that
kills one Rasa server on purpose), so the drills supervise the same Procfile lines themselves.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import time
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]


class Supervisor:
    def __init__(
        self, env: dict[str, str], log_dir: Path, procfile: Path = ROOT / "Procfile.cluster"
    ) -> None:
        lines = [line.split(": ", 1) for line in procfile.read_text().splitlines() if line.strip()]
        self.commands = {name: shlex.split(command) for name, command in lines}
        self.env = env
        self.log_dir = log_dir
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self._logs: dict[str, IO[bytes]] = {}
        self._log_starts: dict[str, int] = {}  # where each log stood when its process last started

    def start(self, name: str) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = self._logs.get(name) or open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115
        self._logs[name] = log
        log.flush()
        self._log_starts[name] = log.tell()
        self.processes[name] = subprocess.Popen(
            self.commands[name],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_all(self) -> None:
        for name in self.commands:
            self.start(name)

    def kill(self, name: str, sig: signal.Signals = signal.SIGKILL) -> None:
        """Stop one process the hard way (SIGKILL: no goodbye, as a crash)."""
        process = self.processes[name]
        if process.poll() is None:
            os.killpg(process.pid, sig)
            process.wait(timeout=30)

    def pause(self, name: str) -> None:
        """SIGSTOP: the process holds its port but answers nothing (a hung server)."""
        os.killpg(self.processes[name].pid, signal.SIGSTOP)

    def resume(self, name: str) -> None:
        os.killpg(self.processes[name].pid, signal.SIGCONT)

    def alive(self, name: str) -> bool:
        return self.processes[name].poll() is None

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        for log in self._logs.values():
            log.close()

    def wait_for_log(self, name: str, text: str, timeout: float) -> bool:
        """`text` in what `name` wrote since it last started (logs are appended to, run after run)."""
        deadline = time.monotonic() + timeout
        path = self.log_dir / f"{name}.log"
        while time.monotonic() < deadline:
            with path.open("rb") as log:
                log.seek(self._log_starts.get(name, 0))
                if text in log.read().decode(errors="replace"):
                    return True
            time.sleep(1)
        return False
