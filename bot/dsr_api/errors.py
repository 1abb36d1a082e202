"""The one error table of the DSR API: core error class, HTTP status, wire code, message and extra fields.

The server translates a core error with it (`status_of`, `error_body`); the client turns the JSON back into
the same core class (`error_from_wire`); the OpenAPI document lists every code from it. Nothing else
maps errors to statuses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.tickets.errors import (
    ConcurrentWrite,
    DuplicateTicket,
    IdempotencyKeyReused,
    IllegalTransition,
    InvalidTicketField,
    ReasonRequired,
    TicketError,
    TicketNotFound,
)
from bot.verification.errors import (
    ChallengeNotFound,
    CodeExpired,
    CodeLocked,
    DailyLimit,
    InvalidContact,
    NotVerified,
    RateLimited,
    VerificationError,
    WrongCode,
)

CoreError = TicketError | VerificationError
Extra = dict[str, Any]


class ApiError(Exception):
    """An edge-level refusal (bad JSON or header, a missing field) with its HTTP status and optional field."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


@dataclass(frozen=True)
class ErrorEntry:
    """How one core error class crosses the wire, both ways."""

    kind: type[TicketError] | type[VerificationError]
    status: int
    message: str | None = None  # the user-facing text; None: the error's own text
    extra: Callable[[Any], Extra] = lambda error: {}
    rebuild: Callable[[Extra], Exception] | None = None  # None: the class takes no arguments

    @property
    def code(self) -> str:
        """The wire code: a missing rejection reason is an ordinary validation error to callers."""
        return InvalidTicketField.code if self.kind is ReasonRequired else str(self.kind.code)


def _field(error: Any) -> Extra:
    return {"field": error.field}


# Subclasses before their bases: the first entry an error is an instance of wins.
ERRORS: tuple[ErrorEntry, ...] = (
    ErrorEntry(TicketNotFound, 404, "未找到该记录。", rebuild=lambda body: TicketNotFound("")),
    ErrorEntry(ChallengeNotFound, 404, "未找到该记录。"),
    ErrorEntry(
        IllegalTransition,
        409,
        "当前状态下不能进行该操作。",
        lambda error: {"from": error.current, "to": error.target},
        lambda body: IllegalTransition(str(body.get("from", "")), str(body.get("to", ""))),
    ),
    ErrorEntry(
        DuplicateTicket,
        409,
        "您已有一个同类型的请求正在处理中。",
        lambda error: {"ticket_id": error.ticket_id, "status": error.status},
        lambda body: DuplicateTicket(str(body.get("ticket_id", "")), str(body.get("status", ""))),
    ),
    ErrorEntry(ConcurrentWrite, 409),
    ErrorEntry(IdempotencyKeyReused, 422),
    ErrorEntry(ReasonRequired, 422, extra=_field),
    ErrorEntry(
        InvalidTicketField,
        422,
        extra=_field,
        rebuild=lambda body: InvalidTicketField(str(body.get("field", "")), str(body.get("message", ""))),
    ),
    ErrorEntry(
        InvalidContact,
        422,
        extra=_field,
        rebuild=lambda body: InvalidContact(str(body.get("field", "")), str(body.get("message", ""))),
    ),
    ErrorEntry(NotVerified, 403, "身份尚未验证，或验证已失效。"),
    ErrorEntry(
        WrongCode,
        400,
        "验证码不正确。",
        lambda error: {"attempts_left": error.attempts_left},
        lambda body: WrongCode(int(body.get("attempts_left", 0))),
    ),
    ErrorEntry(CodeExpired, 410, "验证码已过期，请重新获取。"),
    ErrorEntry(CodeLocked, 423, "尝试次数过多，该验证已锁定，请重新发起验证。"),
    ErrorEntry(
        DailyLimit,
        429,
        "今天的验证次数已用完，请明天再试。",
        lambda error: {"retry_after": error.retry_after},
        lambda body: DailyLimit(int(body.get("retry_after", 86400))),
    ),
    ErrorEntry(
        RateLimited,
        429,
        "发送过于频繁，请稍后再试。",
        lambda error: {"retry_after": error.retry_after},
        lambda body: RateLimited(int(body.get("retry_after", 60))),
    ),
)

# Edge refusals the routes raise as ApiError (not core errors), and what the framework answers itself.
EDGE_ERRORS: dict[str, int] = {
    "bad_request": 400,
    "unauthorized": 401,
    "too_large": 413,
    "validation_error": 422,
    "not_found": 404,
    "method_not_allowed": 405,
    "internal_error": 500,
}


def entry_of(error: Exception) -> ErrorEntry | None:
    """The table's row for a core error."""
    return next((entry for entry in ERRORS if isinstance(error, entry.kind)), None)


def error_body(error: Exception) -> tuple[int, Extra]:
    """HTTP status and the JSON `{"error", "message", ...extra}` for a core error."""
    entry = entry_of(error)
    if entry is None:
        return 400, {"error": str(getattr(error, "code", "error")), "message": str(error)}
    message = entry.message or str(error)
    return entry.status, {"error": entry.code, "message": message, **entry.extra(error)}


def error_from_wire(status: int, body: Extra, *, prefer: type[Exception] = Exception) -> Exception | None:
    """The core error an answer stands for (by code, else by status); `prefer` settles a shared code."""
    code = str(body.get("error", ""))
    candidates = [entry for entry in ERRORS if entry.code == code and entry.kind is not ReasonRequired]
    if not candidates:
        candidates = [entry for entry in ERRORS if entry.status == status and status != 422]
    if not candidates:
        return None
    preferred = [entry for entry in candidates if issubclass(entry.kind, prefer)]
    entry = (preferred or candidates)[0]
    return entry.rebuild(body) if entry.rebuild else entry.kind()
