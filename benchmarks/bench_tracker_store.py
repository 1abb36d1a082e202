"""Cost of the privacy tracker store: save + retrieve per turn, Rasa's SQLTrackerStore against ours (SQLite).

Run: `.venv/bin/python benchmarks/bench_tracker_store.py [--turns 40] [--conversations 1]`. Each turn adds a
user message with an email, a form action, a contact slot, a bot reply and action_listen, then saves and loads
the tracker. `--turns 3 --conversations 100` weighs like the bench's short conversations.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasa.core.tracker_store import TrackerStore  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered  # noqa: E402
from rasa.utils.endpoints import EndpointConfig  # noqa: E402

from bot.launch import tracker_store_config  # noqa: E402


async def measure(kind: str, turns: int, domain: Domain, conversations: int) -> list[float]:
    config = tracker_store_config(f"sqlite:///{tempfile.mkdtemp()}/tracker.db")
    if kind == "stock":
        config["type"] = "SQL"
    else:
        config["encryption_key"] = "benchmark-key"
    store = TrackerStore.create(EndpointConfig.from_dict(config), domain=domain)
    times: list[float] = []
    for conversation in range(conversations):
        times.extend(await measure_conversation(store, f"bench-{conversation}", turns))
    return times


async def measure_conversation(store: TrackerStore, sender_id: str, turns: int) -> list[float]:
    await store.save(await store.get_or_create_tracker(sender_id))
    times = []
    for turn in range(turns):
        tracker = await store.retrieve(sender_id)
        assert tracker is not None
        address = f"zhang{turn}@example.com"
        tracker.update(UserUttered(f"我叫张三 邮箱 {address}", {"name": "inform", "confidence": 0.9}))
        tracker.update(ActionExecuted("intake_form"))
        tracker.update(SlotSet("intake_email", address))
        tracker.update(BotUttered(f"请确认 {address}"))
        tracker.update(ActionExecuted("action_listen"))
        started = time.perf_counter()
        await store.save(tracker)
        await store.retrieve(sender_id)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=40, help="turns per conversation")
    parser.add_argument("--conversations", type=int, default=1, help="each with --turns turns")
    args = parser.parse_args()
    domain = Domain.load(str(ROOT / "domain.yml"))
    for kind in ("stock", "private"):
        times = sorted(asyncio.run(measure(kind, args.turns, domain, args.conversations)))
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"{kind:8s} save+retrieve per turn: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
