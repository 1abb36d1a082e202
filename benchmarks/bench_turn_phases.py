"""Where a FAQ turn's time goes inside the Rasa server, phase by phase, without HTTP or other processes.

Loads the trained model in this process with the project's tracker store (a fresh SQLite file) and its Rasa
patches, plays short conversations of FAQ questions (a new conversation, then an ongoing one) and prints the
p50 of each phase of `MessageProcessor.handle_message`, next to `Agent.parse_message` alone. Steadier than
the HTTP benchmarks on a shared machine: one process, one thread, no network.
Run: `.venv/bin/python benchmarks/bench_turn_phases.py [--conversations 200] [--stock]`
(`--stock` takes back the speed patches of bot/rasa_patches.py, the session start aside, to compare).
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import logging
import statistics
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
warnings.filterwarnings("ignore")

from rasa.core.agent import Agent  # noqa: E402
from rasa.core.processor import MessageProcessor  # noqa: E402
from rasa.core.tracker_store import TrackerStore  # noqa: E402
from rasa.utils.endpoints import EndpointConfig  # noqa: E402
from rasa.utils.log_utils import configure_structlog  # noqa: E402

from bot.launch import tracker_store_config  # noqa: E402

QUESTIONS = ("你们会把我的信息分享给别人吗", "cookie怎么关闭", "提交请求要收费吗", "我的数据存在哪里")
PHASES = (
    "handle_message",
    "fetch_tracker_and_update_session",
    "parse_message",
    "run_action_extract_slots",
    "_run_prediction_loop",
    "_predict_next_with_tracker",
    "_run_action",
    "save_tracker",
)


def timed(name: str, function: Callable[..., Any], times: dict[str, list[float]]) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(function):

        async def timed_coroutine(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await function(*args, **kwargs)
            finally:
                times[name].append(time.perf_counter() - started)

        return timed_coroutine

    def timed_call(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            times[name].append(time.perf_counter() - started)

    return timed_call


async def measure(conversations: int, stock: bool) -> dict[str, list[float]]:
    times: dict[str, list[float]] = defaultdict(list)
    config = tracker_store_config(f"sqlite:///{tempfile.mkdtemp()}/tracker.db")
    config["encryption_key"] = "benchmark-key"
    agent = Agent.load(str(ROOT / "models" / "current.tar.gz"))
    store = TrackerStore.create(EndpointConfig.from_dict(config), domain=agent.domain)  # installs the patches
    if stock:
        from bot import dialogue_states, graph_order, log_copies, rule_matching

        graph_order.DaskGraphRunner.run = graph_order.STOCK_RUN  # type: ignore[method-assign]
        dialogue_states.DialogueStateTracker.past_states = dialogue_states.STOCK_PAST_STATES  # type: ignore[method-assign]
        del dialogue_states.Slot.__copy__
        rule_matching.RulePolicy._get_possible_keys = rule_matching.STOCK_POSSIBLE_KEYS  # type: ignore[method-assign]
        for module in log_copies.MODULES:
            module.copy = __import__("copy")  # type: ignore[attr-defined]
    agent.tracker_store = agent.processor.tracker_store = store
    for name in PHASES:
        setattr(MessageProcessor, name, timed(name, getattr(MessageProcessor, name), times))
    for number in range(-30, conversations):  # the first 30 warm up
        if number == 0:
            times.clear()
        for turn in range(2):
            await agent.handle_text(QUESTIONS[(number + turn) % 4], sender_id=f"bench-{number}")
    for number in range(conversations):
        started = time.perf_counter()
        await agent.parse_message(QUESTIONS[number % 4])
        times["Agent.parse_message (alone)"].append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--stock", action="store_true", help="without this project's speed patches")
    args = parser.parse_args()
    configure_structlog(logging.WARNING)
    logging.getLogger().setLevel(logging.WARNING)
    times = asyncio.run(measure(args.conversations, args.stock))
    print(f"{'phase':38s} {'calls':>6s} {'p50 ms':>8s}   ({args.conversations} conversations of 2 FAQ turns)")
    for name, samples in times.items():
        print(f"{name:38s} {len(samples):6d} {statistics.median(samples) * 1000:8.3f}")


if __name__ == "__main__":
    main()
