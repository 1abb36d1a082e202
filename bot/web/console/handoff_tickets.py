"""Open a ticket from a handed-over conversation (prefilled), or link an existing one."""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.contact import EMAIL_IN_TEXT, MOBILE_IN_TEXT
from bot.handoff import service as handoffs
from bot.handoff.errors import HandoffError, HandoffNotFound
from bot.handoff.rasa_api import TranscriptLine
from bot.handoff.views import HandoffView
from bot.staff.roles import Permission
from bot.tickets import filing
from bot.tickets import service as tickets
from bot.tickets.errors import DuplicateTicket, InvalidTicketField, TicketError, TicketNotFound
from bot.tickets.ids import normalise_ticket_id
from bot.tickets.new_ticket import NewTicket
from bot.web.console.access import redirect, refusal, signed_in_of, staff_only
from bot.web.console.rendering import render
from bot.web.console.ticket_pages import transcript_or_none
from bot.web.deps import deps_of

FIELDS = ("type", "scenario", "name", "email", "phone", "details")


def prefill(view: HandoffView, lines: list[TranscriptLine]) -> dict[str, str]:
    """What the person wrote: the first email and mobile number found, and their messages as details."""
    said = [line.text for line in lines if line.role == "user" and not line.text.startswith("/")]
    text = "\n".join(said)
    email, phone = EMAIL_IN_TEXT.search(text), MOBILE_IN_TEXT.search(text)
    return {
        "type": "access",
        "scenario": "other",
        "name": "",
        "email": email.group(0) if email else "",
        "phone": phone.group(0) if phone else "",
        "details": text[-2000:],
    }


async def _handoff(request: Request) -> HandoffView:
    deps = deps_of(request)
    return await run_in_threadpool(
        deps.unit_of_work,
        lambda s: handoffs.get_handoff(
            session=s, cipher=deps.cipher, handoff_id=request.path_params["handoff_id"]
        ),
    )


@staff_only(Permission.HANDOFF)
async def new_ticket_form(request: Request) -> Response:
    try:
        view = await _handoff(request)
    except HandoffNotFound:
        return refusal(request, 404, "未找到该会话。")
    lines, _ = await transcript_or_none(request, view.conversation_id)
    return render(request, "ticket_new.html", {"handoff": view, "values": prefill(view, lines), "error": ""})


@staff_only(Permission.HANDOFF)
async def create_ticket(request: Request) -> Response:
    """File on the agent's word that the identity was checked in the conversation, then link it."""
    deps, staff = deps_of(request), signed_in_of(request).staff
    try:
        view = await _handoff(request)
    except HandoffNotFound:
        return refusal(request, 404, "未找到该会话。")
    form = await request.form()
    values = {name: str(form.get(name) or "").strip() for name in FIELDS}
    if form.get("identity_checked") != "yes":
        return render(
            request,
            "ticket_new.html",
            {"handoff": view, "values": values, "error": "请先在对话中核实请求人的身份并勾选确认。"},
            422,
        )
    new = NewTicket(
        type=values["type"],
        scenario=values["scenario"],
        name=values["name"],
        email=values["email"],
        details=values["details"],
        channel=view.channel,
        phone=values["phone"] or None,
        conversation_id=view.conversation_id,
    )

    def work(session: Session) -> str:
        now = deps.clock()
        try:
            ticket, _ = filing.file_ticket(
                session=session,
                cipher=deps.cipher,
                new=new,
                verified_at=now,
                now=now,
                rules=deps.deadline_rules,
                actor=f"staff:{staff.id}",
            )
            ticket_id = ticket.id
        except DuplicateTicket as duplicate:
            ticket_id = duplicate.ticket_id
        handoffs.link_ticket(
            session=session,
            cipher=deps.cipher,
            handoff_id=view.id,
            ticket_id=ticket_id,
            agent_id=staff.id,
            now=now,
        )
        return ticket_id

    try:
        ticket_id = await run_in_threadpool(deps.unit_of_work, work)
    except InvalidTicketField as error:
        return render(
            request,
            "ticket_new.html",
            {"handoff": view, "values": values, "error": f"字段 {error.field} 无效，请检查。"},
            422,
        )
    except TicketError:
        return redirect(f"/console/handoffs/{view.id}", "未能创建请求，请稍后重试。")
    return redirect(f"/console/handoffs/{view.id}", f"已关联请求 {ticket_id}。")


@staff_only(Permission.HANDOFF)
async def link_existing(request: Request) -> Response:
    deps, staff = deps_of(request), signed_in_of(request).staff
    handoff_id = request.path_params["handoff_id"]
    form = await request.form()
    ticket_id = normalise_ticket_id(str(form.get("ticket_id") or ""))

    def work(session: Session) -> None:
        tickets.get_ticket(session=session, cipher=deps.cipher, ticket_id=ticket_id, now=deps.clock())
        handoffs.link_ticket(
            session=session,
            cipher=deps.cipher,
            handoff_id=handoff_id,
            ticket_id=ticket_id,
            agent_id=staff.id,
            now=deps.clock(),
        )

    try:
        await run_in_threadpool(deps.unit_of_work, work)
    except TicketNotFound:
        return redirect(f"/console/handoffs/{handoff_id}", "未找到该请求编号。")
    except HandoffError:
        return redirect(f"/console/handoffs/{handoff_id}", "未找到该会话。")
    return redirect(f"/console/handoffs/{handoff_id}", f"已关联请求 {ticket_id}。")


routes = [
    Route("/console/handoffs/{handoff_id}/ticket", new_ticket_form, methods=["GET"]),
    Route("/console/handoffs/{handoff_id}/ticket", create_ticket, methods=["POST"]),
    Route("/console/handoffs/{handoff_id}/link", link_existing, methods=["POST"]),
]
