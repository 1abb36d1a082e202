"""`make load`: many concurrent conversations through the cluster's nginx, then the books.

Needs `make run-cluster` up. Runs `--conversations` visitors at once for `--seconds` (each starts a new
conversation when one ends; none starts after the time is up, and those under way get `--grace` seconds
to finish), a mix as on the real site: most ask policy questions, one in ten files a request end to end
reading its code from the sink, some ask for a status; half over REST, half over socket.io. Prints
throughput, p50/p95/p99 per kind of turn and the errors, then checks the books (benchmarks/cluster/books.py).
    .venv/bin/python benchmarks/load_cluster.py [--conversations 200] [--seconds 120]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
import uuid
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.cluster.books import TICKET, MailSink, Request, check_books  # noqa: E402
from benchmarks.cluster.clients import RestVisitor, SocketVisitor, visitor_address  # noqa: E402
from bot.channels.socketio import SESSION_EXPIRED_REPLY  # noqa: E402
from bot.cluster.topology import Topology, cluster_var_dir  # noqa: E402
from bot.intake.texts_filing import KEPT_FOR_LATER  # noqa: E402
from bot.settings import Settings  # noqa: E402

QUESTIONS = (
    "你们保存我的数据多久？",
    "你们会把我的信息共享给第三方吗",
    "人脸数据怎么处理的",
    "我怎么撤回同意",
    "你们用cookie吗",
    "未成年人的信息怎么保护",
)
CODE_WAIT_S = 90
# The confirmation's answer while the backend is down: "the request is kept and filed later".
KEPT = KEPT_FOR_LATER.split("。")[0]


class Run:
    """What the load saw: turn times by kind, errors by kind, the request conversations."""

    def __init__(self, sink: MailSink, think: tuple[float, float] = (0.0, 0.0)) -> None:
        self.sink = sink
        self.think = think  # seconds a person takes to read and type, drawn for each turn
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()
        self.retyped: Counter[str] = Counter()  # turns a dying server took, typed once more (clients.py)
        self.conversations: Counter[str] = Counter()
        self.requests: list[Request] = []

    async def turn(
        self, visitor: RestVisitor | SocketVisitor, kind: str, text: str, expect: tuple[str, ...] = ()
    ) -> str:
        """One turn; `expect`: the reply must contain one of these."""
        await asyncio.sleep(random.uniform(*self.think))
        try:
            turn = await visitor.say(text, expect)
        except Exception as error:  # noqa: BLE001 - every failure is counted by kind and type, none stops the load
            self.errors[f"{kind}: {type(error).__name__}"] += 1
            raise
        self.times[kind].append(turn.seconds)
        self.retyped[kind] += turn.retyped
        if SESSION_EXPIRED_REPLY in turn.text:  # a socket the server no longer knows: not an answer
            self.errors[f"{kind}: session expired"] += 1
            raise LookupError(kind)
        if expect and not any(wanted in turn.text for wanted in expect):
            self.errors[f"{kind}: answered {turn.text[:24]!r}..."] += 1
            raise LookupError(kind)
        return turn.text

    async def policy(self, visitor: RestVisitor | SocketVisitor) -> None:
        for question in random.sample(QUESTIONS, 3):
            await self.turn(visitor, "policy", question)

    async def status(self, visitor: RestVisitor | SocketVisitor) -> None:
        await self.turn(visitor, "status", "查询申请进度")
        await self.turn(visitor, "status", "DSR-2345AB")  # no such ticket: no mail is sent for it

    async def request(self, visitor: RestVisitor | SocketVisitor) -> None:
        address = f"load.{uuid.uuid4().hex[:10]}@example.com"
        request = Request(conversation_id=visitor.conversation_id, address=address)
        self.requests.append(request)
        await self.turn(visitor, "request-opening", f"我叫吴婷，邮箱 {address}，删除我的简历")
        await self.turn(visitor, "request-phone", "跳过", expect=("验证码",))
        request.codes_shown = 1
        code = await self._code(address)
        await self.turn(visitor, "request-code", code)
        filed = await self.turn(visitor, "request-confirm", "对", expect=("DSR-", KEPT))
        found = TICKET.search(filed)
        request.ticket = found.group(0) if found else None
        request.kept = not found and KEPT in filed

    async def _code(self, address: str) -> str:
        deadline = time.monotonic() + CODE_WAIT_S
        while time.monotonic() < deadline:
            code = self.sink.code_for(address)
            if code:
                return code
            await asyncio.sleep(0.5)
        self.errors["request-code: no code mail"] += 1
        raise LookupError("no code mail")


async def visitor_loop(run: Run, slot: int, args: argparse.Namespace, token: str, stop_at: float) -> None:
    """One concurrent visitor: conversation after conversation until the time is up."""
    n = slot
    while time.monotonic() < stop_at:
        address = visitor_address(n)
        n += args.conversations
        socket = random.random() < args.socket_share
        visitor = (
            SocketVisitor(args.url, address)
            if socket
            else RestVisitor(args.url, token, f"load-{uuid.uuid4().hex[:12]}", address)
        )
        draw = random.random()
        kind = (
            "request"
            if draw < args.request_share
            else "status"
            if draw < args.request_share + args.status_share
            else "policy"
        )
        try:
            await visitor.open()
            run.conversations[f"{kind}/{visitor.kind}"] += 1
            await getattr(run, kind)(visitor)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - counted in Run.turn or here, the visitor goes on
            if not isinstance(error, LookupError) and visitor.kind == "socketio" and not visitor.token:
                run.errors[f"connect: {type(error).__name__}"] += 1
        finally:
            await visitor.close()


def percentile_line(kind: str, samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100, method="inclusive") if len(samples) > 1 else samples * 99
    p50, p95, p99 = (cuts[i] * 1000 for i in (49, 94, 98))
    return f"  {kind:<16} n={len(samples):<6} p50 {p50:7.0f} ms  p95 {p95:7.0f} ms  p99 {p99:7.0f} ms"


async def main(args: argparse.Namespace, settings: Settings) -> int:
    cluster = Settings.from_env(
        {**os.environ, "VAR_DIR": str(cluster_var_dir(settings))}
    ).with_generated_secrets()
    run = Run(MailSink(cluster.mail_sink_dir), (args.think_min, args.think_max))
    since = datetime.now(timezone.utc)
    started = time.monotonic()
    stop_at = started + args.seconds
    tasks = [
        asyncio.create_task(visitor_loop(run, slot, args, cluster.rasa_token, stop_at))
        for slot in range(args.conversations)
    ]
    done, pending = await asyncio.wait(tasks, timeout=args.seconds + args.grace)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    elapsed = time.monotonic() - started
    turns = sum(len(samples) for samples in run.times.values())
    print(
        f"load: {args.conversations} concurrent visitors for {args.seconds} s through {args.url}, "
        f"{args.think_min:g}-{args.think_max:g} s between turns "
        f"({elapsed:.0f} s in all)"
    )
    print(
        f"conversations started: {sum(run.conversations.values())}  {dict(sorted(run.conversations.items()))}"
    )
    print(
        f"turns answered: {turns}  throughput {turns / elapsed:.1f} turns/s; "
        f"cut off at the end: {len(pending)}"
    )
    for kind in sorted(run.times):
        print(percentile_line(kind, run.times[kind]))
    print(f"errors: {sum(run.errors.values())}  {dict(run.errors)}")
    print(f"turns retyped after a server dropped them: {sum(run.retyped.values())}  {dict(+run.retyped)}")
    await asyncio.sleep(args.settle)  # receipts are mailed by the backends' outbox a moment after filing
    books = check_books(run.requests, run.sink, settings.cluster_database_url, since)
    print(books.report())
    return 0 if books.balanced and not run.errors else 1


def parse(argv: list[str], topology: Topology) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=200, help="visitors at once")
    parser.add_argument("--seconds", type=int, default=120, help="how long new conversations start")
    parser.add_argument("--grace", type=int, default=180, help="how long those under way may finish")
    parser.add_argument(
        "--settle", type=float, default=10, help="seconds for the last mails before the books"
    )
    parser.add_argument("--think-min", type=float, default=2, help="seconds before each turn, at least")
    parser.add_argument("--think-max", type=float, default=8, help="and at most (people read and type)")
    parser.add_argument("--request-share", type=float, default=0.1)
    parser.add_argument("--status-share", type=float, default=0.15)
    parser.add_argument("--socket-share", type=float, default=0.5)
    parser.add_argument("--url", default=topology.public_url)
    return parser.parse_args(argv)


if __name__ == "__main__":
    settings = Settings.from_env(os.environ)
    arguments = parse(sys.argv[1:], Topology.from_settings(settings))
    sys.exit(asyncio.run(main(arguments, settings)))
