"""Plugs the console into the backend app: its routes, its state, and its background task."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from bot.handoff.desk import HelpDesk
from bot.handoff.rasa_api import HttpRasaApi, RasaApi
from bot.staff.bootstrap import ensure_first_admin
from bot.web.console import (
    auth_pages,
    export_pages,
    handoff_pages,
    handoff_tickets,
    profile_pages,
    staff_pages,
    streams,
    ticket_pages,
    training_pages,
)
from bot.web.console.state import ConsoleState
from bot.web.deps import Deps

STATIC = Path(__file__).parent / "static"


async def console_js(request: Request) -> Response:
    """Served as a file so the pages' Content-Security-Policy can forbid inline scripts."""
    return FileResponse(
        STATIC / "console.js", media_type="text/javascript", headers={"Cache-Control": "no-cache"}
    )


async def console_css(request: Request) -> Response:
    return FileResponse(STATIC / "console.css", media_type="text/css", headers={"Cache-Control": "no-cache"})


routes: list[BaseRoute] = [
    Route("/console/static/console.js", console_js, methods=["GET"]),
    Route("/console/static/console.css", console_css, methods=["GET"]),
    *auth_pages.routes,
    *export_pages.routes,  # before ticket_pages: export.json is not a ticket action
    *ticket_pages.routes,
    *streams.routes,  # before handoff_pages: /console/handoffs/stream is not a handoff id
    *handoff_tickets.routes,
    *handoff_pages.routes,
    *staff_pages.routes,
    *profile_pages.routes,
    *training_pages.routes,
]


def install(app: Starlette, *, rasa: RasaApi | None = None, watch_waiting: bool = True) -> ConsoleState:
    """Attach console state; the wrapped lifespan creates the first admin and sends wait notices."""
    deps: Deps = app.state.deps
    settings = deps.settings
    desk = HelpDesk(
        session_factory=deps.session_factory,
        cipher=deps.cipher,
        rasa=rasa or HttpRasaApi(settings.rasa_url, settings.rasa_token),
        clock=deps.clock,
    )
    state = ConsoleState(desk=desk, handoff_wait=timedelta(minutes=settings.handoff_wait_minutes))
    app.state.console = state
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(application: Any) -> AsyncIterator[Any]:
        await run_in_threadpool(ensure_first_admin, settings, deps.session_factory, deps.clock)
        stop = asyncio.Event()
        current: ConsoleState = application.state.console
        task = (
            asyncio.create_task(
                current.desk.watch_waiting(current.handoff_wait, stop, current.wait_check_seconds)
            )
            if watch_waiting
            else None
        )
        try:
            async with inner(application) as maybe_state:
                yield maybe_state
        finally:
            stop.set()
            if task is not None:
                await task

    app.router.lifespan_context = lifespan
    return state
