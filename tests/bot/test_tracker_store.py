"""The tracker store subclass against real SQL databases: the bytes on disk hold no contact data."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    ConversationPaused,
    SessionStarted,
    SlotSet,
    UserUttered,
    deserialise_events,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy import create_engine, text
from sqlalchemy import event as sa_event
from sqlalchemy.exc import OperationalError

from bot import tracker_store
from bot.launch import tracker_store_config
from tests.support.database import POSTGRES_SKIP_REASON

ROOT = Path(__file__).resolve().parents[2]
NAME, EMAIL, PHONE = "吴婷", "wu.ting@example.com", "13800138000"
KEY = "test-encryption-key"


def forms_of(value: str) -> list[bytes]:
    """The value as UTF-8 and as the \\uXXXX escapes Rasa's json.dumps writes."""
    return [value.encode(), json.dumps(value).strip('"').encode()]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


def make_store(url: str, domain: Domain) -> TrackerStore:
    config = {**tracker_store_config(url), "encryption_key": KEY}
    return TrackerStore.create(EndpointConfig.from_dict(config), domain=domain)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tracker.db'}"
        return
    base = os.environ.get("TEST_POSTGRES_URL", "")
    if not base:
        pytest.skip(POSTGRES_SKIP_REASON)
    name = f"tracker_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def turn(sender: str, domain: Domain) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, domain.slots)
    tracker.update(SlotSet("requested_slot", "intake_name"))
    tracker.update(UserUttered(NAME, {"name": "inform", "confidence": 0.9}))
    tracker.update(ActionExecuted("intake_form"))
    tracker.update(SlotSet("intake_name", NAME))
    tracker.update(SlotSet("requested_slot", "intake_email"))
    tracker.update(UserUttered(f"邮箱 {EMAIL} 手机 {PHONE}", {"name": "inform", "confidence": 0.9}))
    tracker.update(SlotSet("intake_email", EMAIL))
    tracker.update(SlotSet("intake_phone", PHONE))
    tracker.update(BotUttered(f"请确认：{NAME} / {EMAIL} / {PHONE}"))
    return tracker


def raw_dump(url: str) -> bytes:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT sender_id, type_name, action_name, data FROM events"))
        dump = "\n".join(" ".join(str(value) for value in row) for row in rows).encode()
    engine.dispose()
    return dump


async def test_stored_events_hold_no_name_email_or_phone(store_url: str, domain: Domain) -> None:
    store = make_store(store_url, domain)
    await store.save(turn("conv-1", domain))
    dump = raw_dump(store_url)
    assert b"conv-1" in dump and b"intake_email" in dump
    for value in (NAME, EMAIL, PHONE):
        assert not any(form in dump for form in forms_of(value)), value
    if store_url.startswith("sqlite"):
        whole_file = Path(store_url.removeprefix("sqlite:///")).read_bytes()
        assert not any(form in whole_file for value in (NAME, EMAIL, PHONE) for form in forms_of(value))


async def test_loaded_tracker_has_clear_slots_and_masked_texts(store_url: str, domain: Domain) -> None:
    store = make_store(store_url, domain)
    await store.save(turn("conv-2", domain))
    loaded = await store.retrieve("conv-2")
    assert loaded is not None
    assert (loaded.get_slot("intake_name"), loaded.get_slot("intake_email")) == (NAME, EMAIL)
    texts = [event.text for event in loaded.events if isinstance(event, (UserUttered, BotUttered))]
    assert texts == [
        "[姓名]",
        "邮箱 wu***@example.com 手机 138****8000",
        "请确认：[姓名] / wu***@example.com / 138****8000",
    ]


async def test_a_later_turn_appends_only_its_own_events(store_url: str, domain: Domain) -> None:
    store = make_store(store_url, domain)
    await store.save(turn("conv-3", domain))
    tracker = await store.retrieve("conv-3")
    assert tracker is not None
    before = len(tracker.events)
    tracker.update(UserUttered("确认", {"name": "affirm", "confidence": 0.99}))
    await store.save(tracker)
    again = await store.retrieve("conv-3")
    assert again is not None and len(again.events) == before + 1
    assert again.get_slot("intake_phone") == PHONE


async def test_a_cancelled_request_erases_the_whole_conversation(store_url: str, domain: Domain) -> None:
    store = make_store(store_url, domain)
    await store.save(turn("conv-4", domain))
    await store.save(turn("conv-5", domain))
    tracker = await store.retrieve("conv-4")
    assert tracker is not None
    tracker.update(UserUttered("算了", {"name": "stop", "confidence": 0.99}))
    tracker.update(ActionExecuted("action_cancel_intake"))
    await store.save(tracker)
    assert await store.retrieve("conv-4") is None
    assert await store.retrieve("conv-5") is not None


async def test_values_sealed_under_another_key_read_as_empty(store_url: str, domain: Domain) -> None:
    await make_store(store_url, domain).save(turn("conv-6", domain))
    config = {**tracker_store_config(store_url), "encryption_key": "a-replaced-key"}
    other_key = TrackerStore.create(EndpointConfig.from_dict(config), domain=domain)
    loaded = await other_key.retrieve("conv-6")
    assert loaded is not None and loaded.get_slot("intake_email") is None
    assert loaded.get_slot("requested_slot") == "intake_email"


