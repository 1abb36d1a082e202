"""A whole `make run-cluster` for tests: Procfile.cluster under honcho on a base port of its own.

Skip reasons are the one place that says what a cluster test needs (nginx, PostgreSQL, Redis).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from benchmarks.cluster.stores import PG_BIN
from bot.cluster.topology import Topology

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 600


def missing_for_cluster(environ: dict[str, str]) -> str | None:
    """Why a cluster test cannot run here, or None."""
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        return "nginx is not installed (Debian package nginx; .ci/run installs it)"
    if not environ.get("TEST_POSTGRES_URL") or not environ.get("TEST_REDIS_URL"):
        return "needs TEST_POSTGRES_URL and TEST_REDIS_URL (the cluster's PostgreSQL and Redis)"
    if environ.get("CLUSTER_TESTS", "") != "1":
        return "starts a whole cluster (two Rasa servers, minutes on a shared machine): `make test-cluster`"
    return None


def missing_for_drills() -> str | None:
    """Why the drill test (a cluster with private PostgreSQL and Redis) cannot run here, or None."""
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        return "nginx is not installed (Debian package nginx; .ci/run installs it)"
    if not (PG_BIN / "initdb").exists():
        return f"PostgreSQL's server binaries are not in {PG_BIN} (Debian package postgresql-15)"
    if shutil.which("redis-server") is None:
        return "redis-server is not installed (Debian package redis-server)"
    return None


def free_base_port() -> int:
    """A base port whose cluster ports (base .. base+80, with the drills' PostgreSQL and Redis) are free."""
    import socket

    for base in range(21000, 60000, 100):
        ports = [base + offset for offset in (0, 1, 4, 5, 6, 10, 25, 54, 55, 56, 78, 79, 80)]
        try:
            for port in ports:
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    raise RuntimeError("no free range of ports for a cluster")


@dataclass
class Cluster:
    topology: Topology
    env: dict[str, str]
    var_dir: Path
    process: subprocess.Popen[bytes] | None = None

    @classmethod
    def create(cls, var_dir: Path, environ: dict[str, str]) -> Cluster:
        base = free_base_port()
        pg = make_url(environ["TEST_POSTGRES_URL"])
        env = {
            **environ,
            "VAR_DIR": str(var_dir),
            "CLUSTER_BASE_PORT": str(base),
            "CLUSTER_DATABASE_URL": str(pg.set(database="dsr_cluster_e2e")),
            "CLUSTER_TRACKER_DATABASE_URL": str(pg.set(database="dsr_cluster_e2e_tracker")),
            "CLUSTER_REDIS_URL": environ["TEST_REDIS_URL"],
            "PYTHONPATH": str(ROOT),
            "RASA_TELEMETRY_ENABLED": "false",
        }
        return cls(Topology(base_port=base), env, var_dir)

    @property
    def url(self) -> str:
        return self.topology.public_url

    def secret(self, name: str) -> str:
        return (self.var_dir / "cluster" / "secrets" / name).read_text().strip()

    def start(self) -> None:
        python = sys.executable
        subprocess.run([python, "-m", "bot.cluster", "prepare"], cwd=ROOT, env=self.env, check=True)
        log = open(self.var_dir / "cluster.log", "wb")  # noqa: SIM115 - lives as long as the cluster
        honcho = str(Path(python).parent / "honcho")
        self.process = subprocess.Popen(
            [honcho, "start", "-f", "Procfile.cluster"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the cluster stopped:\n{self.log_tail()}")
            if b"cluster ready" in (self.var_dir / "cluster.log").read_bytes():
                return
            time.sleep(1)
        raise RuntimeError(f"the cluster did not come up in {START_TIMEOUT_S} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join((self.var_dir / "cluster.log").read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """Ctrl-C, as a person stops make run-cluster; everything must be gone afterwards."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def answers(self, path: str) -> bool:
        try:
            with urllib.request.urlopen(self.url + path, timeout=3) as response:  # noqa: S310 (loopback)
                return 200 <= response.status < 300
        except (urllib.error.URLError, OSError):
            return False
