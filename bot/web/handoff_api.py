"""JSON endpoints the action server calls during a handoff (bearer DSR_API_TOKEN, like all of /api).

POST /api/handoffs {conversation_id, channel, reason, topic?, first_message?}
    201 {"status": "waiting", "handoff_id", "agents_online": true, "created": true, "paused": true}
        (200 when already open); `paused` is the row's answer (bot/handoff/pause.py), Rasa follows it
    200 {"status": "unavailable", "agents_online": false}  nobody is signed in: nothing is queued
GET /api/handoffs/{conversation_id}
    200 {"conversation_id", "state": "waiting"|"taken"|"ended"|"none", "paused": bool, "handoff_id"?,
         "reason"?, "topic"?, "channel"?, "agent"?, "requested_at"?}
    `agent` is the display name visitors see ("客服 <name>" is built from it), never a sign-in name.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from bot.dsr_api import routes as ops
from bot.dsr_api.types import HandoffRequest
from bot.handoff import pause, service
from bot.handoff.errors import ConcurrentEscalation, InvalidHandoffField
from bot.handoff.views import HandoffView
from bot.staff.sessions import agents_online
from bot.web.api import json_body
from bot.web.console.state import console_of
from bot.web.deps import bind, deps_of
from bot.web.errors import ApiError


def state_json(conversation_id: str, view: HandoffView | None) -> dict[str, Any]:
    if view is None:
        return {"conversation_id": conversation_id, "state": "none", "paused": False}
    return {
        "conversation_id": conversation_id,
        "state": view.state,
        "paused": pause.paused(view),
        "handoff_id": view.id,
        "reason": view.reason,
        "topic": view.topic,
        "channel": view.channel,
        "agent": view.agent_name,
        "requested_at": view.requested_at.isoformat(),
    }


async def request_handoff(request: Request) -> JSONResponse:
    """Queue the conversation for an agent, unless no agent has the console open."""
    deps, body = deps_of(request), await json_body(request)
    rules = console_of(request).sessions
    declared = dataclasses.fields(HandoffRequest)
    fields = {field.name: body.get(field.name) for field in declared if field.default is dataclasses.MISSING}
    for name, value in fields.items():
        if not isinstance(value, str) or not value.strip():
            raise ApiError(422, "validation_error", f"{name} is required", name)
    extras = {field.name: body.get(field.name) for field in declared if field.name not in fields}
    for name, value in extras.items():
        if value is not None and not isinstance(value, str):
            raise ApiError(422, "validation_error", f"{name} must be a string", name)

    def work(session: Session) -> tuple[HandoffView | None, bool, bool]:
        online = agents_online(session=session, now=deps.clock(), rules=rules) > 0
        existing = service.current_for_conversation(
            session=session, cipher=deps.cipher, conversation_id=fields["conversation_id"]
        )
        if not online and (existing is None or existing.state == "ended"):
            return None, False, False
        view, created = service.request_handoff(
            session=session,
            cipher=deps.cipher,
            conversation_id=fields["conversation_id"],
            channel=fields["channel"],
            reason=fields["reason"],
            now=deps.clock(),
            topic=extras["topic"],
            first_message=extras["first_message"],
        )
        return view, created, online

    try:
        try:
            view, created, online = await run_in_threadpool(deps.unit_of_work, work)
        except ConcurrentEscalation:
            view, created, online = await run_in_threadpool(deps.unit_of_work, work)
    except InvalidHandoffField as error:
        raise ApiError(422, "validation_error", str(error), error.field) from None
    if view is None:
        return JSONResponse({"status": "unavailable", "agents_online": False, "paused": False})
    return JSONResponse(
        {
            "status": view.state,
            "handoff_id": view.id,
            "agents_online": online,
            "created": created,
            "paused": pause.paused(view),
        },
        status_code=201 if created else 200,
    )


async def handoff_state(request: Request) -> JSONResponse:
    """What the session-start action asks after Rasa reset a paused session: does the row still say paused?"""
    deps = deps_of(request)
    conversation_id = request.path_params["conversation_id"]
    view = await run_in_threadpool(
        deps.unit_of_work,
        lambda s: service.current_for_conversation(
            session=s, cipher=deps.cipher, conversation_id=conversation_id
        ),
    )
    return JSONResponse(state_json(conversation_id, view))


routes = [bind(ops.REQUEST_HANDOFF, request_handoff), bind(ops.HANDOFF_STATE, handoff_state)]
