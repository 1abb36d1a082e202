"""The backend's engine waits for a PostgreSQL that is restarting instead of failing the request."""

from __future__ import annotations

import os
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from bot import db

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")
pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="needs TEST_POSTGRES_URL (a PostgreSQL)")


def _shut_for(failures: int, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """psycopg2.connect refuses `failures` times as a server shutting down does; returns the call count."""
    import psycopg2

    real, calls = psycopg2.connect, [0]

    def connect(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] <= failures:
            raise psycopg2.OperationalError("FATAL:  the database system is shutting down")
        return real(*args, **kwargs)

    monkeypatch.setattr(psycopg2, "connect", connect)
    monkeypatch.setattr(db, "CONNECT_RETRY", db.RetryRules(base=0.01, cap=0.02))
    return calls


def test_a_connection_asked_for_during_a_restart_is_made_once_the_server_takes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`make faults` restart-postgres: a code check during `pg_ctl restart` answered 500 before."""
    calls = _shut_for(3, monkeypatch)
    engine = db.make_engine(POSTGRES_URL)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT 1")).scalar() == 1
    finally:
        engine.dispose()
    assert calls[0] == 4


def test_a_database_away_longer_than_the_patience_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _shut_for(10_000, monkeypatch)
    monkeypatch.setattr(db, "CONNECT_PATIENCE_S", 0.2)
    engine = db.make_engine(POSTGRES_URL)
    with pytest.raises(OperationalError):
        engine.connect()
    assert 2 <= calls[0] < 10_000
