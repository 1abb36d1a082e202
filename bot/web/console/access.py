"""Who may see what: every console route is wrapped by `staff_only(permission)`.

Anonymous GETs are sent to the sign-in page; anonymous POSTs and streams get 401; a signed-in
person without the permission gets 403; every POST must carry the session's CSRF token.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.secrets_compare import same_secret
from bot.staff.roles import Permission, allows
from bot.staff.sessions import SignedIn, resolve_session
from bot.web.console.cookies import unsign
from bot.web.console.rendering import flash_signature, render
from bot.web.console.state import console_of
from bot.web.deps import deps_of

SESSION_COOKIE = "dsr_console"
SESSION_PURPOSE = "console-session"
Handler = Callable[[Request], Awaitable[Response]]


def session_token(request: Request) -> str | None:
    return unsign(
        deps_of(request).settings.session_secret, SESSION_PURPOSE, request.cookies.get(SESSION_COOKIE)
    )


async def current_staff(request: Request) -> SignedIn | None:
    """The signed-in staff member for this request, resolved once."""
    if hasattr(request.state, "signed_in"):
        signed_in: SignedIn | None = request.state.signed_in
        return signed_in
    token = session_token(request)
    found: SignedIn | None = None
    if token is not None:
        deps, rules = deps_of(request), console_of(request).sessions
        found = await run_in_threadpool(
            deps.unit_of_work,
            lambda session: resolve_session(session=session, token=token, now=deps.clock(), rules=rules),
        )
    request.state.signed_in = found
    return found


def _is_stream(request: Request) -> bool:
    """EventSource cannot follow a redirect to a login page; it gets a plain 401."""
    return request.url.path.endswith("/stream") or "text/event-stream" in request.headers.get("accept", "")


def refusal(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", {"message": message}, status_code=status)


async def csrf_ok(request: Request, expected: str) -> bool:
    """The form's csrf field (or X-CSRF-Token header) matches the session's token."""
    presented = request.headers.get("x-csrf-token")
    if presented is None:
        form = await request.form()
        value = form.get("csrf")
        presented = value if isinstance(value, str) else None
    return same_secret(presented, expected)


def staff_only(permission: Permission | None) -> Callable[[Handler], Handler]:
    """Wrap a route: authenticated, authorised, CSRF-checked on POST."""

    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        async def endpoint(request: Request) -> Response:
            signed_in = await current_staff(request)
            if signed_in is None:
                if request.method == "GET" and not _is_stream(request):
                    target = quote(request.url.path, safe="/")
                    return RedirectResponse(f"/console/login?next={target}", status_code=303)
                return refusal(request, 401, "请先登录。")
            if permission is not None and not allows(signed_in.staff.role, permission):
                return refusal(request, 403, "您的角色无权访问此页面。")
            if request.method == "POST" and not await csrf_ok(request, signed_in.csrf_token):
                return refusal(request, 403, "表单已失效（CSRF 校验未通过），请刷新页面后重试。")
            return await handler(request)

        return endpoint

    return decorate


def signed_in_of(request: Request) -> SignedIn:
    """The session a `staff_only` route runs under."""
    signed_in: SignedIn = request.state.signed_in
    return signed_in


def redirect(path: str, msg: str = "") -> RedirectResponse:
    """Post/redirect/get, with an optional short notice shown on the next page."""
    if not msg:
        return RedirectResponse(path, status_code=303)
    return RedirectResponse(f"{path}?msg={quote(msg)}&sig={flash_signature(msg)}", status_code=303)
