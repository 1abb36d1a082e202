"""Typed staff errors; the console translates each into a page message."""

from __future__ import annotations

from datetime import datetime


class StaffError(Exception):
    """Base class with a stable machine code."""

    code = "staff_error"


class InvalidCredentials(StaffError):
    """Unknown email, wrong password or inactive account: one error, so nothing is revealed."""

    code = "invalid_credentials"


class AccountLocked(StaffError):
    """Too many wrong passwords in a row; refused even with the right one until `until`."""

    code = "locked"

    def __init__(self, until: datetime) -> None:
        super().__init__(f"account locked until {until.isoformat()}")
        self.until = until


class InvalidStaffField(StaffError):
    """A field of a new or changed account is unusable; `field` names it."""

    code = "validation_error"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class StaffExists(StaffError):
    """An account with this email exists already."""

    code = "exists"


class StaffNotFound(StaffError):
    code = "not_found"


class LastAdmin(StaffError):
    """Refused: the change would leave no active admin able to manage accounts."""

    code = "last_admin"


class SecondFactorFailed(StaffError):
    """The TOTP code is missing, wrong or already used (or an admin has none where one is required)."""

    code = "second_factor"
