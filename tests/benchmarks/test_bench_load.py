"""bench_load's CPU figure: the server's own CPU time, read from /proc."""

from __future__ import annotations

import os
import time

from benchmarks.bench_load import cpu_seconds


def test_cpu_seconds_counts_the_processes_cpu_time() -> None:
    before = cpu_seconds({os.getpid()})
    deadline = time.process_time() + 0.3
    while time.process_time() < deadline:  # burn 0.3 s of CPU
        pass
    assert 0.2 <= cpu_seconds({os.getpid()}) - before <= 2.0


def test_a_process_that_is_gone_counts_nothing() -> None:
    assert cpu_seconds({2**22 + 1}) == 0.0  # above the kernel's pid_max
