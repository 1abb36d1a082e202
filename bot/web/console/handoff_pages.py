"""The handoff inbox and one conversation: take, reply (with canned replies), note, end."""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.handoff import service
from bot.handoff.errors import AlreadyTaken, HandoffError, HandoffNotFound, RasaUnavailable
from bot.handoff.texts import CANNED_REPLIES
from bot.handoff.views import HandoffView
from bot.staff.roles import Permission
from bot.web.console.access import redirect, refusal, signed_in_of, staff_only
from bot.web.console.rendering import render
from bot.web.console.state import console_of
from bot.web.console.streams import is_overdue, viewer_of
from bot.web.console.ticket_pages import transcript_or_none
from bot.web.deps import deps_of

ERROR_TEXT = {
    "not_found": "未找到该会话。",
    "not_yours": "该会话不在您名下，请先接入。",
    "ended": "该会话已结束。",
    "validation_error": "内容不能为空，且不超过 2000 字。",
    "rasa_unavailable": "暂时无法连接对话服务，请稍后重试（本次操作未送达用户）。",
}


def _error_text(error: HandoffError) -> str:
    if isinstance(error, AlreadyTaken):
        return f"该会话已由 {error.agent_name} 接入。"
    return ERROR_TEXT.get(error.code, "操作未完成。")


async def _load(request: Request, handoff_id: str) -> HandoffView:
    deps = deps_of(request)
    return await run_in_threadpool(
        deps.unit_of_work, lambda s: service.get_handoff(session=s, cipher=deps.cipher, handoff_id=handoff_id)
    )


@staff_only(Permission.HANDOFF)
async def inbox_page(request: Request) -> Response:
    deps = deps_of(request)

    viewer = viewer_of(request)

    def load(session: Session) -> tuple[list[HandoffView], list[HandoffView]]:
        open_ = service.list_handoffs(session=session, cipher=deps.cipher, queues=viewer.queues)
        return open_, service.list_ended(session=session, cipher=deps.cipher, limit=20)

    open_handoffs, recent = await run_in_threadpool(deps.unit_of_work, load)
    now = deps.clock()
    rows = [(h, is_overdue(h, now, viewer.wait_limit_seconds)) for h in open_handoffs]
    context = {"rows": rows, "recent": recent, "now": now, "viewer": viewer}
    return render(request, "inbox.html", context)


@staff_only(Permission.HANDOFF)
async def conversation_page(request: Request) -> Response:
    try:
        view = await _load(request, request.path_params["handoff_id"])
    except HandoffNotFound:
        return refusal(request, 404, "未找到该会话。")
    lines, available = await transcript_or_none(request, view.conversation_id)
    return render(
        request,
        "conversation.html",
        {
            "handoff": view,
            "transcript": lines,
            "transcript_available": available,
            "last_index": lines[-1].index if lines else -1,
            "canned": CANNED_REPLIES,
            "now": deps_of(request).clock(),
        },
    )


@staff_only(Permission.HANDOFF)
async def take(request: Request) -> Response:
    staff, handoff_id = signed_in_of(request).staff, request.path_params["handoff_id"]
    try:
        await console_of(request).desk.take(handoff_id, staff.id, staff.display_name)
    except (HandoffError, RasaUnavailable) as error:
        return redirect(f"/console/handoffs/{handoff_id}", _error_text(error))
    return redirect(f"/console/handoffs/{handoff_id}", "已接入，用户会看到“人工客服已接入”。")


def _canned_text(key: str) -> str:
    return dict(CANNED_REPLIES).get(key, "")


@staff_only(Permission.HANDOFF)
async def reply(request: Request) -> Response:
    """The typed text, or the chosen canned reply when nothing was typed."""
    staff, handoff_id = signed_in_of(request).staff, request.path_params["handoff_id"]
    form = await request.form()
    text = str(form.get("text") or "").strip() or _canned_text(str(form.get("canned") or ""))
    try:
        await console_of(request).desk.reply(handoff_id, staff.id, staff.display_name, text)
    except HandoffError as error:
        return redirect(f"/console/handoffs/{handoff_id}", _error_text(error))
    return redirect(f"/console/handoffs/{handoff_id}")


@staff_only(Permission.HANDOFF)
async def typing(request: Request) -> Response:
    """The console's typing signal (JSON for console.js); only the holder's reaches the person."""
    staff, handoff_id = signed_in_of(request).staff, request.path_params["handoff_id"]
    form = await request.form()
    try:
        shown = await console_of(request).desk.typing(handoff_id, staff.id, form.get("typing") == "1")
    except HandoffError as error:
        return JSONResponse({"error": error.code, "message": _error_text(error)}, status_code=409)
    return JSONResponse({"status": "sent" if shown else "not_shown"})


@staff_only(Permission.HANDOFF)
async def note(request: Request) -> Response:
    """Internal only; never sent to the person."""
    staff, handoff_id = signed_in_of(request).staff, request.path_params["handoff_id"]
    form = await request.form()
    try:
        await console_of(request).desk.note(handoff_id, staff.id, str(form.get("note") or ""))
    except HandoffError as error:
        return redirect(f"/console/handoffs/{handoff_id}", _error_text(error))
    return redirect(f"/console/handoffs/{handoff_id}", "内部备注已保存（不会发送给用户）。")


@staff_only(Permission.HANDOFF)
async def end(request: Request) -> Response:
    staff, handoff_id = signed_in_of(request).staff, request.path_params["handoff_id"]
    try:
        await console_of(request).desk.end(handoff_id, staff.id, is_admin=staff.role == "admin")
    except HandoffError as error:
        return redirect(f"/console/handoffs/{handoff_id}", _error_text(error))
    return redirect(f"/console/handoffs/{handoff_id}", "已结束人工服务，助手已恢复应答。")


routes = [
    Route("/console/handoffs", inbox_page, methods=["GET"]),
    Route("/console/handoffs/{handoff_id}", conversation_page, methods=["GET"]),
    Route("/console/handoffs/{handoff_id}/take", take, methods=["POST"]),
    Route("/console/handoffs/{handoff_id}/reply", reply, methods=["POST"]),
    Route("/console/handoffs/{handoff_id}/typing", typing, methods=["POST"]),
    Route("/console/handoffs/{handoff_id}/note", note, methods=["POST"]),
    Route("/console/handoffs/{handoff_id}/end", end, methods=["POST"]),
]
