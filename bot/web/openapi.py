"""Serves the OpenAPI document generated in bot/dsr_api/openapi.py at /api/openapi.json."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from bot.dsr_api import routes as ops
from bot.dsr_api.openapi import document
from bot.web.deps import bind


async def openapi_json(request: Request) -> JSONResponse:
    """Public, like most API descriptions: it holds no data."""
    return JSONResponse(document())


routes = [bind(ops.OPENAPI, openapi_json)]
