"""Translate core errors to JSON `{"error": code, "message": text}` once, and never leak a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from bot.tickets.errors import (
    ConcurrentWrite,
    DuplicateTicket,
    IdempotencyKeyReused,
    IllegalTransition,
    InvalidTicketField,
    TicketError,
    TicketNotFound,
)
from bot.verification.errors import (
    ChallengeNotFound,
    CodeExpired,
    CodeLocked,
    InvalidContact,
    NotVerified,
    RateLimited,
    VerificationError,
    WrongCode,
)

logger = logging.getLogger(__name__)

_STATUS: dict[type[Exception], int] = {
    TicketNotFound: 404,
    ChallengeNotFound: 404,
    IllegalTransition: 409,
    DuplicateTicket: 409,
    ConcurrentWrite: 409,
    IdempotencyKeyReused: 422,
    InvalidTicketField: 422,
    InvalidContact: 422,
    NotVerified: 403,
    WrongCode: 400,
    CodeExpired: 410,
    CodeLocked: 423,
    RateLimited: 429,
}

_MESSAGES: dict[str, str] = {
    "not_found": "未找到该记录。",
    "wrong_code": "验证码不正确。",
    "expired": "验证码已过期，请重新获取。",
    "locked": "尝试次数过多，该验证已锁定，请重新发起验证。",
    "rate_limited": "发送过于频繁，请稍后再试。",
    "not_verified": "身份尚未验证，或验证已失效。",
    "duplicate": "您已有一个同类型的请求正在处理中。",
    "illegal_transition": "当前状态下不能进行该操作。",
}


class ApiError(Exception):
    """An edge-level refusal (bad JSON, bad header) with its HTTP status and optional field."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def error_response(http_status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    """The single error shape of the API."""
    headers = {"Retry-After": str(extra["retry_after"])} if "retry_after" in extra else None
    return JSONResponse(
        {"error": code, "message": message, **extra}, status_code=http_status, headers=headers
    )


def _extra(error: Exception) -> dict[str, Any]:
    """Machine-readable details the caller needs to react (never personal data, never a code)."""
    if isinstance(error, (InvalidTicketField, InvalidContact)):
        return {"field": error.field}
    if isinstance(error, DuplicateTicket):
        return {"ticket_id": error.ticket_id, "status": error.status}
    if isinstance(error, WrongCode):
        return {"attempts_left": error.attempts_left}
    if isinstance(error, RateLimited):
        return {"retry_after": error.retry_after}
    if isinstance(error, IllegalTransition):
        return {"from": error.current, "to": error.target}
    return {}


async def core_error(request: Request, error: Exception) -> JSONResponse:
    """TicketError / VerificationError -> status and JSON."""
    assert isinstance(error, (TicketError, VerificationError))
    status = next((code for kind, code in _STATUS.items() if isinstance(error, kind)), 400)
    code = "validation_error" if status == 422 and error.code == "reason_required" else error.code
    message = _MESSAGES.get(error.code, str(error))
    return error_response(status, code, message, **_extra(error))


async def api_error(request: Request, error: Exception) -> JSONResponse:
    """Edge refusals raised by the route code."""
    assert isinstance(error, ApiError)
    extra = {"field": error.field} if error.field else {}
    return error_response(error.status, error.code, error.message, **extra)


async def http_error(request: Request, error: Exception) -> JSONResponse:
    """Unknown paths and wrong methods keep the same JSON shape."""
    assert isinstance(error, HTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
    return error_response(error.status_code, code, str(error.detail))


async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
    """Log with the exception attached (no request body), answer without any internals."""
    logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return error_response(500, "internal_error", "服务器内部错误，请稍后再试。")


EXCEPTION_HANDLERS: dict[Any, Any] = {
    TicketError: core_error,
    VerificationError: core_error,
    ApiError: api_error,
    HTTPException: http_error,
    Exception: unexpected_error,
}
