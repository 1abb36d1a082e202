"""Rasa's HTTP API compares `?token=` with `==`; this checks it first, in constant time.

Rasa's `requires_auth` is inside the server and cannot be replaced, so an app-wide request middleware
(registered from a channel's blueprint when the server starts) refuses a wrong token before Rasa sees
it: Rasa's own `==` then only ever compares the right token, and timing tells an attacker nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.secrets_compare import same_secret

Middleware = Callable[[Request], Awaitable[HTTPResponse | None]]


def token_check(token: str) -> Middleware:
    """Refuse any request whose `?token=` is not exactly `token` (channel webhooks carry no token)."""

    async def check(request: Request) -> HTTPResponse | None:
        if "token" not in request.args:
            return None
        if token and same_secret(request.args.get("token"), token):
            return None
        return response.json({"error": "unauthorized", "message": "Wrong token."}, status=401)

    return check


def install(blueprint: Blueprint, token: str) -> None:
    """Register the check on the whole Rasa app when the server starts."""

    @blueprint.listener("before_server_start")
    async def register(app: Sanic, loop: asyncio.AbstractEventLoop) -> None:
        app.register_middleware(token_check(token), "request")
