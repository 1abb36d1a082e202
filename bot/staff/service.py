"""Staff account use cases; keyword-only, the caller owns the session and commits.

Staff emails are work addresses, yet still personal data: logs name account ids only.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.contact import EMAIL_ADDRESS
from bot.handoff.topics import format_queues, parse_queues
from bot.staff.errors import (
    AccountLocked,
    InvalidCredentials,
    InvalidStaffField,
    LastAdmin,
    StaffExists,
    StaffNotFound,
)
from bot.staff.models import StaffAccount, StaffSession
from bot.staff.passwords import hash_password, needs_rehash, password_problem, verify_password
from bot.staff.roles import Role
from bot.staff.zones import checked_zone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LockoutRules:
    """Five wrong passwords in a row lock the account for fifteen minutes (an admin can unlock)."""

    max_failures: int = 5
    lock_for: timedelta = timedelta(minutes=15)


DEFAULT_LOCKOUT = LockoutRules()


@dataclass(frozen=True)
class StaffView:
    id: int
    email: str
    display_name: str
    role: str
    active: bool
    locked_until: datetime | None
    failed_attempts: int
    created_at: datetime
    last_login_at: datetime | None
    time_zone: str | None = None
    queues: tuple[str, ...] = ()

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


def to_view(account: StaffAccount) -> StaffView:
    return StaffView(
        id=account.id,
        email=account.email,
        display_name=account.display_name,
        role=account.role,
        active=bool(account.active),
        locked_until=account.locked_until,
        failed_attempts=account.failed_attempts,
        created_at=account.created_at,
        last_login_at=account.last_login_at,
        time_zone=account.time_zone,
        queues=parse_queues(account.queues),
    )


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _checked_email(email: str) -> str:
    value = normalise_email(email)
    if len(value) > 254 or not EMAIL_ADDRESS.fullmatch(value):
        raise InvalidStaffField("email", "请输入有效的邮箱地址。")
    return value


def _checked_password(password: str) -> str:
    problem = password_problem(password)
    if problem:
        raise InvalidStaffField("password", problem)
    return password


def default_display_name(staff_id: int) -> str:
    return f"{staff_id}号"


def _checked_display_name(display_name: str) -> str:
    name = display_name.strip() if isinstance(display_name, str) else ""
    if not name or len(name) > 60 or re.search(r"[<>@]", name):
        raise InvalidStaffField("display_name", "显示名称需为 1–60 个字符，且不含尖括号或 @。")
    return name


def _load(session: Session, staff_id: int) -> StaffAccount:
    account = session.get(StaffAccount, staff_id)
    if account is None:
        raise StaffNotFound(f"staff {staff_id} not found")
    return account


def create_staff(
    *, session: Session, email: str, password: str, role: str, now: datetime, display_name: str | None = None
) -> StaffView:
    """Add an account; the email must be new and the password strong enough."""
    address = _checked_email(email)
    try:
        parsed = Role(role)
    except ValueError:
        raise InvalidStaffField("role", "未知的角色。") from None
    name = _checked_display_name(display_name) if display_name and display_name.strip() else None
    if session.execute(select(StaffAccount.id).where(StaffAccount.email == address)).first():
        raise StaffExists("an account with this email exists")
    account = StaffAccount(
        email=address,
        display_name=name or "…",
        password_hash=hash_password(_checked_password(password)),
        role=parsed.value,
        active=True,
        failed_attempts=0,
        created_at=now,
    )
    session.add(account)
    session.flush()
    if name is None:
        # Never derived from the email: that is the sign-in name, and display names reach visitors.
        account.display_name = default_display_name(account.id)
        session.flush()
    logger.info("staff account %s created (role=%s)", account.id, parsed.value)
    return to_view(account)


def ensure_admin(*, session: Session, email: str, password: str, now: datetime) -> tuple[StaffView, bool]:
    """The first admin from STAFF_ADMIN_EMAIL / STAFF_ADMIN_PASSWORD; an existing account is left alone."""
    address = _checked_email(email)
    existing = session.execute(select(StaffAccount).where(StaffAccount.email == address)).scalar_one_or_none()
    if existing is not None:
        return to_view(existing), False
    return create_staff(session=session, email=address, password=password, role="admin", now=now), True


def authenticate(
    *, session: Session, email: str, password: str, now: datetime, rules: LockoutRules = DEFAULT_LOCKOUT
) -> StaffView:
    """Check a sign-in; counts failures and locks the account after too many in a row."""
    address = normalise_email(email)
    if "\x00" in address or len(address) > 254:  # never an account; PostgreSQL refuses NUL in a literal
        verify_password(None, password)
        raise InvalidCredentials("wrong email or password")
    account = session.execute(select(StaffAccount).where(StaffAccount.email == address)).scalar_one_or_none()
    if account is not None and account.locked_until is not None and account.locked_until > now:
        verify_password(None, password)  # same cost as any other attempt
        raise AccountLocked(account.locked_until)
    if account is None or not account.active:
        verify_password(None, password)
        raise InvalidCredentials("wrong email or password")
    if not verify_password(account.password_hash, password):
        account.failed_attempts += 1
        if account.failed_attempts >= rules.max_failures:
            account.locked_until = now + rules.lock_for
            account.failed_attempts = 0
            session.flush()
            logger.warning("staff account %s locked after repeated failed sign-ins", account.id)
            raise AccountLocked(account.locked_until)
        session.flush()
        raise InvalidCredentials("wrong email or password")
    account.failed_attempts = 0
    account.locked_until = None
    account.last_login_at = now
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    session.flush()
    return to_view(account)


def list_staff(*, session: Session) -> list[StaffView]:
    rows = session.execute(select(StaffAccount).order_by(StaffAccount.id)).scalars().all()
    return [to_view(account) for account in rows]


def get_staff(*, session: Session, staff_id: int) -> StaffView:
    return to_view(_load(session, staff_id))


def count_staff(*, session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(StaffAccount)).scalar_one())


def unlock_staff(*, session: Session, staff_id: int) -> StaffView:
    account = _load(session, staff_id)
    account.locked_until = None
    account.failed_attempts = 0
    session.flush()
    return to_view(account)


def _other_active_admins(session: Session, staff_id: int) -> int:
    query = (
        select(func.count())
        .select_from(StaffAccount)
        .where(
            StaffAccount.role == Role.ADMIN.value, StaffAccount.active.is_(True), StaffAccount.id != staff_id
        )
    )
    return int(session.execute(query).scalar_one())


def set_active(*, session: Session, staff_id: int, active: bool) -> StaffView:
    """Deactivating also signs the account out everywhere; the last active admin stays."""
    account = _load(session, staff_id)
    if not active and account.role == Role.ADMIN.value and _other_active_admins(session, staff_id) == 0:
        raise LastAdmin("the last active admin cannot be deactivated")
    account.active = active
    if not active:
        session.query(StaffSession).filter(StaffSession.staff_id == staff_id).delete()
    session.flush()
    logger.info("staff account %s %s", staff_id, "activated" if active else "deactivated")
    return to_view(account)


def set_role(*, session: Session, staff_id: int, role: str) -> StaffView:
    account = _load(session, staff_id)
    try:
        parsed = Role(role)
    except ValueError:
        raise InvalidStaffField("role", "未知的角色。") from None
    if (
        account.role == Role.ADMIN.value
        and parsed is not Role.ADMIN
        and _other_active_admins(session, staff_id) == 0
    ):
        raise LastAdmin("the last active admin keeps the admin role")
    account.role = parsed.value
    session.flush()
    return to_view(account)


def set_password(*, session: Session, staff_id: int, password: str) -> StaffView:
    """A new password signs out every existing session of that account."""
    account = _load(session, staff_id)
    account.password_hash = hash_password(_checked_password(password))
    session.query(StaffSession).filter(StaffSession.staff_id == staff_id).delete()
    session.flush()
    return to_view(account)


def set_display_name(*, session: Session, staff_id: int, display_name: str) -> StaffView:
    """Set by an admin for anyone, or by an agent for themself (the routes decide who may)."""
    account = _load(session, staff_id)
    account.display_name = _checked_display_name(display_name)
    session.flush()
    return to_view(account)


def set_time_zone(*, session: Session, staff_id: int, time_zone: str | None) -> StaffView:
    """Empty means China time, the default every console page uses."""
    account = _load(session, staff_id)
    account.time_zone = checked_zone(time_zone)
    session.flush()
    return to_view(account)


def set_queues(*, session: Session, staff_id: int, queues: list[str]) -> StaffView:
    """The handoff topics this person answers first; unknown names are dropped."""
    account = _load(session, staff_id)
    account.queues = format_queues(queues) or None
    session.flush()
    return to_view(account)


ACTOR_TEXT = {"assistant": "助手", "system": "系统"}


def actor_names(session: Session, actors: set[str]) -> dict[str, str]:
    """Audit actors as staff read them: "staff:3" becomes that colleague's current display name."""
    ids = {int(actor[6:]) for actor in actors if actor.startswith("staff:") and actor[6:].isdigit()}
    names: dict[str, str] = {}
    if ids:
        query = select(StaffAccount.id, StaffAccount.display_name).where(StaffAccount.id.in_(ids))
        names = {f"staff:{staff_id}": name for staff_id, name in session.execute(query)}
    return {actor: names.get(actor) or ACTOR_TEXT.get(actor, actor) for actor in actors}
