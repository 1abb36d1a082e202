"""Typed verification errors, translated once at each edge."""

from __future__ import annotations


class VerificationError(Exception):
    """Base class with a stable machine code."""

    code = "verification_error"


class ChallengeNotFound(VerificationError):
    """No challenge has this id."""

    code = "not_found"


class WrongCode(VerificationError):
    """The code does not match; the caller may try again while attempts remain."""

    code = "wrong_code"

    def __init__(self, attempts_left: int) -> None:
        super().__init__(f"wrong code, {attempts_left} attempts left")
        self.attempts_left = attempts_left


class CodeExpired(VerificationError):
    """The code's validity ran out (or it was already used): start or resend."""

    code = "expired"


class CodeLocked(VerificationError):
    """Too many wrong attempts: this challenge refuses every code, even the right one."""

    code = "locked"


class RateLimited(VerificationError):
    """Too many codes sent to this contact recently; retry_after is in whole seconds."""

    code = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many codes sent, retry after {retry_after} s")
        self.retry_after = retry_after


class InvalidContact(VerificationError):
    """The email or ticket id given to start a challenge is malformed; `field` names it."""

    code = "validation_error"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotVerified(VerificationError):
    """A verification token is missing, expired or belongs to another contact."""

    code = "not_verified"


class DailyLimit(RateLimited):
    """The contact used up today's codes or wrong attempts; refused until the next (UTC) day."""

    code = "daily_limit"
