"""`make faults`: break one part of the cluster while it is under load, then check the books.

Starts its own cluster (base port 19000 unless --base-port) with a private PostgreSQL and Redis (so
restarting them disturbs nobody), under benchmarks/cluster/supervisor.py so one process can be killed and
started again. Each drill (benchmarks/cluster/drills.py), bounded in time: light load for `--seconds`, the
fault `--at` seconds in, recovery after its hold (`--hold smtp-down=15` shortens one), the grace for
conversations under way, then what it did and the books.
    .venv/bin/python benchmarks/faults_cluster.py [--drills kill-rasa,smtp-down] [--seconds 90]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.cluster.drills import DEFAULT_HOLDS, Plan, drill_table, run_drill  # noqa: E402
from benchmarks.cluster.faultcluster import FaultCluster  # noqa: E402
from bot.settings import Settings  # noqa: E402

ALL_DRILLS = "kill-rasa,kill-actions,smtp-down,backend-down,restart-postgres,restart-redis"


def hold(text: str) -> tuple[str, float]:
    """`NAME=SECONDS` of --hold."""
    name, _, seconds = text.partition("=")
    if name not in DEFAULT_HOLDS or not seconds:
        names = ", ".join(DEFAULT_HOLDS)
        raise argparse.ArgumentTypeError(f"expected DRILL=SECONDS with DRILL one of {names}")
    return name, float(seconds)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drills", default=ALL_DRILLS, help=f"some of load,{ALL_DRILLS}")
    parser.add_argument("--base-port", type=int, default=19000)
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=90, help="load per drill")
    parser.add_argument("--at", type=int, default=15, help="seconds into the load the fault comes")
    parser.add_argument("--grace", type=int, default=150)
    parser.add_argument("--settle", type=float, default=15)
    parser.add_argument("--hold", type=hold, action="append", default=[], help="DRILL=SECONDS, repeatable")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    settings = Settings.from_env(os.environ)
    plan = Plan(args.conversations, args.seconds, args.at, args.grace, args.settle)
    ok = True
    with FaultCluster(settings.var_dir / "faults", args.base_port, dict(os.environ)) as cluster:
        table = drill_table(cluster, dict(args.hold))
        for name in args.drills.split(","):
            outcome = asyncio.run(run_drill(table[name], cluster, plan))
            print(outcome.report(), flush=True)
            ok = outcome.books.balanced and ok
            # Every process up again before the next drill (a restarted Rasa loads its model).
            if not cluster.wait_all_up(600):
                raise SystemExit(f"after {name} the cluster did not come back within 600 s")
    print("all drills balanced" if ok else "SOME DRILLS DID NOT BALANCE")
    return 0 if ok else 1


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    sys.exit(main(sys.argv[1:]))
