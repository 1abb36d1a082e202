"""Every staff member's own settings: the display name visitors see, the time zone, the handoff queues."""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.handoff.topics import Topic
from bot.staff import service as staff_service
from bot.staff.errors import InvalidStaffField, StaffError
from bot.staff.zones import COMMON_ZONES
from bot.web.console.access import redirect, signed_in_of, staff_only
from bot.web.console.rendering import render
from bot.web.deps import deps_of


@staff_only(None)
async def profile_page(request: Request) -> Response:
    context = {"zones": COMMON_ZONES, "topics": [topic.value for topic in Topic]}
    return render(request, "profile.html", context)


@staff_only(None)
async def save_profile(request: Request) -> Response:
    """One form; each field is checked by the staff service (display names never contain an email)."""
    deps, staff_id = deps_of(request), signed_in_of(request).staff.id
    form = await request.form()

    def work(session: Session) -> None:
        staff_service.set_display_name(
            session=session, staff_id=staff_id, display_name=str(form.get("display_name") or "")
        )
        staff_service.set_time_zone(
            session=session, staff_id=staff_id, time_zone=str(form.get("time_zone") or "")
        )
        staff_service.set_queues(
            session=session, staff_id=staff_id, queues=[str(q) for q in form.getlist("queues")]
        )

    try:
        await run_in_threadpool(deps.unit_of_work, work)
    except InvalidStaffField as error:
        return redirect("/console/profile", str(error))
    except StaffError:
        return redirect("/console/profile", "操作未完成。")
    return redirect("/console/profile", "已保存。")


routes = [
    Route("/console/profile", profile_page, methods=["GET"]),
    Route("/console/profile", save_profile, methods=["POST"]),
]
