"""Private PostgreSQL and Redis servers for the drills, so restarting them disturbs nobody else.

Debian's binaries (postgresql-15, redis-server) on loopback ports of the drill's own; PostgreSQL runs as
the `postgres` system user when started by root (it refuses to run as root).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres(command: list[str]) -> list[str]:
    return ["su", "postgres", "-c", " ".join(command)] if os.geteuid() == 0 else command


class PrivatePostgres:
    """A throw-away PostgreSQL cluster (trust auth on loopback only) with the role `dsr`."""

    def __init__(self, directory: Path, port: int) -> None:
        self.directory = directory
        self.port = port

    @property
    def url(self) -> str:
        return f"postgresql+psycopg2://dsr@127.0.0.1:{self.port}"

    def create(self) -> None:
        if self.directory.exists():
            shutil.rmtree(self.directory)
        self.directory.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        initdb = [str(PG_BIN / "initdb"), "-D", str(self.directory / "data"), "-A", "trust", "-U", "dsr"]
        subprocess.run(_as_postgres(initdb), check=True, capture_output=True, timeout=120)
        self.start()

    def _ctl(self, action: str) -> None:
        options = f"'-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1'"
        command = [str(PG_BIN / "pg_ctl"), "-D", str(self.directory / "data"), "-w", "-m", "fast"]
        command += ["-l", str(self.directory / "log"), "-o", options, action]
        subprocess.run(_as_postgres(command), check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        self._ctl("restart")

    def stop(self) -> None:
        self._ctl("stop")


class PrivateRedis:
    """redis-server without persistence on a loopback port of its own."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/2"

    def start(self) -> None:
        command = [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            ping = subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True)
            if ping.stdout.strip() == "PONG":
                return
            time.sleep(0.2)
        raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()
