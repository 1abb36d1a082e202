"""Fresh DSR databases for tests: SQLite per test (copied from a migrated template) and PostgreSQL.

PostgreSQL runs when TEST_POSTGRES_URL is set: one fresh schema per test session, migrated with
Alembic, tables truncated between tests, schema dropped at the end.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import sessionmaker

from bot.db import load_models, make_engine, make_session_factory, upgrade_database

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_SKIP_REASON = "TEST_POSTGRES_URL is not set; PostgreSQL variant skipped (see .ci/run)"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def upgrade_connection(connection: Connection) -> None:
    """Run the real migrations on a given connection (so they run inside the test schema)."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["connection"] = connection
    config.attributes["configure_logger"] = False
    command.upgrade(config, "heads")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate once per session; each test copies the file, which is much faster than migrating."""
    path = tmp_path_factory.mktemp("dsr-template") / "template.db"
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine]:
    """A fresh schema in TEST_POSTGRES_URL's database for this session, migrated with Alembic."""
    url = os.environ.get("TEST_POSTGRES_URL", "")
    if not url:
        pytest.skip(POSTGRES_SKIP_REASON)
    schema = f"dsr_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, future=True)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    # synchronous_commit=off: test data need not survive a crash, and commits stop waiting for fsync.
    options = f"-csearch_path={schema} -csynchronous_commit=off"
    engine = make_engine(url, connect_args={"options": options}, pool_size=25)
    with engine.begin() as connection:
        upgrade_connection(connection)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def _truncate(engine: Engine) -> None:
    """Empty the tables a test used (TRUNCATE skips the append-only triggers; few tables is faster)."""
    tables = [table.name for table in load_models().sorted_tables]
    probe = " UNION ALL ".join(f"SELECT '{name}' WHERE EXISTS (SELECT 1 FROM \"{name}\")" for name in tables)
    with engine.begin() as connection:
        used = [row[0] for row in connection.exec_driver_sql(probe)]
        if used:
            names = ", ".join(f'"{name}"' for name in used)
            connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


@pytest.fixture(params=BACKENDS)
def db_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty, fully migrated DSR database; every test using it runs on SQLite and on PostgreSQL."""
    if request.param == "postgres":
        engine: Engine = request.getfixturevalue("postgres_engine")
        _truncate(engine)
        yield engine
        return
    path = tmp_path / "dsr.db"
    shutil.copy(request.getfixturevalue("sqlite_template"), path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(db_engine: Engine) -> sessionmaker:
    """Sessions bound to the test database."""
    return make_session_factory(db_engine)
