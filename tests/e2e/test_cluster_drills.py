"""CI's short version of `make load` and `make faults`, so the cluster's topology cannot rot.

One drill cluster (nginx, two of each server, private PostgreSQL and Redis) for the module; a short load
alone, then SMTP down and a Rasa server killed, each shortened (benchmarks/cluster/drills.py is what
`make faults` runs at full length). Every drill must end with nothing lost and nothing doubled: every
turn answered, every request finished with one ticket, one receipt and one code mail, no duplicate mail,
no ticket without a verified conversation. About two minutes on a 2-core machine.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from benchmarks.cluster.drills import Outcome, Plan, drill_table, run_drill
from benchmarks.cluster.faultcluster import FaultCluster
from tests.support.cluster import free_base_port, missing_for_drills
from tests.support.services import ensure_model

pytestmark = [pytest.mark.slow, pytest.mark.cluster]

_missing = missing_for_drills()
if _missing:
    pytest.skip(_missing, allow_module_level=True)

# 10 visitors for 15 s, the fault 3 s in; half the conversations file a request, so each drill has some.
PLAN = Plan(conversations=10, seconds=15, at=3, grace=90, settle=5, request_share=0.5)
HOLDS = {"smtp-down": 15.0, "kill-rasa": 10.0}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultCluster]:
    ensure_model()
    running = FaultCluster(tmp_path_factory.mktemp("drills"), free_base_port(), dict(os.environ))
    try:
        with running:
            yield running
    finally:
        shutil.rmtree(running.postgres.directory, ignore_errors=True)


async def drill(cluster: FaultCluster, name: str) -> Outcome:
    outcome = await run_drill(drill_table(cluster, HOLDS)[name], cluster, PLAN)
    print(outcome.report())
    return outcome


async def test_short_load_loses_nothing(cluster: FaultCluster) -> None:
    outcome = await drill(cluster, "load")
    assert outcome.clean and outcome.books.completed > 0, outcome.report()


async def test_smtp_down_delivers_every_mail_once_it_returns(cluster: FaultCluster) -> None:
    outcome = await drill(cluster, "smtp-down")
    assert outcome.clean and outcome.books.completed > 0, outcome.report()


async def test_a_killed_rasa_server_loses_no_conversation(cluster: FaultCluster) -> None:
    # Last: rasa1 is still loading its model when the drill ends, and nothing waits for it.
    outcome = await drill(cluster, "kill-rasa")
    assert outcome.clean and outcome.books.completed > 0, outcome.report()
