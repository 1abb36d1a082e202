"""Staff accounts: argon2 hashes, sign-in, lock-out, roles, the last admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.db import SessionFactory, session_scope
from bot.staff import service
from bot.staff.errors import AccountLocked, InvalidCredentials, InvalidStaffField, LastAdmin, StaffExists
from bot.staff.models import StaffAccount
from bot.staff.sessions import open_session, resolve_session
from tests.support.clock import FrozenClock

PASSWORD = "correct horse battery"


def make(
    factory: SessionFactory,
    clock: FrozenClock,
    email: str = "Agent@Megvii.com",
    role: str = "agent",
    password: str = PASSWORD,
) -> service.StaffView:
    with session_scope(factory) as session:
        return service.create_staff(session=session, email=email, password=password, role=role, now=clock())


def sign_in(
    factory: SessionFactory,
    clock: FrozenClock,
    password: str,
    email: str = "agent@megvii.com",
    rules: service.LockoutRules = service.DEFAULT_LOCKOUT,
) -> service.StaffView:
    """Each attempt commits, as the console does (failures are counted even though they raise)."""
    session = factory()
    try:
        return service.authenticate(session=session, email=email, password=password, now=clock(), rules=rules)
    finally:
        session.commit()
        session.close()


def test_password_is_stored_as_argon2id_only(session_factory: SessionFactory, clock: FrozenClock) -> None:
    make(session_factory, clock)
    with session_scope(session_factory) as session:
        stored = session.execute(select(StaffAccount.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_sign_in_with_right_password_and_any_email_case(
    session_factory: SessionFactory, clock: FrozenClock
) -> None:
    made = make(session_factory, clock)
    view = sign_in(session_factory, clock, PASSWORD, email="  AGENT@megvii.COM ")
    assert view.id == made.id
    assert view.last_login_at == clock()


def test_wrong_password_and_unknown_email_fail_alike(
    session_factory: SessionFactory, clock: FrozenClock
) -> None:
    make(session_factory, clock)
    with pytest.raises(InvalidCredentials):
        sign_in(session_factory, clock, "wrong password!")
    with pytest.raises(InvalidCredentials):
        sign_in(session_factory, clock, PASSWORD, email="nobody@megvii.com")


def test_fifth_failure_locks_the_account(session_factory: SessionFactory, clock: FrozenClock) -> None:
    make(session_factory, clock)
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            sign_in(session_factory, clock, "wrong password!")
    with pytest.raises(AccountLocked) as locked:
        sign_in(session_factory, clock, "wrong password!")
    assert locked.value.until == clock() + timedelta(minutes=15)


def test_locked_account_refuses_the_right_password(
    session_factory: SessionFactory, clock: FrozenClock
) -> None:
    make(session_factory, clock)
    rules = service.LockoutRules(max_failures=2, lock_for=timedelta(minutes=15))
    for _ in range(2):
        with pytest.raises((InvalidCredentials, AccountLocked)):
            sign_in(session_factory, clock, "wrong password!", rules=rules)
    with pytest.raises(AccountLocked):
        sign_in(session_factory, clock, PASSWORD, rules=rules)
    clock.advance(minutes=16)
    assert sign_in(session_factory, clock, PASSWORD, rules=rules).failed_attempts == 0


def test_admin_unlock_lets_the_person_in_at_once(session_factory: SessionFactory, clock: FrozenClock) -> None:
    made = make(session_factory, clock)
    rules = service.LockoutRules(max_failures=1)
    with pytest.raises(AccountLocked):
        sign_in(session_factory, clock, "wrong password!", rules=rules)
    with session_scope(session_factory) as session:
        service.unlock_staff(session=session, staff_id=made.id)
    assert sign_in(session_factory, clock, PASSWORD, rules=rules).id == made.id


def test_success_resets_the_failure_count(session_factory: SessionFactory, clock: FrozenClock) -> None:
    make(session_factory, clock)
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            sign_in(session_factory, clock, "wrong password!")
    sign_in(session_factory, clock, PASSWORD)
    with pytest.raises(InvalidCredentials):  # four more are allowed again
        sign_in(session_factory, clock, "wrong password!")


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("email", {"email": "not an email"}),
        ("password", {"password": "short"}),
        ("role", {"role": "superuser"}),
    ],
)
def test_invalid_fields_are_named(
    session_factory: SessionFactory, clock: FrozenClock, field: str, kwargs: dict[str, str]
) -> None:
    with pytest.raises(InvalidStaffField) as error:
        make(session_factory, clock, **kwargs)
    assert error.value.field == field


def test_email_is_unique_regardless_of_case(session_factory: SessionFactory, clock: FrozenClock) -> None:
    make(session_factory, clock)
    with pytest.raises(StaffExists):
        make(session_factory, clock, email="AGENT@megvii.com")


def test_deactivated_account_cannot_sign_in_and_loses_its_sessions(
    session_factory: SessionFactory, clock: FrozenClock
) -> None:
    make(session_factory, clock, email="boss@megvii.com", role="admin")
    agent = make(session_factory, clock)
    with session_scope(session_factory) as session:
        token, _ = open_session(session=session, staff_id=agent.id, now=clock())
    with session_scope(session_factory) as session:
        service.set_active(session=session, staff_id=agent.id, active=False)
    with pytest.raises(InvalidCredentials):
        sign_in(session_factory, clock, PASSWORD)
    with session_scope(session_factory) as session:
        assert resolve_session(session=session, token=token, now=clock()) is None


def test_last_admin_can_be_neither_deactivated_nor_demoted(
    session_factory: SessionFactory, clock: FrozenClock
) -> None:
    admin = make(session_factory, clock, email="boss@megvii.com", role="admin")
    with pytest.raises(LastAdmin), session_scope(session_factory) as session:
        service.set_active(session=session, staff_id=admin.id, active=False)
    with pytest.raises(LastAdmin), session_scope(session_factory) as session:
        service.set_role(session=session, staff_id=admin.id, role="agent")
    make(session_factory, clock, email="second@megvii.com", role="admin")
    with session_scope(session_factory) as session:
        assert service.set_role(session=session, staff_id=admin.id, role="agent").role == "agent"


def test_ensure_admin_creates_once(session_factory: SessionFactory, clock: FrozenClock) -> None:
    with session_scope(session_factory) as session:
        _, created = service.ensure_admin(
            session=session, email="boss@megvii.com", password=PASSWORD, now=clock()
        )
    with session_scope(session_factory) as session:
        view, again = service.ensure_admin(
            session=session, email="boss@megvii.com", password="other password!", now=clock()
        )
    assert (created, again, view.role) == (True, False, "admin")
    with session_scope(session_factory) as session:
        assert service.count_staff(session=session) == 1


def test_new_password_signs_out_everywhere(session_factory: SessionFactory, clock: FrozenClock) -> None:
    agent = make(session_factory, clock)
    with session_scope(session_factory) as session:
        token, _ = open_session(session=session, staff_id=agent.id, now=clock())
    with session_scope(session_factory) as session:
        service.set_password(session=session, staff_id=agent.id, password="a brand new password")
    with session_scope(session_factory) as session:
        assert resolve_session(session=session, token=token, now=clock()) is None
    assert sign_in(session_factory, clock, "a brand new password").id == agent.id
