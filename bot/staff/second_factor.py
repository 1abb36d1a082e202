"""The console's optional second factor: TOTP codes, each usable once; admins may be required to have one."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.crypto import FieldCipher
from bot.staff import totp
from bot.staff.errors import SecondFactorFailed, StaffNotFound
from bot.staff.models import StaffAccount
from bot.staff.service import normalise_email

logger = logging.getLogger(__name__)


def enable_totp(*, session: Session, cipher: FieldCipher, email: str) -> str:
    """Give the account a new TOTP secret (replacing any old one); returns the secret to enrol."""
    account = session.execute(
        select(StaffAccount).where(StaffAccount.email == normalise_email(email))
    ).scalar_one_or_none()
    if account is None:
        raise StaffNotFound(email)
    secret = totp.new_secret()
    account.totp_secret_enc, account.totp_last_step = cipher.encrypt(secret), None
    session.flush()
    logger.info("staff account %s enrolled a TOTP second factor", account.id)
    return secret


def check_second_factor(
    *,
    session: Session,
    cipher: FieldCipher,
    staff_id: int,
    code: str,
    now: datetime,
    required_for_admins: bool,
) -> None:
    """Pass, or raise SecondFactorFailed; a used code is refused by a conditional UPDATE of the step."""
    account = session.get(StaffAccount, staff_id)
    if account is None:
        raise SecondFactorFailed("no such account")
    if account.totp_secret_enc is None:
        if required_for_admins and account.role == "admin":
            raise SecondFactorFailed("admins must enrol a second factor")
        return
    step = totp.verify(cipher.decrypt(account.totp_secret_enc), code, now.timestamp())
    if step is None:
        raise SecondFactorFailed("wrong code")
    used = session.execute(
        update(StaffAccount)
        .where(
            StaffAccount.id == staff_id,
            or_(StaffAccount.totp_last_step.is_(None), StaffAccount.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    ).rowcount
    if used != 1:
        raise SecondFactorFailed("code already used")
