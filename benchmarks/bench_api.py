"""Tickets filed per second and p95 latency for 20 concurrent API clients, on SQLite and PostgreSQL.

Run: `.venv/bin/python benchmarks/bench_api.py [--requests 400] [--clients 20]`. PostgreSQL runs when
TEST_POSTGRES_URL is set (a throwaway schema is created and dropped). The backend is served by uvicorn
over real HTTP on loopback; each request is a full POST /api/tickets (token redemption, duplicate
check, encryption, audit event, outbox row, commit). Verifications are prepared beforehand through the
service layer, so the figure measures filing, not the 60 s resend limit.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from sqlalchemy import create_engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.crypto import FieldCipher  # noqa: E402
from bot.db import make_engine, make_session_factory, session_scope, upgrade_database, utc_now  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.verification import service as verification  # noqa: E402
from bot.web.app import create_app  # noqa: E402

TOKEN = "bench-token"
KEY = "bench-encryption-key"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def sqlite_factory() -> Iterator[object]:
    """A migrated SQLite file in a temporary directory."""
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{directory}/bench.db"
        upgrade_database(url)
        engine = make_engine(url)
        yield make_session_factory(engine)
        engine.dispose()


@contextmanager
def postgres_factory(url: str) -> Iterator[object]:
    """A migrated throwaway schema in TEST_POSTGRES_URL's database."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, future=True)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"}, pool_size=25)
    try:
        from tests.support.database import upgrade_connection

        with engine.begin() as connection:
            upgrade_connection(connection)
        yield make_session_factory(engine)
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def prepare_tokens(factory: object, count: int) -> list[tuple[str, str]]:
    """(email, verification token) pairs, one distinct contact per ticket so none is a duplicate."""
    cipher, pairs = FieldCipher(KEY), []
    with session_scope(factory) as session:  # type: ignore[arg-type]
        for i in range(count):
            email = f"bench{i}@example.com"
            info = verification.start_verification(
                session=session,
                cipher=cipher,
                purpose="file_request",
                email=email,
                now=utc_now(),
                code_source=lambda: "123456",
            )
            result = verification.check_code(
                session=session, cipher=cipher, challenge_id=info.challenge_id, code="123456", now=utc_now()
            )
            pairs.append((email, result.verification_token))
    return pairs


async def client_worker(base: str, jobs: list[tuple[str, str]], latencies: list[float]) -> int:
    """One API client filing its share sequentially; returns how many were 201."""
    ok = 0
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
        for email, token in jobs:
            body = {
                "type": "access",
                "scenario": "recruitment",
                "name": "基准测试",
                "email": email,
                "details": "查阅我的简历信息",
                "channel": "bench",
                "verification_token": token,
            }
            started = time.perf_counter()
            response = await client.post("/api/tickets", json=body, headers={"Idempotency-Key": email})
            latencies.append(time.perf_counter() - started)
            ok += response.status_code == 201
    return ok


def run_backend(name: str, factory: object, requests: int, clients: int) -> None:
    """Serve the app with uvicorn in a thread and drive it with `clients` concurrent clients."""
    pairs = prepare_tokens(factory, requests)
    port = free_port()
    settings = Settings.from_env(
        {"VAR_DIR": tempfile.gettempdir(), "DSR_API_TOKEN": TOKEN, "DSR_ENCRYPTION_KEY": KEY}
    )
    app = create_app(settings, session_factory=factory, start_outbox=False)  # type: ignore[arg-type]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("uvicorn failed to start; see the error above")
        time.sleep(0.05)
    latencies: list[float] = []
    shares = [pairs[i::clients] for i in range(clients)]

    async def drive() -> int:
        results = await asyncio.gather(
            *(client_worker(f"http://127.0.0.1:{port}", s, latencies) for s in shares)
        )
        return sum(results)

    started = time.perf_counter()
    filed = asyncio.run(drive())
    elapsed = time.perf_counter() - started
    server.should_exit = True
    thread.join()
    p95 = statistics.quantiles(latencies, n=100)[94] * 1000
    p50 = statistics.median(latencies) * 1000
    print(
        f"{name:10s} {clients} clients  {filed}/{requests} filed in {elapsed:.2f} s  "
        f"{filed / elapsed:7.1f} tickets/s  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms",
        flush=True,
    )


def main(settings: Settings) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    print(f"CPU cores: {os.cpu_count()}", flush=True)
    with sqlite_factory() as factory:
        run_backend("sqlite", factory, args.requests, args.clients)
    url = settings.bench_postgres_url
    if url:
        with postgres_factory(url) as factory:
            run_backend("postgresql", factory, args.requests, args.clients)
    else:
        print("postgresql skipped: TEST_POSTGRES_URL is not set", flush=True)


if __name__ == "__main__":
    main(Settings.from_env(os.environ))
