"""Latency of policy Q&A turns against a running assistant, next to the bare NLU cost, in one run.

Needs the Rasa server (REST channel + HTTP API) and the action server running, e.g. `make run`, or:
    .venv/bin/rasa run actions &
    .venv/bin/rasa run --enable-api --auth-token "$RASA_TOKEN" -m models &
Then: `.venv/bin/python benchmarks/bench_policy.py [--n 50]` (RASA_URL, default http://127.0.0.1:5005;
RASA_TOKEN from the environment or var/secrets/). Prints p50/p95 in milliseconds for
  faq new   a FAQ question opening a new conversation through /webhooks/rest/webhook (session start too)
  faq on    the next FAQ question in that conversation (NLU + FAQ topic selector + rule + utterance)
  fallback  a question the classifier is unsure of, answered by action_policy_fallback (BM25 passage):
            /model/parse + logging the message as nlu_fallback + executing the action, timed together.
            (DIET is too sure of itself to fall back on a fixed question reliably, so the fallback is forced
            through the HTTP API; the prediction of the action by the rule is the only step left out.)
  parse     /model/parse alone on a policy question (the NLU share of both)
Requests are interleaved so all three see the same machine load. The FAQ turns and the parse each get a
question not asked before in the run (benchmarks/fresh_messages.py): a repeated one would be a cache hit.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.fresh_messages import fresh_messages  # noqa: E402
from bot.settings import Settings  # noqa: E402

# Questions in policy wording the FAQ was not trained on, answered by BM25 from a passage.
FALLBACK_QUESTIONS = (
    "员工信息安全规则体系",
    "中国及其他相关司法辖区的强制性规则",
    "个人信息安全影响评估报告",
)
FALLBACK_PARSE = {"intent": {"name": "nlu_fallback", "confidence": 0.3}, "entities": []}
T = TypeVar("T")
PASSAGE_MARK = "政策原文是这样写的"


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000


def timed(call: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def _parse(client: httpx.Client, token: dict[str, str], text: str) -> dict[str, Any]:
    response = client.post("/model/parse", params=token, json={"text": text})
    response.raise_for_status()
    return dict(response.json())


def _rest_turn(client: httpx.Client, sender: str, text: str) -> list[str]:
    response = client.post("/webhooks/rest/webhook", json={"sender": sender, "message": text})
    response.raise_for_status()
    return [m.get("text") or "" for m in response.json()]


def _forced_fallback_turn(client: httpx.Client, token: dict[str, str], sender: str, text: str) -> list[str]:
    _parse(client, token, text)
    logged = client.post(
        f"/conversations/{sender}/messages",
        params=token,
        json={"text": text, "sender": "user", "parse_data": {**FALLBACK_PARSE, "text": text}},
    )
    logged.raise_for_status()
    executed = client.post(
        f"/conversations/{sender}/execute", params=token, json={"name": "action_policy_fallback"}
    )
    executed.raise_for_status()
    return [m.get("text") or "" for m in executed.json().get("messages", [])]


def main(settings: Settings, argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="turns per kind")
    args = parser.parse_args(argv)
    base = settings.bench_rasa_url or settings.rasa_url
    token = {"token": settings.rasa_token} if settings.rasa_token else {}

    samples: dict[str, list[float]] = {"faq new": [], "faq on": [], "fallback": [], "parse": []}
    passage_answers = 0
    questions = fresh_messages()
    with httpx.Client(base_url=base, timeout=30.0) as client:
        try:
            client.get("/").raise_for_status()
        except httpx.HTTPError as error:
            print(f"no Rasa server at {base} ({error}); start one first (see the module docstring)")
            return 2
        for i in range(args.n):
            faq, fallback = next(questions), FALLBACK_QUESTIONS[i % len(FALLBACK_QUESTIONS)]
            sender = f"bench-{uuid.uuid4().hex[:8]}"
            seconds, _ = timed(lambda q=faq, s=sender: _rest_turn(client, s, q))
            samples["faq new"].append(seconds)
            again = next(questions)
            seconds, _ = timed(lambda q=again, s=sender: _rest_turn(client, s, q))
            samples["faq on"].append(seconds)
            seconds, texts = timed(lambda q=fallback, s=sender: _forced_fallback_turn(client, token, s, q))
            samples["fallback"].append(seconds)
            passage_answers += any(PASSAGE_MARK in text for text in texts)
            unseen = next(questions)
            seconds, _ = timed(lambda q=unseen: _parse(client, token, q))
            samples["parse"].append(seconds)

    print(f"{'turn':<10}{'p50 ms':>10}{'p95 ms':>10}{'/ parse':>9}   n={args.n}, server {base}")
    parse_p50 = percentiles(samples["parse"])[0]
    for name, values in samples.items():
        p50, p95 = percentiles(values)
        print(f"{name:<10}{p50:>10.1f}{p95:>10.1f}{p50 / parse_p50:>8.1f}x")
    print(
        f"fallback turns answered from a passage (others: rephrase / not covered): {passage_answers}/{args.n}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(Settings.from_env(os.environ)))
