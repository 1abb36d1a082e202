"""The fault drills: what each one breaks, for how long, and one drill run under load with its books.

Shared by `make faults` (benchmarks/faults_cluster.py, the full lengths) and the CI test
(tests/e2e/test_cluster_drills.py, shortened by `holds`), so the test cannot drift from the drills.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from benchmarks import load_cluster
from benchmarks.cluster.books import Books, MailSink, check_books
from benchmarks.cluster.faultcluster import FaultCluster

# How long each fault lasts before recovery, in seconds (restarts are over when they return).
DEFAULT_HOLDS = {
    "load": 0.0,
    "kill-rasa": 20.0,
    "kill-actions": 10.0,
    "smtp-down": 60.0,
    "backend-down": 30.0,
    "restart-postgres": 0.0,
    "restart-redis": 0.0,
}


@dataclass
class Drill:
    name: str
    does: str
    fault: Callable[[], object]
    recover: Callable[[], object]
    hold: float


def drill_table(cluster: FaultCluster, holds: dict[str, float] | None = None) -> dict[str, Drill]:
    """Every drill by name; `holds` shortens (or lengthens) some of them."""
    hold = {**DEFAULT_HOLDS, **(holds or {})}
    sup, pg, redis = cluster.supervisor, cluster.postgres, cluster.redis

    def both_backends(action: Callable[[str], None]) -> Callable[[], None]:
        def both() -> None:
            for name in ("backend1", "backend2"):
                action(name)

        return both

    table = [
        Drill("load", "no fault: the load alone", lambda: None, lambda: None, hold["load"]),
        Drill(
            "kill-rasa",
            f"SIGKILL rasa1 mid-load; started again after {hold['kill-rasa']:g} s",
            lambda: sup.kill("rasa1"),
            lambda: sup.start("rasa1"),
            hold["kill-rasa"],
        ),
        Drill(
            "kill-actions",
            f"SIGKILL actions1 mid-form; started again after {hold['kill-actions']:g} s",
            lambda: sup.kill("actions1"),
            lambda: sup.start("actions1"),
            hold["kill-actions"],
        ),
        Drill(
            "smtp-down",
            f"SMTP sink stopped for {hold['smtp-down']:g} s",
            lambda: sup.kill("smtp"),
            lambda: sup.start("smtp"),
            hold["smtp-down"],
        ),
        Drill(
            "backend-down",
            f"both backends stopped for {hold['backend-down']:g} s",
            both_backends(sup.kill),
            both_backends(sup.start),
            hold["backend-down"],
        ),
        Drill(
            "restart-postgres",
            "PostgreSQL restarted (pg_ctl restart -m fast)",
            pg.restart,
            lambda: None,
            hold["restart-postgres"],
        ),
        Drill(
            "restart-redis",
            "Redis killed and started again (no persistence)",
            redis.restart,
            lambda: None,
            hold["restart-redis"],
        ),
    ]
    return {drill.name: drill for drill in table}


@dataclass
class Plan:
    """The load a drill runs under, and when its fault comes."""

    conversations: int = 20
    seconds: float = 90  # new conversations start this long
    at: float = 15  # seconds into the load the fault comes
    grace: float = 150  # for conversations under way at the end
    settle: float = 15  # for the last mails before the books
    request_share: float = 0.3


@dataclass
class Outcome:
    """What one drill saw: turns answered and lost, requests, and the books."""

    name: str
    turns: int
    lost: Counter[str]
    retyped: Counter[str]
    requests: int
    unfinished: int
    cut_off: int
    books: Books

    @property
    def clean(self) -> bool:
        """Nothing lost, nothing doubled, every request finished."""
        return self.books.balanced and not self.lost and not self.unfinished and not self.cut_off

    def report(self) -> str:
        lines = [
            f"turns answered {self.turns}, lost turns {sum(self.lost.values())} {dict(self.lost)}, "
            f"retyped after a server dropped them {sum(self.retyped.values())} {dict(+self.retyped)}",
            f"requests started {self.requests}, unfinished {self.unfinished}; cut off {self.cut_off}",
            *self.books.report().splitlines(),
        ]
        return "\n".join(f"[{self.name}] {line}" for line in lines)


async def run_drill(drill: Drill, cluster: FaultCluster, plan: Plan) -> Outcome:
    """Load for `plan.seconds`, the fault `plan.at` seconds in, recovery after its hold, then the books."""
    run = load_cluster.Run(MailSink(cluster.var_dir / "mail"), (2.0, 6.0))
    load_args = load_cluster.parse(
        ["--conversations", str(plan.conversations), "--request-share", str(plan.request_share)],
        cluster.topology,
    )
    since = datetime.now(timezone.utc)
    stop_at = time.monotonic() + plan.seconds
    token = cluster.secret("RASA_TOKEN")
    tasks = [
        asyncio.create_task(load_cluster.visitor_loop(run, slot, load_args, token, stop_at))
        for slot in range(plan.conversations)
    ]
    await asyncio.sleep(plan.at)
    print(f"[{drill.name}] {drill.does}", flush=True)
    await asyncio.to_thread(drill.fault)
    await asyncio.sleep(drill.hold)
    await asyncio.to_thread(drill.recover)
    _, pending = await asyncio.wait(tasks, timeout=max(0.0, stop_at - time.monotonic()) + plan.grace)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    await asyncio.sleep(plan.settle)
    books = check_books(run.requests, run.sink, cluster.database_url, since)
    return Outcome(
        name=drill.name,
        turns=sum(len(samples) for samples in run.times.values()),
        lost=run.errors,
        retyped=run.retyped,
        requests=len(run.requests),
        unfinished=sum(1 for request in run.requests if not request.completed),
        cut_off=len(pending),
        books=books,
    )
