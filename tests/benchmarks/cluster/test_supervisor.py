"""The drill supervisor: a process is ready only by what it logged since it started."""

from __future__ import annotations

from pathlib import Path

from benchmarks.cluster.supervisor import Supervisor


def test_an_old_run_s_ready_line_does_not_count(tmp_path: Path) -> None:
    procfile = tmp_path / "Procfile"
    procfile.write_text("ready: sleep 5\n")
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "ready.log").write_text("cluster ready (the run before)\n")
    supervisor = Supervisor({}, tmp_path / "logs", procfile)
    supervisor.start("ready")
    try:
        assert not supervisor.wait_for_log("ready", "cluster ready", 1)
    finally:
        supervisor.stop_all()


def test_this_run_s_ready_line_counts(tmp_path: Path) -> None:
    procfile = tmp_path / "Procfile"
    procfile.write_text("ready: echo cluster ready\n")
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "ready.log").write_text("cluster ready (the run before)\n")
    supervisor = Supervisor({}, tmp_path / "logs", procfile)
    supervisor.start("ready")
    try:
        assert supervisor.wait_for_log("ready", "cluster ready", 10)
    finally:
        supervisor.stop_all()
