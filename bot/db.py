"""Database engine, session factory and shared column types; nothing connects at import time."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import DateTime, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker
from sqlalchemy.pool import QueuePool
from sqlalchemy.types import TypeDecorator

from bot.retry import RetryRules
from bot.settings import Settings

logger = logging.getLogger(__name__)
Base: Any = declarative_base()
Clock = Callable[[], datetime]
SessionFactory = Callable[[], Session]
# A new connection refused while the server restarts ("the database system is shutting down", refused) is
# tried again for this long before the request fails; a restart takes seconds. Work runs in threads.
CONNECT_PATIENCE_S = 15.0
CONNECT_RETRY = RetryRules(base=0.25, cap=2.0)


def utc_now() -> datetime:
    """The system clock, aware and in UTC; services take a clock so tests can pin time."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC and returns aware UTC, because SQLite drops time zones."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Build an engine; SQLite gets WAL, a busy timeout and foreign keys so threads can share it."""
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        if ":memory:" not in url and url not in ("sqlite://", "sqlite+pysqlite://"):
            # SQLAlchemy 1.4 defaults file databases to NullPool: every session would reopen the file
            # and every close would checkpoint the WAL (~15 ms each). Keep connections instead.
            kwargs.setdefault("poolclass", QueuePool)
            kwargs.setdefault("pool_size", 10)
            kwargs.setdefault("max_overflow", 30)
        engine = create_engine(url, future=True, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(url, future=True, **kwargs)
    event.listen(engine, "do_connect", _connect_waiting_for_restart)
    return engine


def _connect_waiting_for_restart(dialect: Any, _record: Any, cargs: tuple, cparams: dict) -> Any:
    """The DBAPI connection, tried again while the server cannot take one (pre-ping covers pooled ones)."""
    deadline = time.monotonic() + CONNECT_PATIENCE_S
    attempts = 0
    while True:
        try:
            return dialect.dbapi.connect(*cargs, **cparams)
        except dialect.dbapi.OperationalError as error:
            attempts += 1
            delay = CONNECT_RETRY.delay(attempts)
            if time.monotonic() + delay > deadline:
                raise
            reason = (str(error).strip() or type(error).__name__).splitlines()[0]
            logger.warning("database refused a connection (%s), retry in %.2f s", reason, delay)
            time.sleep(delay)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Apply per-connection SQLite settings the engine cannot express in the URL."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # With WAL, NORMAL is crash-safe (no corruption); only a power cut can lose the last commits.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker:
    """Sessions whose objects stay readable after commit, so the edge can serialise them."""
    return sessionmaker(engine, future=True, expire_on_commit=False)


def engine_from_settings(settings: Settings) -> Engine:
    """The DSR database named by DSR_DATABASE_URL."""
    return make_engine(settings.dsr_database_url)


@contextmanager
def session_scope(factory: SessionFactory) -> Iterator[Session]:
    """One unit of work at the edge: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def load_models() -> Any:
    """Import every model module so Base.metadata is complete (Alembic, test schemas)."""
    import bot.handoff.models  # noqa: F401
    import bot.intake.pending_model  # noqa: F401
    import bot.mail.models  # noqa: F401
    import bot.privacy.models  # noqa: F401
    import bot.staff.models  # noqa: F401
    import bot.tickets.models  # noqa: F401
    import bot.verification.models  # noqa: F401

    return Base.metadata


def upgrade_database(url: str, target: str = "heads") -> None:
    """Bring the schema to the newest Alembic revisions (run by `python -m bot.web` and `make run`).

    `heads`: the DSR chain and the `pending` branch (bot/intake/pending_model.py), whose one table is
    harmless in the DSR database; the action server's own file upgrades only `pending@head`.
    """
    from pathlib import Path

    from alembic import command
    from alembic.config import Config

    root = Path(__file__).resolve().parent.parent
    config = Config(str(root / "alembic.ini"))
    config.set_main_option("script_location", str(root / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    command.upgrade(config, target)
