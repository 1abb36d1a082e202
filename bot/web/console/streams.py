"""Server-sent events: the live inbox, and what the person writes while an agent has the conversation.

Both poll on the server (the database for the inbox, Rasa's tracker for a conversation) and send
only what changed; the browser inserts every text with textContent, never as HTML. A stream outlives
no session: every RECHECK_SECONDS it re-resolves the agent's session (signed out, expired, deactivated,
role changed) and ends with a `signed_out` event when it no longer allows the stream.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.db import session_scope
from bot.handoff import service
from bot.handoff.desk import HelpDesk
from bot.handoff.errors import HandoffNotFound, RasaUnavailable
from bot.handoff.rasa_api import TranscriptLine
from bot.handoff.texts import CHANNEL_TEXT, REASON_TEXT, STATE_TEXT
from bot.handoff.topics import TOPIC_TEXT
from bot.handoff.views import HandoffView
from bot.staff.roles import Permission, allows
from bot.staff.sessions import resolve_session, touch_session
from bot.staff.zones import format_time
from bot.web.console.access import refusal, session_token, signed_in_of, staff_only
from bot.web.console.state import console_of
from bot.web.deps import deps_of

PREVIEW_LINES = 3
KEEP_ALIVE_ROUNDS = 30  # refresh the agent's presence about every 30 polls, not on every one
RECHECK_SECONDS = 30.0
Event = dict[str, str]
StillAllowed = Callable[[], Awaitable[bool]]
SIGNED_OUT: Event = {"event": "signed_out", "data": "{}"}


class SessionRecheck:
    """Asks `still_allowed` at most every `every` seconds; a stream stops once it says no."""

    def __init__(self, still_allowed: StillAllowed | None, every: float = RECHECK_SECONDS) -> None:
        self.still_allowed, self.every = still_allowed, every
        self._last = time.monotonic()

    async def ended(self) -> bool:
        if self.still_allowed is None or time.monotonic() - self._last < self.every:
            return False
        self._last = time.monotonic()
        return not await self.still_allowed()


@dataclass(frozen=True)
class Viewer:
    """Who is watching a stream: their queues come first, times are shown in their zone."""

    queues: tuple[str, ...] = ()
    time_zone: str | None = None
    wait_limit_seconds: int | None = None  # a waiting handoff older than this is flagged


def line_json(line: TranscriptLine, viewer: Viewer = Viewer()) -> dict[str, Any]:
    """`at_text` is the server's formatting, so live lines read exactly like rendered ones."""
    return {
        "index": line.index,
        "role": line.role,
        "text": line.text,
        "at": line.at.isoformat(),
        "at_text": format_time(line.at, viewer.time_zone),
    }


def is_overdue(view: HandoffView, now: datetime, limit_seconds: int | None) -> bool:
    """Still waiting after the wait notice went out, or longer than the notice's delay."""
    if view.state != "waiting":
        return False
    return view.wait_notice_at is not None or (
        limit_seconds is not None and view.waiting_seconds(now) >= limit_seconds
    )


def handoff_json(
    view: HandoffView, preview: list[TranscriptLine], viewer: Viewer = Viewer(), now: datetime | None = None
) -> dict[str, Any]:
    return {
        "id": view.id,
        "state": view.state,
        "state_text": STATE_TEXT.get(view.state, view.state),
        "reason_text": REASON_TEXT.get(view.reason, view.reason),
        "topic": view.topic,
        "topic_text": TOPIC_TEXT.get(view.topic, view.topic),
        "mine": view.topic in viewer.queues,
        "channel_text": CHANNEL_TEXT.get(view.channel, view.channel),
        "agent": view.agent_name,
        "requested_at": view.requested_at.isoformat(),
        "requested_text": format_time(view.requested_at, viewer.time_zone),
        "taken_at": view.taken_at.isoformat() if view.taken_at else None,
        "notice_sent": view.wait_notice_at is not None,
        "overdue": now is not None and is_overdue(view, now, viewer.wait_limit_seconds),
        "preview": [line_json(line, viewer) for line in preview[-PREVIEW_LINES:] if line.role == "user"],
    }


async def _preview(desk: HelpDesk, conversation_id: str) -> list[TranscriptLine]:
    try:
        return await desk.rasa.transcript(conversation_id)
    except RasaUnavailable:
        return []


async def inbox_events(
    desk: HelpDesk,
    poll: float,
    *,
    keep_alive: Callable[[], Awaitable[None]] | None = None,
    rounds: int | None = None,
    viewer: Viewer = Viewer(),
    previews: bool = True,
    recheck: SessionRecheck | None = None,
) -> AsyncIterator[Event]:
    """An `inbox` event with every open handoff (the viewer's queues first) whenever anything changed.

    Without previews (the alert every console page listens to) Rasa is not asked for transcripts.
    """
    last = ""
    done = 0
    recheck = recheck or SessionRecheck(None)
    while rounds is None or done < rounds:
        if await recheck.ended():
            yield SIGNED_OUT
            return
        views = await asyncio.to_thread(_open_handoffs, desk, viewer.queues)
        now = desk.clock()
        payload = [
            handoff_json(view, await _preview(desk, view.conversation_id) if previews else [], viewer, now)
            for view in views
        ]
        encoded = json.dumps(payload, ensure_ascii=False)
        if encoded != last:
            last = encoded
            yield {"event": "inbox", "data": encoded}
        if keep_alive is not None and done % KEEP_ALIVE_ROUNDS == 0:
            await keep_alive()
        done += 1
        await asyncio.sleep(poll)


