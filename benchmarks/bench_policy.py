"""Latency of policy Q&A turns against a running assistant, next to the bare NLU cost, in one run.

Needs the Rasa server (REST channel + HTTP API) and the action server running, e.g. `make run`, or:
    .venv/bin/rasa run actions &
    .venv/bin/rasa run --enable-api --auth-token "$RASA_TOKEN" -m models &
Then: `.venv/bin/python benchmarks/bench_policy.py [--n 50]` (RASA_URL, default http://127.0.0.1:5005;
RASA_TOKEN from the environment or var/secrets/). Prints p50/p95 in milliseconds for
  faq       a FAQ question through /webhooks/rest/webhook (NLU + ResponseSelector + rule + utterance)
  fallback  a question the classifier is unsure of, answered by action_policy_fallback (BM25 passage)
  parse     /model/parse alone on the same questions (the NLU share of both)
Requests are interleaved so all three see the same machine load.
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

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.settings import Settings  # noqa: E402

FAQ_QUESTIONS = ("你们会把我的信息分享给别人吗", "cookie怎么关闭", "提交请求要收费吗", "我的数据存在哪里")
# Policy wording the FAQ was not trained on: the classifier falls back and BM25 answers from a passage.
FALLBACK_QUESTIONS = ("员工信息安全规则体系", "中国及其他相关司法辖区的强制性规则", "业务控制发生变更购买方")
PASSAGE_MARK = "政策原文是这样写的"


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000


def timed(call: Callable[[], httpx.Response]) -> tuple[float, httpx.Response]:
    start = time.perf_counter()
    response = call()
    return time.perf_counter() - start, response


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="turns per kind")
    args = parser.parse_args(argv)
    settings = Settings.from_env(os.environ)
    base = os.environ.get("RASA_URL", settings.rasa_url).rstrip("/")
    token = {"token": settings.rasa_token} if settings.rasa_token else {}

    samples: dict[str, list[float]] = {"faq": [], "fallback": [], "parse": []}
    passage_answers = 0
    with httpx.Client(base_url=base, timeout=30.0) as client:
        try:
            client.get("/").raise_for_status()
        except httpx.HTTPError as error:
            print(f"no Rasa server at {base} ({error}); start one first (see the module docstring)")
            return 2
        for i in range(args.n):
            faq, fallback = (
                FAQ_QUESTIONS[i % len(FAQ_QUESTIONS)],
                FALLBACK_QUESTIONS[i % len(FALLBACK_QUESTIONS)],
            )
            sender = f"bench-{uuid.uuid4().hex[:8]}"
            seconds, _ = timed(
                lambda q=faq, s=sender: client.post(
                    "/webhooks/rest/webhook", json={"sender": s, "message": q}
                )
            )
            samples["faq"].append(seconds)
            seconds, reply = timed(
                lambda q=fallback, s=sender: client.post(
                    "/webhooks/rest/webhook", json={"sender": s, "message": q}
                )
            )
            samples["fallback"].append(seconds)
            passage_answers += any(PASSAGE_MARK in (m.get("text") or "") for m in reply.json())
            seconds, parsed = timed(lambda q=faq: client.post("/model/parse", params=token, json={"text": q}))
            parsed.raise_for_status()
            samples["parse"].append(seconds)

    print(f"{'turn':<10}{'p50 ms':>10}{'p95 ms':>10}   n={args.n}, server {base}")
    for name, values in samples.items():
        p50, p95 = percentiles(values)
        print(f"{name:<10}{p50:>10.1f}{p95:>10.1f}")
    print(f"fallback turns answered from a passage: {passage_answers}/{args.n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
