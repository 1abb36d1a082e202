"""Translate core errors to JSON `{"error": code, "message": text}` once, and never leak a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from bot.dsr_api.errors import ApiError, error_body
from bot.tickets.errors import TicketError
from bot.verification.errors import VerificationError

logger = logging.getLogger(__name__)

__all__ = ["EXCEPTION_HANDLERS", "ApiError", "error_response"]


def error_response(http_status: int, error: str, message: str, **extra: Any) -> JSONResponse:
    """The single error shape of the API."""
    headers = {"Retry-After": str(extra["retry_after"])} if "retry_after" in extra else None
    return JSONResponse(
        {"error": error, "message": message, **extra}, status_code=http_status, headers=headers
    )


async def core_error(request: Request, error: Exception) -> JSONResponse:
    """TicketError / VerificationError -> status and JSON, from the one table in bot/dsr_api/errors.py."""
    assert isinstance(error, (TicketError, VerificationError))
    status, body = error_body(error)
    return error_response(status, **body)


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
