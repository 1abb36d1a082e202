"""A cluster for fault drills: Procfile.cluster under the Supervisor, with a private PostgreSQL and Redis.

Private servers, so that restarting them disturbs nobody else on the machine; each process supervised on
its own, so a drill can kill one and start it again (honcho would stop them all).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

from benchmarks.cluster.stores import PrivatePostgres, PrivateRedis
from benchmarks.cluster.supervisor import ROOT, Supervisor
from bot.cluster.__main__ import answers
from bot.cluster.topology import Topology

START_TIMEOUT_S = 900
POSTGRES_OFFSET = 78
REDIS_OFFSET = 79


class FaultCluster:
    def __init__(self, var_dir: Path, base_port: int, environ: dict[str, str], **extra: str) -> None:
        self.topology = Topology(base_port)
        self.postgres = PrivatePostgres(Path(f"/tmp/dsr-faults-pg-{base_port}"), base_port + POSTGRES_OFFSET)
        self.redis = PrivateRedis(base_port + REDIS_OFFSET)
        self.env = {
            **environ,
            "VAR_DIR": str(var_dir),
            "CLUSTER_BASE_PORT": str(base_port),
            "CLUSTER_DATABASE_URL": self.database_url,
            "CLUSTER_TRACKER_DATABASE_URL": f"{self.postgres.url}/dsr_cluster_tracker",
            "CLUSTER_REDIS_URL": self.redis.url,
            "PYTHONPATH": str(ROOT),
            "RASA_TELEMETRY_ENABLED": "false",
            # Drills measure the retry paths: mail and kept requests are retried quickly.
            "MAIL_RETRY_MAX_SECONDS": "15",
            "PENDING_RETRY_SECONDS": "10",
            **extra,
        }
        self.var_dir = var_dir / "cluster"
        self.supervisor = Supervisor(self.env, var_dir / "logs")

    @property
    def database_url(self) -> str:
        return f"{self.postgres.url}/dsr_cluster"

    def secret(self, name: str) -> str:
        return (self.var_dir / "secrets" / name).read_text().strip()

    def start(self) -> None:
        """Private stores, databases and config, every process; returns when nginx answers on both sides."""
        self.postgres.create()
        self.redis.start()
        command = [sys.executable, "-m", "bot.cluster", "prepare"]
        subprocess.run(command, cwd=ROOT, env=self.env, check=True)
        self.supervisor.start_all()
        if not self.supervisor.wait_for_log("ready", "cluster ready", START_TIMEOUT_S):
            raise RuntimeError(f"the drill cluster did not come up in {START_TIMEOUT_S} s")

    def wait_all_up(self, timeout: float) -> bool:
        """Every replica answers again (a restarted Rasa server first loads its model)."""
        ports = (*self.topology.backend_ports, *self.topology.action_ports)
        urls = [f"http://127.0.0.1:{port}/health" for port in ports]
        urls += [f"http://127.0.0.1:{port}/webhooks/rest/" for port in self.topology.rasa_ports]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(answers(url) for url in urls):
                return True
            time.sleep(2)
        return False

    def stop(self) -> None:
        try:
            self.supervisor.stop_all()
        finally:
            self.redis.stop()
            if (self.postgres.directory / "data" / "postmaster.pid").exists():
                self.postgres.stop()

    def __enter__(self) -> FaultCluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()
