"""The request queue and the ticket page; every action goes through bot/tickets/service.py,
which writes the audit trail and queues the requester's email in the same transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.handoff.errors import RasaUnavailable
from bot.handoff.models import Handoff
from bot.handoff.rasa_api import TranscriptLine
from bot.mail import outbox
from bot.privacy import erasure
from bot.staff.roles import Permission
from bot.staff.service import actor_names
from bot.tickets import service as tickets
from bot.tickets.errors import TicketError, TicketNotFound
from bot.tickets.ids import normalise_ticket_id
from bot.web.console.access import redirect, refusal, signed_in_of, staff_only
from bot.web.console.queue import DUE_SOON_DAYS, QueueFilters, search_queue
from bot.web.console.rendering import render
from bot.web.console.state import console_of
from bot.web.deps import deps_of

# What each button asks of the lifecycle; the service refuses what the current status does not allow.
ACTIONS = {"start": "in_progress", "ask": "awaiting_requester", "complete": "completed", "reject": "rejected"}
ERROR_TEXT = {
    "illegal_transition": "当前状态下不能进行该操作。",
    "reason_required": "拒绝需要选择原因；选择“其他原因”时请填写说明。",
    "validation_error": "输入有误，请检查后重试。",
    "not_found": "未找到该请求。",
}


@staff_only(Permission.TICKETS)
async def queue_page(request: Request) -> Response:
    deps = deps_of(request)
    filters = QueueFilters.from_query(dict(request.query_params))
    rows, undelivered, stuck = await run_in_threadpool(
        deps.unit_of_work,
        lambda s: (
            search_queue(session=s, cipher=deps.cipher, now=deps.clock(), filters=filters),
            outbox.undelivered(session=s),
            [(e.ticket_id, e.attempts, e.last_error, e.updated_at) for e in erasure.failing(s)],
        ),
    )
    context = {
        "tickets": rows,
        "filters": filters,
        "soon_days": DUE_SOON_DAYS,
        "undelivered": undelivered,
        "failing_erasures": stuck,
    }
    return render(request, "queue.html", context)


@staff_only(Permission.TICKETS)
async def send_mail_again(request: Request) -> Response:
    """An email the sender gave up on goes back in line (after staff fixed the cause, e.g. the SMTP relay)."""
    deps = deps_of(request)
    try:
        message_id = int(request.path_params["mail_id"])
    except ValueError:
        return redirect("/console/tickets", "未找到该邮件。")
    queued = await run_in_threadpool(
        deps.unit_of_work, lambda s: outbox.send_again(session=s, message_id=message_id, now=deps.clock())
    )
    return redirect("/console/tickets", "邮件已重新排队发送。" if queued else "该邮件不是发送失败的邮件。")


async def transcript_or_none(
    request: Request, conversation_id: str | None
) -> tuple[list[TranscriptLine], bool]:
    """The conversation as Rasa keeps it; (lines, available)."""
    if not conversation_id:
        return [], True
    try:
        return await console_of(request).desk.rasa.transcript(conversation_id), True
    except RasaUnavailable:
        return [], False


@staff_only(Permission.TICKETS)
async def ticket_page(request: Request) -> Response:
    deps = deps_of(request)
    ticket_id = normalise_ticket_id(request.path_params["ticket_id"])

    def load(
        session: Session,
    ) -> tuple[tickets.TicketView, list[Handoff], dict[str, object] | None, dict[str, str]]:
        view = tickets.get_ticket(
            session=session,
            cipher=deps.cipher,
            ticket_id=ticket_id,
            now=deps.clock(),
            rules=deps.deadline_rules,
        )
        linked = session.query(Handoff).filter(Handoff.ticket_id == ticket_id).all()
        names = actor_names(session, {event.actor for event in view.history})
        return view, linked, erasure.status_for_staff(session, view.id, view.type, view.status), names

    try:
        view, linked, erasure_status, names = await run_in_threadpool(deps.unit_of_work, load)
    except TicketNotFound:
        return refusal(request, 404, "未找到该请求。")
    lines, available = await transcript_or_none(request, view.conversation_id)
    return render(
        request,
        "ticket.html",
        {
            "ticket": view,
            "transcript": lines,
            "transcript_available": available,
            "handoffs": [(row.id, row.state) for row in linked],
            "erasure": erasure_status,
            "actor_names": names,
        },
    )


@staff_only(Permission.TICKETS)
async def ticket_action(request: Request) -> Response:
    """start / ask / complete / reject, with the note (message to the requester) and reason."""
    deps, staff = deps_of(request), signed_in_of(request).staff
    ticket_id = normalise_ticket_id(request.path_params["ticket_id"])
    action = request.path_params["action"]
    if action not in ACTIONS:
        return refusal(request, 404, "未知的操作。")
    form = await request.form()
    note = str(form.get("note") or "").strip() or None
    reason = str(form.get("reason") or "").strip() or None
    if action == "ask" and note is None:
        return redirect(f"/console/tickets/{ticket_id}", "请填写需要请求人补充的信息，该内容将通过邮件发送。")
    target = ACTIONS[action]
    if action == "start":
        note, reason = None, None

    def work(session: Session) -> tickets.TicketView:
        return tickets.transition_ticket(
            session=session,
            cipher=deps.cipher,
            ticket_id=ticket_id,
            to=target,
            actor=f"staff:{staff.id}",
            now=deps.clock(),
            reason=reason if action == "reject" else None,
            note=note,
            rules=deps.deadline_rules,
        )

    try:
        await run_in_threadpool(deps.unit_of_work, work)
    except TicketError as error:
        return redirect(f"/console/tickets/{ticket_id}", ERROR_TEXT.get(error.code, "操作未完成。"))
    return redirect(f"/console/tickets/{ticket_id}", "已更新，邮件已加入发送队列。")


routes = [
    Route("/console/tickets", queue_page, methods=["GET"]),
    Route("/console/tickets/{ticket_id}", ticket_page, methods=["GET"]),
    Route("/console/tickets/{ticket_id}/{action}", ticket_action, methods=["POST"]),
    Route("/console/mail/{mail_id}/send-again", send_mail_again, methods=["POST"]),
]
