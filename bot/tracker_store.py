"""Rasa adapter: the SQL tracker store, except that contact data never reaches the disk in clear.

Named in var/endpoints.yml (`type: bot.tracker_store.PrivateSQLTrackerStore`) for SQLite and
PostgreSQL alike. Messages are masked and sensitive slot values encrypted as each turn is saved
(rules in bot/privacy/redaction.py); slot values are decrypted again when Rasa loads the tracker, so
forms, `rasa shell` and the HTTP API behave as with the stock store. Erasure deletes rows of the same
`events` table (bot/privacy/erasure.py), without Rasa.

A database that goes away for a moment (a restart, a failover) is waited for: Rasa wraps every store in a
FailSafeTrackerStore that answers a failed read or write with an in-memory tracker, which forks the
conversation (a form forgotten on the next turn, a turn kept by one server only; `make faults`,
restart-postgres). Pooled connections are pinged before use, so those a restart killed are replaced.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses

from bot.crypto import CryptoError, FieldCipher
from bot.db import CONNECT_RETRY, make_engine
from bot.privacy import redaction
from bot.process_settings import process_settings
from bot.rasa_patches import install as install_rasa_patches
from bot.retry import RetryRules

logger = logging.getLogger(__name__)
# Every Rasa server of this project loads this module from its endpoints before the first message.
install_rasa_patches()
T = TypeVar("T")
# How long a turn waits for the database to come back, and how often it looks (a restart takes seconds).
DATABASE_AWAY_S = 30.0
DATABASE_RETRY = CONNECT_RETRY  # one pace for every wait on the database (bot/db.py)
DATABASE_AWAY = (sa.exc.OperationalError, sa.exc.InterfaceError)
# Kept on a tracker this store read or wrote: how many of its events the database holds. A copy of the
# tracker (Rasa makes some) does not carry it and is counted in the database, as Rasa's store does.
STORED_EVENTS = "_dsr_stored_events"


async def while_database_away(
    work: Callable[[], T], *, patience: float = DATABASE_AWAY_S, rules: RetryRules = DATABASE_RETRY
) -> T:
    """`work()`, tried again while the database cannot be reached, for at most `patience` seconds."""
    deadline = time.monotonic() + patience
    attempts = 0
    while True:
        try:
            return work()
        except DATABASE_AWAY as error:
            attempts += 1
            delay = rules.delay(attempts)
            if time.monotonic() + delay > deadline:
                raise
            logger.warning(
                "tracker store: database unreachable (%s), try %d again in %.2f s",
                type(error.orig).__name__,
                attempts,
                delay,
            )
            await asyncio.sleep(delay)


@cache
def _event_classes() -> dict[str, type[Event]]:
    """Event type name -> class, built once per process.

    Rasa's `Event.from_parameters` walks every Event subclass (`all_subclasses`) for each event it reads:
    on a 100-turn conversation that was a fifth of the Rasa server's time per message (#17, cProfile).
    """
    return {cls.type_name: cls for cls in reversed(all_subclasses(Event))}


def deserialise_events(dumps: list[dict[str, Any]]) -> list[Event]:
    """Rasa's `deserialise_events` with the class lookup above; unknown types go Rasa's own way."""
    classes = _event_classes()
    events = []
    for data in dumps:
        name = data.get("event")
        if name is None:
            continue
        cls = classes.get(name)
        event = cls._from_parameters(data) if cls else Event.from_parameters(data)
        if event:
            events.append(event)
    return events


def tracker_engine(url: sa.engine.URL) -> sa.engine.Engine:
    """Rasa's engine, with connections pinged before use (Rasa offers no setting for it).

    A SQLite file gets the backend's engine (bot/db.py): WAL, synchronous=NORMAL and kept connections.
    Rasa's own opened the file for every session in rollback-journal mode, and each turn's commit
    waited for its fsyncs: a quarter of the Rasa server's time under load (#17, py-spy).
    """
    if url.get_backend_name() == "sqlite":
        return make_engine(url.render_as_string(hide_password=False))
    return sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))


@dataclass(frozen=True)
class EventStatements:
    """The store's SQL, built once: SQLAlchemy compiles a statement object once and reuses it.

    Rasa's ORM queries were built anew each turn, and SQLAlchemy derived their cache keys and flushed
    each event through the unit of work: a tenth of the Rasa server's CPU per turn (#17, py-spy).
    `sender_id` is the one parameter.
    """

    session_events: sa.sql.Select  # `data` of the latest session's rows, as Rasa's `_event_query` picks them
    all_events: sa.sql.Select
    session_count: sa.sql.Select
    insert: sa.sql.Insert
    delete: sa.sql.Delete

    @classmethod
    def for_table(cls, events: sa.Table) -> EventStatements:
        sender = events.c.sender_id == sa.bindparam("sender_id")
        session_start = (
            sa.select(sa.func.max(events.c.timestamp))
            .where(sender, events.c.type_name == SessionStarted.type_name)
            .scalar_subquery()
        )
        in_session = sa.and_(sender, sa.or_(events.c.timestamp >= session_start, session_start.is_(None)))
        return cls(
            session_events=sa.select(events.c.data).where(in_session).order_by(events.c.id),
            all_events=sa.select(events.c.data).where(sender).order_by(events.c.id),
            session_count=sa.select(sa.func.count()).select_from(events).where(in_session),
            insert=events.insert(),
            delete=events.delete().where(sender),
        )


class PrivateSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that stores masked texts and AES-GCM sealed slot values."""

    def __init__(self, *args: Any, encryption_key: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Rasa builds the store from endpoints.yml; the key stays out of that file and comes
        # from the one settings object (environment or var/secrets/).
        key = encryption_key or process_settings().encryption_key
        self._cipher = FieldCipher(key)
        url = self.engine.url
        self.engine.dispose()
        self.engine = tracker_engine(url)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._sql = EventStatements.for_table(self.SQLEvent.__table__)

    @contextmanager
    def transaction(self) -> Iterator[sa.engine.Connection]:
        """A connection in a transaction, committed on leaving: Core, no ORM session per query (#17)."""
        with self.engine.begin() as connection:
            yield connection

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Like SQLTrackerStore.save, with each new event sealed before it is written.

        How many of the tracker's events the database holds is known when this store read or wrote the
        tracker, so the first try does not count them again (a query a turn, 5 % of the server's CPU; #17).
        Written again whole after a failure: what the database already holds is counted, not doubled.
        """
        await self.stream_events(tracker)
        known: list[int | None] = [getattr(tracker, STORED_EVENTS, None)]
        stored = await while_database_away(lambda: self._write(tracker, known.pop() if known else None))
        setattr(tracker, STORED_EVENTS, stored)

    def _write(self, tracker: DialogueStateTracker, stored: int | None = None) -> int:
        """Write the events the database lacks; returns how many of the tracker's events it now holds."""
        sender = {"sender_id": tracker.sender_id}
        with self.transaction() as connection:
            if stored is None:
                stored = connection.execute(self._sql.session_count, sender).scalar_one()
            every = [event.as_dict() for event in tracker.events]
            if redaction.withdraws(every[stored:]):
                # Withdrawn before filing: the whole conversation goes, and this turn is not written.
                # Rasa starts a fresh session on the next message, as after a session expiry.
                erased = connection.execute(self._sql.delete, sender).rowcount
                logger.info("conversation withdrawn before filing: %d events erased", erased)
                return 0
            # `tracker.events` holds this session only, as does `stored`: the rest is new.
            sealed = redaction.seal_events(
                every[stored:],
                requested=redaction.requested_before(every[:stored]),
                known=redaction.known_values(every),
                encrypt=self._cipher.encrypt,
            )
            rows = [
                {
                    "sender_id": tracker.sender_id,
                    "type_name": data.get("event"),
                    "timestamp": data.get("timestamp"),
                    "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
                    "action_name": data.get("name"),
                    "data": json.dumps(data),
                }
                for data in sealed
            ]
            if rows:
                connection.execute(self._sql.insert, rows)
            return len(every)

    def _decrypt(self, token: str) -> str:
        """A value sealed under a replaced DSR_ENCRYPTION_KEY reads as empty rather than crash the turn."""
        try:
            return self._cipher.decrypt(token)
        except CryptoError:
            logger.warning("a sealed slot value could not be decrypted (key changed?); read as empty")
            return "null"

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        events = await while_database_away(lambda: self._read(sender_id, fetch_events_from_all_sessions))
        if not self.domain or not events:
            return None
        tracker = DialogueStateTracker.from_events(sender_id, deserialise_events(events), self.domain.slots)
        if not fetch_events_from_all_sessions:  # the rows `save` would count: those of the last session
            setattr(tracker, STORED_EVENTS, len(events))
        return tracker

    def _read(self, sender_id: str, fetch_events_from_all_sessions: bool) -> list[dict[str, Any]]:
        statement = self._sql.all_events if fetch_events_from_all_sessions else self._sql.session_events
        with self.transaction() as connection:
            rows = connection.execute(statement, {"sender_id": sender_id}).scalars().all()
            return [redaction.unseal_event(json.loads(data), self._decrypt) for data in rows]
