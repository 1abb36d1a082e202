"""Staff accounts, for admins only: list, add, rename, queues, role, unlock, (de)activate, password."""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.handoff.topics import Topic
from bot.staff import service as staff_service
from bot.staff.errors import InvalidStaffField, LastAdmin, StaffError, StaffExists, StaffNotFound
from bot.staff.roles import Permission
from bot.web.console.access import redirect, staff_only
from bot.web.console.rendering import render
from bot.web.deps import deps_of


def _error_text(error: StaffError) -> str:
    if isinstance(error, InvalidStaffField):
        return str(error)
    if isinstance(error, StaffExists):
        return "该邮箱已有账号。"
    if isinstance(error, LastAdmin):
        return "至少需要保留一个启用的管理员。"
    if isinstance(error, StaffNotFound):
        return "未找到该账号。"
    return "操作未完成。"


@staff_only(Permission.STAFF)
async def staff_page(request: Request) -> Response:
    deps = deps_of(request)
    accounts = await run_in_threadpool(deps.unit_of_work, lambda s: staff_service.list_staff(session=s))
    topics = [topic.value for topic in Topic]
    return render(request, "staff.html", {"accounts": accounts, "now": deps.clock(), "topics": topics})


@staff_only(Permission.STAFF)
async def create(request: Request) -> Response:
    deps = deps_of(request)
    form = await request.form()

    def work(session: Session) -> None:
        staff_service.create_staff(
            session=session,
            email=str(form.get("email") or ""),
            password=str(form.get("password") or ""),
            role=str(form.get("role") or ""),
            now=deps.clock(),
            display_name=str(form.get("display_name") or "").strip() or None,
        )

    try:
        await run_in_threadpool(deps.unit_of_work, work)
    except StaffError as error:
        return redirect("/console/staff", _error_text(error))
    return redirect("/console/staff", "账号已创建。")


@staff_only(Permission.STAFF)
async def change(request: Request) -> Response:
    """One endpoint per account for unlock / activate / deactivate / role / password / name / queues."""
    deps = deps_of(request)
    form = await request.form()
    try:
        staff_id = int(request.path_params["staff_id"])
    except ValueError:
        return redirect("/console/staff", "未找到该账号。")
    action = request.path_params["action"]

    def work(session: Session) -> None:
        if action == "unlock":
            staff_service.unlock_staff(session=session, staff_id=staff_id)
        elif action in ("activate", "deactivate"):
            staff_service.set_active(session=session, staff_id=staff_id, active=action == "activate")
        elif action == "role":
            staff_service.set_role(session=session, staff_id=staff_id, role=str(form.get("role") or ""))
        elif action == "name":
            staff_service.set_display_name(
                session=session, staff_id=staff_id, display_name=str(form.get("display_name") or "")
            )
        elif action == "queues":
            staff_service.set_queues(
                session=session, staff_id=staff_id, queues=[str(q) for q in form.getlist("queues")]
            )
        elif action == "password":
            staff_service.set_password(
                session=session, staff_id=staff_id, password=str(form.get("password") or "")
            )
        else:
            raise StaffNotFound(action)

    try:
        await run_in_threadpool(deps.unit_of_work, work)
    except StaffError as error:
        return redirect("/console/staff", _error_text(error))
    return redirect("/console/staff", "已更新。")


routes = [
    Route("/console/staff", staff_page, methods=["GET"]),
    Route("/console/staff", create, methods=["POST"]),
    Route("/console/staff/{staff_id}/{action}", change, methods=["POST"]),
]
