"""Server-side console sessions: expiry, sign-out, and who counts as an agent who is present."""

from __future__ import annotations

from sqlalchemy import select

from bot.db import SessionFactory, session_scope
from bot.staff import service
from bot.staff.models import StaffSession
from bot.staff.sessions import agents_online, close_session, open_session, resolve_session
from tests.support.clock import FrozenClock


def account(factory: SessionFactory, clock: FrozenClock, email: str, role: str) -> int:
    with session_scope(factory) as session:
        return service.create_staff(
            session=session, email=email, password="long enough pw", role=role, now=clock()
        ).id


def signed_in(factory: SessionFactory, clock: FrozenClock, staff_id: int) -> str:
    with session_scope(factory) as session:
        token, _ = open_session(session=session, staff_id=staff_id, now=clock())
    return token


def resolve(factory: SessionFactory, clock: FrozenClock, token: str):  # type: ignore[no-untyped-def]
    with session_scope(factory) as session:
        return resolve_session(session=session, token=token, now=clock())


def test_only_the_token_hash_is_stored(session_factory: SessionFactory, clock: FrozenClock) -> None:
    token = signed_in(session_factory, clock, account(session_factory, clock, "a@megvii.com", "agent"))
    with session_scope(session_factory) as session:
        stored = session.execute(select(StaffSession.id)).scalar_one()
    assert token not in stored and len(stored) == 64


def test_session_resolves_with_its_csrf_token(session_factory: SessionFactory, clock: FrozenClock) -> None:
    staff_id = account(session_factory, clock, "a@megvii.com", "agent")
    found = resolve(session_factory, clock, signed_in(session_factory, clock, staff_id))
    assert found is not None and found.staff.id == staff_id and len(found.csrf_token) > 20


def test_idle_session_ends_after_two_hours(session_factory: SessionFactory, clock: FrozenClock) -> None:
    token = signed_in(session_factory, clock, account(session_factory, clock, "a@megvii.com", "agent"))
    clock.advance(hours=1, minutes=59)
    assert resolve(session_factory, clock, token) is not None  # and this use refreshes it
    clock.advance(hours=1, minutes=59)
    assert resolve(session_factory, clock, token) is not None
    clock.advance(hours=2, minutes=1)
    assert resolve(session_factory, clock, token) is None


def test_any_session_ends_after_twelve_hours(session_factory: SessionFactory, clock: FrozenClock) -> None:
    token = signed_in(session_factory, clock, account(session_factory, clock, "a@megvii.com", "agent"))
    for _ in range(13):
        clock.advance(hours=1)
        last = resolve(session_factory, clock, token)
    assert last is None


def test_signed_out_session_is_gone(session_factory: SessionFactory, clock: FrozenClock) -> None:
    token = signed_in(session_factory, clock, account(session_factory, clock, "a@megvii.com", "agent"))
    found = resolve(session_factory, clock, token)
    assert found is not None
    with session_scope(session_factory) as session:
        close_session(session=session, session_id=found.session_id)
    assert resolve(session_factory, clock, token) is None


def test_unknown_token_resolves_to_nobody(session_factory: SessionFactory, clock: FrozenClock) -> None:
    assert resolve(session_factory, clock, "made-up-token") is None


def test_agents_online_counts_recent_agents_and_admins_not_trainers(
    session_factory: SessionFactory, clock: FrozenClock
) -> None:
    def online() -> int:
        with session_scope(session_factory) as session:
            return agents_online(session=session, now=clock())

    assert online() == 0
    signed_in(session_factory, clock, account(session_factory, clock, "t@megvii.com", "trainer"))
    assert online() == 0
    agent = account(session_factory, clock, "a@megvii.com", "agent")
    signed_in(session_factory, clock, agent)
    signed_in(session_factory, clock, agent)  # two browsers, one agent
    signed_in(session_factory, clock, account(session_factory, clock, "b@megvii.com", "admin"))
    assert online() == 2
    clock.advance(minutes=6)  # nobody has the console open any more
    assert online() == 0
