"""Throughput and p95 with 1, 10 and 50 people asking policy questions at once, and each service's RSS.

Needs `make run` up (REST channel on loopback). Each simulated person is one conversation that asks
policy questions one after another, waiting for each answer, as a person does. Bounded: at most
`--turns` messages per person and `--seconds` per level. Run with the chat rate limits off
(RATE_MESSAGES_PER_IP=0 RATE_NEW_CONVERSATIONS_PER_IP=0 RATE_MESSAGES_PER_SENDER=0 in the stack's
environment), or the limits (correctly) answer "slow down" to the benchmark. Every message is a different
policy question (benchmarks/fresh_messages.py), so each pays for its sentence vector as a new question does.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.fresh_messages import fresh_messages  # noqa: E402
from bot.rate_limit import SLOW_DOWN_REPLY  # noqa: E402
from bot.settings import Settings  # noqa: E402


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    if len(samples) < 2:
        return (samples[0] * 1000,) * 2 if samples else (0.0, 0.0)
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000


async def person(
    client: httpx.AsyncClient, questions: Iterator[str], turns: int, until: float, latencies: list[float]
) -> int:
    """One conversation: questions in a row; returns the number of failed turns."""
    sender = f"load-{uuid.uuid4().hex[:10]}"
    failed = 0
    for _ in range(turns):
        if time.monotonic() > until:
            break
        started = time.perf_counter()
        try:
            response = await client.post(
                "/webhooks/rest/webhook", json={"sender": sender, "message": next(questions)}
            )
            response.raise_for_status()
            texts = [m.get("text") or "" for m in response.json()]
            if not texts or SLOW_DOWN_REPLY in texts:
                raise ValueError("no answer, or rate limited")
        except (httpx.HTTPError, ValueError):
            failed += 1
            continue
        latencies.append(time.perf_counter() - started)
    return failed


def cpu_seconds(pids: set[int]) -> float:
    """User + system CPU time the processes have used so far (/proc/PID/stat, clock ticks)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return ticks / os.sysconf("SC_CLK_TCK")


async def level(
    base: str, questions: Iterator[str], people: int, turns: int, seconds: float, server: set[int]
) -> str:
    """One load level; with the server's pids, also its CPU time per answered message.

    CPU per message barely moves with what else the shared machine runs, where latency swings 2x.
    """
    turns = max(turns, 40 // people)  # one person alone still gives 40 samples
    latencies: list[float] = []
    cpu_before = cpu_seconds(server)
    limits = httpx.Limits(max_connections=people + 5)
    async with httpx.AsyncClient(base_url=base, timeout=30.0, limits=limits) as client:
        started = time.monotonic()
        failures = await asyncio.gather(
            *(person(client, questions, turns, started + seconds, latencies) for _ in range(people))
        )
        elapsed = time.monotonic() - started
    p50, p95 = percentiles(latencies)
    cpu = (cpu_seconds(server) - cpu_before) * 1000 / max(len(latencies), 1)
    return (
        f"{people:>3} at once: {len(latencies) / elapsed:6.1f} msg/s  p50 {p50:6.0f} ms  p95 {p95:6.0f} ms"
        f"  ({len(latencies)} answered, {sum(failures)} failed, {elapsed:.1f} s)"
        + (f"  Rasa CPU {cpu:.1f} ms/msg" if server else "")
    )


def listening_pids(port: int) -> set[int]:
    """Processes that listen on a loopback TCP port (from /proc: no extra dependency)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{fields[9]}]")
    pids = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if any(os.readlink(fd) in inodes for fd in (proc / "fd").iterdir()):
                pids.add(int(proc.name))
        except OSError:
            continue
    return pids


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def memory_lines(settings: Settings) -> list[str]:
    ports = {
        "Rasa server": settings.rasa_port,
        "action server": settings.action_server_port,
        "DSR backend": settings.dsr_port,
        "SMTP sink": settings.dev_smtp_port,
    }
    lines, total = [], 0.0
    for name, port in ports.items():
        for pid in sorted(listening_pids(port)):
            mb = rss_mb(pid)
            total += mb
            lines.append(f"  RSS {name:<14} pid {pid:<7} {mb:7.0f} MB")
    lines.append(f"  RSS all together            {total:7.0f} MB")
    return lines


def main(settings: Settings, argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="1,10,50", help="people at once, comma-separated")
    parser.add_argument("--turns", type=int, default=8, help="messages per person at most")
    parser.add_argument("--seconds", type=float, default=40.0, help="time per level at most")
    args = parser.parse_args(argv)
    base = settings.bench_rasa_url or settings.rasa_url
    if not base.startswith(("http://127.0.0.1", "http://localhost")):
        print(f"refusing to load {base}: loopback only")
        return 2
    server = listening_pids(settings.rasa_port) if base == settings.rasa_url else set()
    questions = fresh_messages()
    for people in (int(n) for n in args.levels.split(",")):
        print(asyncio.run(level(base, questions, people, args.turns, args.seconds, server)), flush=True)
    print("\n".join(memory_lines(settings)))
    return 0


if __name__ == "__main__":
    sys.exit(main(Settings.from_env(os.environ)))