def test_events_read_back_as_rasas_own_deserialisation_reads_them(domain: Domain) -> None:
    tracker = turn("conv-7", domain)
    for event in (SessionStarted(), ActiveLoop("intake_form"), ConversationPaused(), ActiveLoop(None)):
        tracker.update(event)
    dumps = [event.as_dict() for event in tracker.events] + [{"event": "no_such_event_type"}]
    with pytest.raises(ValueError, match="no_such_event_type"):
        deserialise_events(dumps)  # Rasa refuses an unknown type; ours goes the same way
    with pytest.raises(ValueError, match="no_such_event_type"):
        tracker_store.deserialise_events(dumps)
    ours = tracker_store.deserialise_events(dumps[:-1])
    assert ours == deserialise_events(dumps[:-1])
    assert [type(event) for event in ours] == [type(event) for event in tracker.events]


def shutting_down() -> OperationalError:
    return OperationalError("SELECT 1", {}, Exception("FATAL: the database system is shutting down"))


def away_for(store: TrackerStore, failures: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store's next `failures` transactions cannot reach the database, as during a restart."""
    real = store.transaction  # type: ignore[attr-defined]
    left = [failures]

    @contextmanager
    def transaction() -> Iterator[object]:
        if left[0] > 0:
            left[0] -= 1
            raise shutting_down()
        with real() as connection:
            yield connection

    monkeypatch.setattr(store, "transaction", transaction)


async def test_a_turn_saved_while_the_database_restarts_is_saved_once(
    store_url: str, domain: Domain, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store(store_url, domain)
    away_for(store, 2, monkeypatch)
    tracker = turn("conv-8", domain)
    await store.save(tracker)
    loaded = await store.retrieve("conv-8")
    assert loaded is not None and len(loaded.events) == len(tracker.events)


async def test_a_tracker_read_while_the_database_restarts_is_the_stored_one(
    store_url: str, domain: Domain, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store(store_url, domain)
    await store.save(turn("conv-9", domain))
    away_for(store, 2, monkeypatch)
    loaded = await store.retrieve("conv-9")  # Rasa's fail-safe store would answer an empty tracker
    assert loaded is not None and loaded.get_slot("intake_email") == EMAIL


async def test_a_database_away_longer_than_the_patience_fails_the_turn() -> None:
    def away() -> None:
        raise shutting_down()

    with pytest.raises(OperationalError):
        await tracker_store.while_database_away(away, patience=0.3)


async def test_connections_a_restart_killed_are_replaced(store_url: str, domain: Domain) -> None:
    if store_url.startswith("sqlite"):
        pytest.skip("PostgreSQL connections")
    store = make_store(store_url, domain)
    await store.save(turn("conv-10", domain))
    admin = create_engine(store_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:  # the store's pooled connections to its own database are gone
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    admin.dispose()
    loaded = await store.retrieve("conv-10")
    assert loaded is not None and loaded.get_slot("intake_email") == EMAIL


async def test_a_sqlite_store_commits_in_wal_mode_on_kept_connections(tmp_path: Path, domain: Domain) -> None:
    # Rollback-journal commits on a fresh connection each turn were a quarter of the server's time (#17).
    store = make_store(f"sqlite:///{tmp_path / 'tracker.db'}", domain)
    await store.save(turn("conv-11", domain))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    assert store.engine.pool.checkedin() >= 1  # the turn's connection went back to the pool, still open
    loaded = await store.retrieve("conv-11")
    assert loaded is not None and loaded.get_slot("intake_email") == EMAIL


def statements(store: TrackerStore) -> list[str]:
    """SQL the store's engine runs from now on."""
    seen: list[str] = []
    sa_event.listen(store.engine, "before_cursor_execute", lambda *args: seen.append(args[2].lower()))
    return seen


async def test_a_retrieved_tracker_is_saved_without_counting_its_rows(store_url: str, domain: Domain) -> None:
    store = make_store(store_url, domain)
    await store.save(turn("conv-12", domain))
    tracker = await store.retrieve("conv-12")
    assert tracker is not None
    before = len(tracker.events)
    seen = statements(store)
    for said in ("确认", "谢谢"):  # the same tracker saved twice, as the HTTP API does
        tracker.update(UserUttered(said, {"name": "affirm", "confidence": 0.99}))
        await store.save(tracker)
    assert [sql for sql in seen if "count(" in sql] == []
    again = await store.retrieve("conv-12")
    assert again is not None and len(again.events) == before + 2


async def test_a_write_whose_commit_answer_was_lost_is_counted_not_doubled(
    store_url: str, domain: Domain, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store(store_url, domain)
    await store.save(turn("conv-13", domain))
    tracker = await store.retrieve("conv-13")
    assert tracker is not None
    real = store.transaction  # type: ignore[attr-defined]
    lost = [1]

    @contextmanager
    def commit_then_fail() -> Iterator[object]:
        with real() as connection:
            yield connection
        if lost[0]:  # committed, but the answer never came back
            lost[0] -= 1
            raise shutting_down()

    monkeypatch.setattr(store, "transaction", commit_then_fail)
    tracker.update(UserUttered("确认", {"name": "affirm", "confidence": 0.99}))
    await store.save(tracker)
    monkeypatch.undo()
    again = await store.retrieve("conv-13")
    assert again is not None and len(again.events) == len(tracker.events)