def _open_handoffs(desk: HelpDesk, queues: tuple[str, ...] = ()) -> list[HandoffView]:
    with session_scope(desk.session_factory) as session:
        return service.list_handoffs(session=session, cipher=desk.cipher, queues=queues)


async def conversation_events(
    desk: HelpDesk,
    handoff_id: str,
    after_index: int,
    poll: float,
    *,
    rounds: int | None = None,
    viewer: Viewer = Viewer(),
    recheck: SessionRecheck | None = None,
) -> AsyncIterator[Event]:
    """`line` for each new transcript line after `after_index`; `state` when the handoff changes hands."""
    last_state = ""
    done = 0
    recheck = recheck or SessionRecheck(None)
    while rounds is None or done < rounds:
        if await recheck.ended():
            yield SIGNED_OUT
            return
        view = await asyncio.to_thread(_handoff, desk, handoff_id)
        state = f"{view.state}:{view.agent_id}"
        if state != last_state:
            if last_state:
                state_data = handoff_json(view, [], viewer)
                yield {"event": "state", "data": json.dumps(state_data, ensure_ascii=False)}
            last_state = state
        try:
            lines = await desk.rasa.transcript(view.conversation_id)
        except RasaUnavailable:
            lines = []
        for line in lines:
            if line.index > after_index:
                after_index = line.index
                yield {"event": "line", "data": json.dumps(line_json(line, viewer), ensure_ascii=False)}
        done += 1
        await asyncio.sleep(poll)


def _handoff(desk: HelpDesk, handoff_id: str) -> HandoffView:
    with session_scope(desk.session_factory) as session:
        return service.get_handoff(session=session, cipher=desk.cipher, handoff_id=handoff_id)


async def _until_disconnected(request: Request, events: AsyncIterator[Event]) -> AsyncIterator[Event]:
    async for event in events:
        if await request.is_disconnected():
            break
        yield event


def viewer_of(request: Request) -> Viewer:
    staff, console = signed_in_of(request).staff, console_of(request)
    limit = int(console.handoff_wait.total_seconds())
    return Viewer(queues=staff.queues, time_zone=staff.time_zone, wait_limit_seconds=limit)


def session_recheck(request: Request, permission: Permission) -> SessionRecheck:
    """Re-resolve this request's console session: still live, account active, role still allowed."""
    deps, rules, token = deps_of(request), console_of(request).sessions, session_token(request)

    async def still_allowed() -> bool:
        if token is None:
            return False
        found = await run_in_threadpool(
            deps.unit_of_work,
            lambda session: resolve_session(session=session, token=token, now=deps.clock(), rules=rules),
        )
        return found is not None and allows(found.staff.role, permission)

    return SessionRecheck(still_allowed, console_of(request).stream_recheck_seconds)


@staff_only(Permission.HANDOFF)
async def inbox_stream(request: Request) -> Response:
    """`?previews=0` (every console page's new-conversation alert) skips the transcript previews."""
    deps, console, session_id = deps_of(request), console_of(request), signed_in_of(request).session_id

    async def keep_alive() -> None:
        """An open inbox keeps its agent counted as present."""
        await run_in_threadpool(
            deps.unit_of_work, lambda s: touch_session(session=s, session_id=session_id, now=deps.clock())
        )

    events = inbox_events(
        console.desk,
        max(console.stream_poll_seconds, 1.0),
        keep_alive=keep_alive,
        viewer=viewer_of(request),
        previews=request.query_params.get("previews") != "0",
        recheck=session_recheck(request, Permission.HANDOFF),
    )
    return EventSourceResponse(_until_disconnected(request, events), ping=15)


@staff_only(Permission.HANDOFF)
async def conversation_stream(request: Request) -> Response:
    console, handoff_id = console_of(request), request.path_params["handoff_id"]
    try:
        await asyncio.to_thread(_handoff, console.desk, handoff_id)
    except HandoffNotFound:
        return refusal(request, 404, "未找到该会话。")
    try:
        after = int(request.query_params.get("after", "-1"))
    except ValueError:
        after = -1
    events = conversation_events(
        console.desk,
        handoff_id,
        after,
        console.stream_poll_seconds,
        viewer=viewer_of(request),
        recheck=session_recheck(request, Permission.HANDOFF),
    )
    return EventSourceResponse(_until_disconnected(request, events), ping=15)


routes = [
    Route("/console/handoffs/stream", inbox_stream, methods=["GET"]),
    Route("/console/handoffs/{handoff_id}/stream", conversation_stream, methods=["GET"]),
]
