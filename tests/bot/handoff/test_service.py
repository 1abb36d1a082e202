"""Handoff lifecycle in the database: one open handoff per conversation, who holds it, notes, the end."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.handoff import service
from bot.handoff.errors import AlreadyTaken, HandoffClosed, InvalidHandoffField, NotYours
from bot.handoff.models import Handoff, HandoffEvent
from bot.handoff.views import Reason
from tests.bot.handoff.conftest import open_handoff
from tests.support.clock import FrozenClock


def test_request_opens_a_waiting_paused_handoff(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    view, created = open_handoff(session_factory, cipher, clock)
    assert created and view.state == "waiting" and view.assistant_paused
    assert [event.kind for event in view.events] == ["requested"]


def test_second_request_returns_the_open_handoff(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    first, _ = open_handoff(session_factory, cipher, clock)
    again, created = open_handoff(session_factory, cipher, clock, reason="complaint")
    assert (again.id, created) == (first.id, False)


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("reason", {"reason": "bored"}),
        ("conversation_id", {"conversation": ""}),
    ],
)
def test_bad_fields_are_named(
    session_factory: SessionFactory,
    cipher: FieldCipher,
    clock: FrozenClock,
    field: str,
    kwargs: dict[str, str],
) -> None:
    with pytest.raises(InvalidHandoffField) as error:
        open_handoff(session_factory, cipher, clock, **kwargs)
    assert error.value.field == field


def test_a_bad_reason_is_answered_with_every_reason_the_service_accepts(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    with pytest.raises(InvalidHandoffField) as error:
        open_handoff(session_factory, cipher, clock, reason="bored")
    named = str(error.value).split(":", 1)[-1]
    assert {part.strip() for part in named.split(",")} == {reason.value for reason in Reason}
    assert "filing_failed" in str(error.value)


def test_take_and_the_others_see_who_has_it(
    session_factory: SessionFactory,
    cipher: FieldCipher,
    clock: FrozenClock,
    agent_id: int,
    other_agent_id: int,
) -> None:
    view, _ = open_handoff(session_factory, cipher, clock)
    with session_scope(session_factory) as session:
        taken = service.take_handoff(
            session=session, cipher=cipher, handoff_id=view.id, agent_id=agent_id, now=clock()
        )
    assert (taken.state, taken.agent_name, taken.taken_at) == ("taken", "小王", clock())
    with pytest.raises(AlreadyTaken) as error, session_scope(session_factory) as session:
        service.take_handoff(
            session=session, cipher=cipher, handoff_id=view.id, agent_id=other_agent_id, now=clock()
        )
    assert error.value.agent_name == "小王"


def test_only_the_holder_replies(
    session_factory: SessionFactory,
    cipher: FieldCipher,
    clock: FrozenClock,
    agent_id: int,
    other_agent_id: int,
) -> None:
    view, _ = open_handoff(session_factory, cipher, clock)
    with pytest.raises(NotYours), session_scope(session_factory) as session:
        service.record_reply(
            session=session, cipher=cipher, handoff_id=view.id, agent_id=agent_id, text="您好", now=clock()
        )
    with session_scope(session_factory) as session:
        service.take_handoff(
            session=session, cipher=cipher, handoff_id=view.id, agent_id=agent_id, now=clock()
        )
    with pytest.raises(NotYours), session_scope(session_factory) as session:
        service.record_reply(
            session=session,
            cipher=cipher,
            handoff_id=view.id,
            agent_id=other_agent_id,
            text="您好",
            now=clock(),
        )


def test_notes_and_replies_are_encrypted_at_rest(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock, agent_id: int
) -> None:
    view, _ = open_handoff(session_factory, cipher, clock)
    with session_scope(session_factory) as session:
        service.take_handoff(
            session=session, cipher=cipher, handoff_id=view.id, agent_id=agent_id, now=clock()
        )
        service.add_note(
            session=session,
            cipher=cipher,
            handoff_id=view.id,
            agent_id=agent_id,
            text="用户疑似张三-内部标记",
            now=clock(),
        )
    with session_scope(session_factory) as session:
        stored = session.execute(
            select(HandoffEvent.text_enc).where(HandoffEvent.kind == "note")
        ).scalar_one()
        shown = service.get_handoff(session=session, cipher=cipher, handoff_id=view.id)
    assert "张三" not in stored
    assert shown.events[-1].text == "用户疑似张三-内部标记"


def test_end_frees_the_conversation_for_a_new_handoff(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock, agent_id: int
) -> None:
    view, _ = open_handoff(session_factory, cipher, clock)
    with session_scope(session_factory) as session:
        service.take_handoff(
            session=session, cipher=cipher, handoff_id=view.id, agent_id=agent_id, now=clock()
        )
        ended = service.end_handoff(
            session=session, cipher=cipher, handoff_id=view.id, agent_id=agent_id, now=clock()
        )
    assert (ended.state, ended.assistant_paused) == ("ended", False)
    with pytest.raises(HandoffClosed), session_scope(session_factory) as session:
        service.end_handoff(
            session=session, cipher=cipher, handoff_id=view.id, agent_id=agent_id, now=clock()
        )
    fresh, created = open_handoff(session_factory, cipher, clock)
    assert created and fresh.id != view.id


def test_another_agent_cannot_end_a_taken_handoff_but_an_admin_can(
    session_factory: SessionFactory,
    cipher: FieldCipher,
    clock: FrozenClock,
    agent_id: int,
    other_agent_id: int,
) -> None:
    view, _ = open_handoff(session_factory, cipher, clock)
    with session_scope(session_factory) as session:
        service.take_handoff(
            session=session, cipher=cipher, handoff_id=view.id, agent_id=agent_id, now=clock()
        )
    with pytest.raises(NotYours), session_scope(session_factory) as session:
        service.end_handoff(
            session=session, cipher=cipher, handoff_id=view.id, agent_id=other_agent_id, now=clock()
        )
    with session_scope(session_factory) as session:
        service.end_handoff(
            session=session,
            cipher=cipher,
            handoff_id=view.id,
            agent_id=other_agent_id,
            now=clock(),
            is_admin=True,
        )


def test_current_for_conversation_prefers_the_open_handoff(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock, agent_id: int
) -> None:
    first, _ = open_handoff(session_factory, cipher, clock)
    with session_scope(session_factory) as session:
        service.end_handoff(
            session=session, cipher=cipher, handoff_id=first.id, agent_id=agent_id, now=clock()
        )
    clock.advance(minutes=1)
    second, _ = open_handoff(session_factory, cipher, clock)
    with session_scope(session_factory) as session:
        current = service.current_for_conversation(session=session, cipher=cipher, conversation_id="c-1")
        nothing = service.current_for_conversation(session=session, cipher=cipher, conversation_id="c-2")
    assert current is not None and current.id == second.id
    assert nothing is None


def test_topic_and_first_message_are_kept_and_the_message_encrypted(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    with session_scope(session_factory) as session:
        view, _ = service.request_handoff(
            session=session,
            cipher=cipher,
            conversation_id="c-9",
            channel="socketio",
            reason="complaint",
            now=clock(),
            topic="complaint",
            first_message="我的简历被泄露了",
        )
    assert (view.topic, view.first_message) == ("complaint", "我的简历被泄露了")
    with session_scope(session_factory) as session:
        stored = session.execute(select(Handoff.first_message_enc)).scalar_one()
    assert "简历" not in stored


def test_the_agents_queues_come_first_then_the_longest_wait(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    ids = []
    for conversation, topic in (("c-1", "general"), ("c-2", "complaint"), ("c-3", "complaint")):
        with session_scope(session_factory) as session:
            view, _ = service.request_handoff(
                session=session,
                cipher=cipher,
                conversation_id=conversation,
                channel="socketio",
                reason="asked",
                now=clock(),
                topic=topic,
            )
        ids.append(view.id)
        clock.advance(minutes=1)
    with session_scope(session_factory) as session:
        mine = service.list_handoffs(session=session, cipher=cipher, queues=("complaint",))
        plain = service.list_handoffs(session=session, cipher=cipher)
    assert [v.id for v in mine] == [ids[1], ids[2], ids[0]]
    assert [v.id for v in plain] == ids


def test_audit_rows_name_the_colleague_by_display_name(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock, agent_id: int
) -> None:
    view, _ = open_handoff(session_factory, cipher, clock)
    with session_scope(session_factory) as session:
        service.take_handoff(
            session=session, cipher=cipher, handoff_id=view.id, agent_id=agent_id, now=clock()
        )
        service.end_handoff(
            session=session, cipher=cipher, handoff_id=view.id, agent_id=agent_id, now=clock()
        )
    with session_scope(session_factory) as session:
        events = service.get_handoff(session=session, cipher=cipher, handoff_id=view.id).events
        ended = service.list_ended(session=session, cipher=cipher)
    assert [(e.kind, e.actor_name) for e in events] == [
        ("requested", "助手"),
        ("taken", "小王"),
        ("ended", "小王"),
    ]
    assert [v.id for v in ended] == [view.id]
