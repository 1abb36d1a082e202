"""The stores erasure and retention reach, on the same database kind as the DSR database of the test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from bot.privacy.stores import ExternalStores
from tests.support.database import POSTGRES_SKIP_REASON
from tests.support.tracker_store import SCHEMA


@pytest.fixture(scope="session")
def postgres_tracker() -> Iterator[Engine]:
    """One PostgreSQL database for Rasa's `events` table, for the whole session."""
    base = os.environ.get("TEST_POSTGRES_URL", "")
    if not base:
        pytest.skip(POSTGRES_SKIP_REASON)
    name = f"tracker_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = create_engine(base.rsplit("/", 1)[0] + "/" + name)
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def external(request: pytest.FixtureRequest, db_engine: Engine, tmp_path: Path) -> ExternalStores:
    """Tracker `events` table (SQLite, or PostgreSQL beside a PostgreSQL DSR database), sink, pending file."""
    if db_engine.dialect.name == "postgresql":
        tracker: Engine = request.getfixturevalue("postgres_tracker")
        with tracker.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS events"))
            connection.execute(text(SCHEMA.replace("id INTEGER PRIMARY KEY", "id SERIAL PRIMARY KEY")))
    else:
        tracker = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
        with tracker.begin() as connection:
            connection.execute(text(SCHEMA))
    (tmp_path / "mail").mkdir()
    return ExternalStores(tracker=tracker, sink_dir=tmp_path / "mail", pending_path=tmp_path / "pending.db")
