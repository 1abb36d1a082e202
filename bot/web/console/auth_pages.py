"""Sign-in, sign-out and the console's home page."""

from __future__ import annotations

import secrets

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.secrets_compare import same_secret
from bot.staff.errors import AccountLocked, InvalidCredentials, SecondFactorFailed
from bot.staff.passwords import verify_password
from bot.staff.second_factor import check_second_factor
from bot.staff.service import authenticate, normalise_email
from bot.staff.sessions import SignedIn, close_session, open_session
from bot.web.console.access import (
    SESSION_COOKIE,
    SESSION_PURPOSE,
    current_staff,
    refusal,
    signed_in_of,
    staff_only,
)
from bot.web.console.cookies import sign, unsign
from bot.web.console.rendering import render
from bot.web.console.state import console_of
from bot.web.deps import deps_of

LOGIN_COOKIE = "dsr_console_login"
LOGIN_PURPOSE = "console-login"
# One answer for an unknown account, a wrong password, a locked account and a throttled attempt.
SIGN_IN_FAILED = "邮箱或密码不正确。多次失败后请稍等片刻再试，或联系管理员。"


def client_address(request: Request) -> str:
    """The peer; behind a proxy on this machine, the hop it added (the client writes the rest)."""
    peer = request.client.host if request.client else "unknown"
    forwarded = request.headers.get("x-forwarded-for", "")
    if peer in ("127.0.0.1", "::1") and forwarded:
        return forwarded.split(",")[-1].strip() or peer
    return peer


def _safe_next(raw: str | None) -> str:
    """Only console paths: never an open redirect."""
    if raw and raw.startswith("/console") and "//" not in raw and "\\" not in raw:
        return raw
    return "/console"


def _set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/console",
        httponly=True,
        samesite="strict",
        secure=deps_of(request).settings.secure_cookies,
    )


def _login_page(request: Request, error: str = "", status: int = 200) -> Response:
    """A fresh double-submit token: signed in a cookie, plain in the form."""
    nonce = secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        {"csrf": nonce, "error": error, "next": _safe_next(request.query_params.get("next"))},
        status_code=status,
    )
    _set_cookie(
        request,
        response,
        LOGIN_COOKIE,
        sign(deps_of(request).settings.session_secret, LOGIN_PURPOSE, nonce),
        3600,
    )
    return response


async def login_form(request: Request) -> Response:
    if await current_staff(request) is not None:
        return RedirectResponse("/console", status_code=303)
    return _login_page(request)


async def login(request: Request) -> Response:
    """Check the password (counting failures), then open a server-side session."""
    deps, state = deps_of(request), console_of(request)
    if not deps.settings.session_secret:
        return refusal(request, 503, "控制台尚未配置 SESSION_SECRET（make run 会自动生成）。")
    form = await request.form()
    expected = unsign(deps.settings.session_secret, LOGIN_PURPOSE, request.cookies.get(LOGIN_COOKIE))
    presented = str(form.get("csrf") or "")
    if expected is None or not same_secret(presented, expected):
        return _login_page(request, "表单已失效，请重新登录。", 403)
    email, password = str(form.get("email") or ""), str(form.get("password") or "")
    otp = str(form.get("otp") or "")
    address, account = client_address(request), normalise_email(email)
    if state.throttle.wait(address, account):
        await run_in_threadpool(verify_password, None, password)  # the same cost as a real check
        return _login_page(request, SIGN_IN_FAILED, 401)

    def work(session) -> tuple[str, SignedIn]:  # type: ignore[no-untyped-def]
        staff = authenticate(
            session=session, email=email, password=password, now=deps.clock(), rules=state.lockout
        )
        check_second_factor(
            session=session,
            cipher=deps.cipher,
            staff_id=staff.id,
            code=otp,
            now=deps.clock(),
            required_for_admins=deps.settings.staff_totp_required_for_admins,
        )
        return open_session(session=session, staff_id=staff.id, now=deps.clock(), rules=state.sessions)

    try:
        token, _ = await run_in_threadpool(
            deps.unit_of_work, work, commit_on=(InvalidCredentials, AccountLocked)
        )
    except (InvalidCredentials, AccountLocked, SecondFactorFailed):
        state.throttle.failed(address, account)
        return _login_page(request, SIGN_IN_FAILED, 401)
    state.throttle.succeeded(address, account)
    target = _safe_next(str(form.get("next") or ""))
    response = RedirectResponse(target, status_code=303)
    _set_cookie(
        request,
        response,
        SESSION_COOKIE,
        sign(deps.settings.session_secret, SESSION_PURPOSE, token),
        int(state.sessions.absolute.total_seconds()),
    )
    response.delete_cookie(LOGIN_COOKIE, path="/console")
    return response


@staff_only(None)
async def logout(request: Request) -> Response:
    deps, signed_in = deps_of(request), signed_in_of(request)
    await run_in_threadpool(
        deps.unit_of_work, lambda s: close_session(session=s, session_id=signed_in.session_id)
    )
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/console")
    return response


@staff_only(None)
async def home(request: Request) -> Response:
    """Agents and admins start at the queue; others see what their role offers."""
    staff = signed_in_of(request).staff
    if staff.role in ("agent", "admin"):
        return RedirectResponse("/console/tickets", status_code=303)
    return render(request, "home.html", {})


routes = [
    Route("/console", home, methods=["GET"]),
    Route("/console/login", login_form, methods=["GET"]),
    Route("/console/login", login, methods=["POST"]),
    Route("/console/logout", logout, methods=["POST"]),
]
