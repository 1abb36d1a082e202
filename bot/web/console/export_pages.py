"""Staff download of an access request's export (JSON or HTML) from the ticket page."""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.privacy import export
from bot.staff.roles import Permission
from bot.tickets.errors import TicketNotFound
from bot.tickets.ids import normalise_ticket_id
from bot.web.console.access import refusal, signed_in_of, staff_only
from bot.web.deps import deps_of

MEDIA = {"json": "application/json; charset=utf-8", "html": "text/html; charset=utf-8"}


@staff_only(Permission.TICKETS)
async def download_export(request: Request) -> Response:
    deps, staff = deps_of(request), signed_in_of(request).staff
    ticket_id = normalise_ticket_id(request.path_params["ticket_id"])
    fmt = request.path_params["fmt"]
    if fmt not in MEDIA:
        return refusal(request, 404, "未知的导出格式。")

    def work(session: Session) -> export.PersonalExport:
        built = export.build_export(
            session=session,
            cipher=deps.cipher,
            external=request.app.state.privacy_stores,
            ticket_id=ticket_id,
            now=deps.clock(),
        )
        export.record_download(
            session=session, ticket_id=ticket_id, actor=f"staff:{staff.id}", fmt=fmt, now=deps.clock()
        )
        return built

    try:
        built = await run_in_threadpool(deps.unit_of_work, work)
    except TicketNotFound:
        return refusal(request, 404, "未找到该请求。")
    except export.ExportNotAvailable:
        return refusal(request, 409, "只有已完成的查阅申请可以导出。")
    body = built.to_json() if fmt == "json" else built.to_html()
    headers = {
        "Content-Disposition": f'attachment; filename="{ticket_id}-export.{fmt}"',
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }
    return Response(body, media_type=MEDIA[fmt], headers=headers)


routes = [Route("/console/tickets/{ticket_id}/export.{fmt}", download_export, methods=["GET"])]
