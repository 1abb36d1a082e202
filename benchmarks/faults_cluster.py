"""`make faults`: break one part of the cluster while it is under load, then check the books.

Starts its own cluster (base port 19000 unless FAULTS_BASE_PORT... see --base-port) with a private
PostgreSQL and Redis (so restarting them disturbs nobody), under benchmarks/cluster/supervisor.py so one
process can be killed and started again. Each drill, bounded in time: light load for `--seconds`, the
fault `--at` seconds in, recovery, the grace for conversations under way, then what it did and the books.
    .venv/bin/python benchmarks/faults_cluster.py [--drills kill-rasa,smtp-down] [--seconds 90]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import load_cluster  # noqa: E402
from benchmarks.cluster.books import MailSink, check_books  # noqa: E402
from benchmarks.cluster.stores import PrivatePostgres, PrivateRedis  # noqa: E402
from benchmarks.cluster.supervisor import Supervisor  # noqa: E402
from bot.cluster.__main__ import answers  # noqa: E402
from bot.cluster.topology import Topology  # noqa: E402
from bot.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


class Drill:
    def __init__(
        self, name: str, does: str, fault: Callable[[], None], recover: Callable[[], None], hold: float
    ):
        self.name, self.does, self.fault, self.recover, self.hold = name, does, fault, recover, hold


def drills(sup: Supervisor, pg: PrivatePostgres, redis: PrivateRedis) -> dict[str, Drill]:
    restart = sup.start
    return {
        "kill-rasa": Drill(
            "kill-rasa",
            "SIGKILL rasa1 mid-load; started again after 20 s",
            lambda: sup.kill("rasa1"),
            lambda: restart("rasa1"),
            20,
        ),
        "kill-actions": Drill(
            "kill-actions",
            "SIGKILL actions1 mid-form; started again after 10 s",
            lambda: sup.kill("actions1"),
            lambda: restart("actions1"),
            10,
        ),
        "smtp-down": Drill(
            "smtp-down",
            "SMTP sink stopped for 60 s",
            lambda: sup.kill("smtp"),
            lambda: restart("smtp"),
            60,
        ),
        "backend-down": Drill(
            "backend-down",
            "both backends stopped for 30 s",
            lambda: [sup.kill("backend1"), sup.kill("backend2")],  # type: ignore[func-returns-value]
            lambda: [restart("backend1"), restart("backend2")],  # type: ignore[func-returns-value]
            30,
        ),
        "restart-postgres": Drill(
            "restart-postgres",
            "PostgreSQL restarted (pg_ctl restart -m fast)",
            pg.restart,
            lambda: None,
            0,
        ),
        "restart-redis": Drill(
            "restart-redis",
            "Redis killed and started again (no persistence)",
            redis.restart,
            lambda: None,
            0,
        ),
    }


async def run_drill(drill: Drill, args: argparse.Namespace, settings: Settings, env: dict[str, str]) -> bool:
    cluster_var = Path(env["VAR_DIR"]) / "cluster"
    token = (cluster_var / "secrets" / "RASA_TOKEN").read_text().strip()
    run = load_cluster.Run(MailSink(cluster_var / "mail"), (2.0, 6.0))
    load_args = load_cluster.parse(
        ["--conversations", str(args.conversations), "--request-share", "0.3"], Topology(args.base_port)
    )
    since = datetime.now(timezone.utc)
    stop_at = time.monotonic() + args.seconds
    tasks = [
        asyncio.create_task(load_cluster.visitor_loop(run, slot, load_args, token, stop_at))
        for slot in range(args.conversations)
    ]
    await asyncio.sleep(args.at)
    print(f"[{drill.name}] {drill.does}", flush=True)
    await asyncio.to_thread(drill.fault)
    await asyncio.sleep(drill.hold)
    await asyncio.to_thread(drill.recover)
    done, pending = await asyncio.wait(tasks, timeout=args.seconds + args.grace)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    await asyncio.sleep(args.settle)
    books = check_books(run.requests, run.sink, env["CLUSTER_DATABASE_URL"], since)
    turns = sum(len(samples) for samples in run.times.values())
    unfinished = sum(1 for request in run.requests if not request.ticket)
    print(f"[{drill.name}] turns answered {turns}, lost turns {sum(run.errors.values())} {dict(run.errors)}")
    print(
        f"[{drill.name}] requests started {len(run.requests)}, unfinished {unfinished}; "
        f"cut off {len(pending)}"
    )
    print("\n".join(f"[{drill.name}] {line}" for line in books.report().splitlines()), flush=True)
    return books.balanced


def wait_all_up(topology: Topology, timeout: float) -> bool:
    """Every replica answers again (a restarted Rasa server first loads its model)."""
    urls = [f"http://127.0.0.1:{port}/health" for port in (*topology.backend_ports, *topology.action_ports)]
    urls += [f"http://127.0.0.1:{port}/webhooks/rest/" for port in topology.rasa_ports]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(answers(url) for url in urls):
            return True
        time.sleep(2)
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--drills", default="kill-rasa,kill-actions,smtp-down,backend-down,restart-postgres,restart-redis"
    )
    parser.add_argument("--base-port", type=int, default=19000)
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=90, help="load per drill")
    parser.add_argument("--at", type=int, default=15, help="seconds into the load the fault comes")
    parser.add_argument("--grace", type=int, default=150)
    parser.add_argument("--settle", type=float, default=15)
    args = parser.parse_args()
    settings = Settings.from_env(os.environ)
    var_dir = settings.var_dir / "faults"
    pg = PrivatePostgres(Path(f"/tmp/dsr-faults-pg-{args.base_port}"), args.base_port + 78)
    redis = PrivateRedis(args.base_port + 79)
    env = {
        **os.environ,
        "VAR_DIR": str(var_dir),
        "CLUSTER_BASE_PORT": str(args.base_port),
        "CLUSTER_DATABASE_URL": f"{pg.url}/dsr_cluster",
        "CLUSTER_TRACKER_DATABASE_URL": f"{pg.url}/dsr_cluster_tracker",
        "CLUSTER_REDIS_URL": redis.url,
        "PYTHONPATH": str(ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        # Drills measure the retry paths: mail and kept requests are retried quickly.
        "MAIL_RETRY_MAX_SECONDS": "15",
        "PENDING_RETRY_SECONDS": "10",
    }
    pg.create()
    redis.start()
    sup = Supervisor(env, var_dir / "logs")
    import subprocess

    ok = True
    try:
        subprocess.run([sys.executable, "-m", "bot.cluster", "prepare"], cwd=ROOT, env=env, check=True)
        sup.start_all()
        if not sup.wait_for_log("ready", "cluster ready", 900):
            raise SystemExit("the drill cluster did not come up")
        table = drills(sup, pg, redis)
        for name in args.drills.split(","):
            ok = asyncio.run(run_drill(table[name], args, settings, env)) and ok
            # Every process up again before the next drill (a restarted Rasa loads its model).
            if not wait_all_up(Topology(args.base_port), 600):
                raise SystemExit(f"after {name} the cluster did not come back within 600 s")
    finally:
        sup.stop_all()
        redis.stop()
        pg.stop()
    print("all drills balanced" if ok else "SOME DRILLS DID NOT BALANCE")
    return 0 if ok else 1


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    sys.exit(main())
