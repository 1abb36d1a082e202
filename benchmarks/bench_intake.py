"""Server-side time of a full data-subject request conversation, and p50/p95 per turn.

Needs the running assistant with the real backend and SMTP sink (e.g. `make run`); the code is read
from the sink's .eml files exactly as the person would read it. Then:
    .venv/bin/python benchmarks/bench_intake.py [--n 10]
(RASA_URL default http://127.0.0.1:5005; MAIL_SINK_DIR default var/mail.) Each conversation is a
deletion request: opening with name + email + details, skip the phone, the emailed code, confirm.
Per turn: the REST round trip on loopback (NLU, policies, action server, backend calls). The
conversation total is the sum of its turns: time spent waiting for the mail is not server time.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import os
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.settings import Settings  # noqa: E402

CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
TURNS = ("opening", "phone", "code", "confirm")


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    if len(samples) == 1:
        return samples[0] * 1000, samples[0] * 1000
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000


def say(client: httpx.Client, sender: str, text: str) -> tuple[float, str]:
    started = time.perf_counter()
    response = client.post("/webhooks/rest/webhook", json={"sender": sender, "message": text})
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    return elapsed, "\n".join(str(m.get("text", "")) for m in response.json())


def wait_for_code(mail_dir: Path, to: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(mail_dir.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if to in str(message.get("To", "")):
                body = message.get_body(preferencelist=("plain",))
                found = CODE.search(body.get_content() if body else "")
                if found:
                    return found.group(0)
        time.sleep(0.1)
    raise SystemExit(f"no verification mail for {to} in {mail_dir} within {timeout:.0f} s")


def conversation(client: httpx.Client, mail_dir: Path) -> dict[str, float]:
    sender = f"bench-{uuid.uuid4().hex[:10]}"
    address = f"bench.{uuid.uuid4().hex[:8]}@example.com"
    times: dict[str, float] = {}
    times["opening"], _ = say(client, sender, f"我叫吴婷，邮箱 {address}，删除我的简历")
    times["phone"], asked = say(client, sender, "跳过")
    if "验证码" not in asked:
        raise SystemExit(f"unexpected reply at the phone step: {asked!r}")
    code = wait_for_code(mail_dir, address)
    times["code"], _ = say(client, sender, code)
    times["confirm"], filed = say(client, sender, "/affirm")
    if "DSR-" not in filed:
        raise SystemExit(f"request not filed: {filed!r}")
    return times


def main(settings: Settings) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10, help="full conversations to run")
    args = parser.parse_args()
    rasa_url = settings.bench_rasa_url or settings.rasa_url
    with httpx.Client(base_url=rasa_url, timeout=60) as client:
        conversation(client, settings.mail_sink_dir)  # warm-up: model loading, first connections
        runs = [conversation(client, settings.mail_sink_dir) for _ in range(args.n)]
    totals = [sum(run.values()) for run in runs]
    p50, p95 = percentiles(totals)
    print(f"full request conversation ({len(TURNS)} turns, n={args.n}): p50 {p50:.0f} ms  p95 {p95:.0f} ms")
    for turn in TURNS:
        p50, p95 = percentiles([run[turn] for run in runs])
        print(f"  {turn:<8} p50 {p50:6.0f} ms  p95 {p95:6.0f} ms")
    p50, p95 = percentiles([t for run in runs for t in run.values()])
    print(f"  all turns p50 {p50:6.0f} ms  p95 {p95:6.0f} ms")


if __name__ == "__main__":
    main(Settings.from_env(os.environ))
