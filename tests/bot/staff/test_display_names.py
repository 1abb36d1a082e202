"""Display names reach visitors ("客服 小李"): set by an admin or the agent, never the sign-in email."""

from __future__ import annotations

import pytest

from bot.db import SessionFactory, session_scope
from bot.staff import service
from bot.staff.errors import InvalidStaffField
from tests.support.clock import FrozenClock

PASSWORD = "correct horse battery"


def make(factory: SessionFactory, clock: FrozenClock, name: str | None = None) -> service.StaffView:
    with session_scope(factory) as session:
        return service.create_staff(
            session=session,
            email="li.ming@megvii.com",
            password=PASSWORD,
            role="agent",
            now=clock(),
            display_name=name,
        )


def test_without_a_name_the_account_gets_a_number_not_its_email(
    session_factory: SessionFactory, clock: FrozenClock
) -> None:
    view = make(session_factory, clock)
    assert view.display_name == f"{view.id}号"
    assert "li.ming" not in view.display_name


def test_name_can_be_changed_and_an_address_is_refused(
    session_factory: SessionFactory, clock: FrozenClock
) -> None:
    view = make(session_factory, clock, "小明")
    with session_scope(session_factory) as session:
        assert (
            service.set_display_name(session=session, staff_id=view.id, display_name=" 小李 ").display_name
            == "小李"
        )
    with session_scope(session_factory) as session, pytest.raises(InvalidStaffField):
        service.set_display_name(session=session, staff_id=view.id, display_name="li.ming@megvii.com")


def test_time_zone_and_queues_are_kept(session_factory: SessionFactory, clock: FrozenClock) -> None:
    view = make(session_factory, clock, "小明")
    with session_scope(session_factory) as session:
        service.set_time_zone(session=session, staff_id=view.id, time_zone="Europe/London")
        service.set_queues(session=session, staff_id=view.id, queues=["complaint", "bogus", "request"])
    with session_scope(session_factory) as session:
        stored = service.get_staff(session=session, staff_id=view.id)
    assert (stored.time_zone, stored.queues) == ("Europe/London", ("request", "complaint"))
