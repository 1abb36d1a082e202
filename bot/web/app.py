"""The DSR backend's app factory: JSON API, health, and room for other engineers' route modules."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from datetime import timedelta

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from bot.crypto import FieldCipher
from bot.db import Clock, SessionFactory, engine_from_settings, make_session_factory, utc_now
from bot.mail.mailer import Mailer, SmtpMailer
from bot.mail.sender import OutboxSender
from bot.privacy import jobs as privacy_jobs
from bot.retry import RetryRules
from bot.settings import Settings
from bot.tickets.deadlines import DeadlineRules
from bot.verification.service import VerificationRules
from bot.web import api, filing_failure_api, handoff_api, openapi, widget_routes
from bot.web.auth import BearerAuth
from bot.web.body_limit import BodyLimit
from bot.web.console import mount as console
from bot.web.deps import Deps
from bot.web.errors import EXCEPTION_HANDLERS


async def health(request: Request) -> JSONResponse:
    """Liveness for `make run`'s readiness watcher; no auth, no database."""
    return JSONResponse({"status": "ok"})


def route_modules() -> list[BaseRoute]:
    """Every route module contributes a `routes` list; add new modules (console, widget) here."""
    return [
        Route("/health", health),
        *openapi.routes,
        *api.routes,
        *handoff_api.routes,
        *filing_failure_api.routes,
        *console.routes,
        *widget_routes.routes,  # demo page at /, /widget.js and its assets
    ]


def create_app(
    settings: Settings,
    *,
    session_factory: SessionFactory | None = None,
    clock: Clock | None = None,
    start_outbox: bool = True,
    mailer: Mailer | None = None,
    start_privacy: bool | None = None,
    extra_routes: Sequence[BaseRoute] = (),
) -> Starlette:
    """Build the app; the outbox sender and the privacy worker run as background tasks.

    The privacy worker (erasures, retention) follows `start_outbox` unless `start_privacy` says otherwise.
    """
    factory = session_factory or make_session_factory(engine_from_settings(settings))
    cipher = FieldCipher(settings.encryption_key)
    sender = OutboxSender(
        session_factory=factory,
        cipher=cipher,
        mailer=mailer
        or SmtpMailer(
            host=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
        ),
        mail_from=settings.mail_from,
        rules=RetryRules(
            base=settings.mail_retry_base_ms / 1000,
            cap=float(settings.mail_retry_max_seconds),
            poll=settings.mail_poll_ms / 1000,
        ),
        clock=clock or utc_now,
    )
    deps = Deps(
        settings=settings,
        session_factory=factory,
        cipher=cipher,
        clock=clock or utc_now,
        sender=sender,
        deadline_rules=DeadlineRules(settings.deadline_working_days, settings.deadline_max_calendar_days),
        verification_rules=VerificationRules(
            resend_after=timedelta(seconds=60),
            max_mails_per_minute=settings.verification_mails_per_minute,
            token_ttl=timedelta(hours=settings.verification_token_hours),
        ),
    )

    # One set of engines for the privacy worker and the console's export download.
    privacy_stores = privacy_jobs.external_stores(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        tasks = [asyncio.create_task(sender.run(stop))] if start_outbox else []
        if start_outbox if start_privacy is None else start_privacy:
            worker = privacy_jobs.run_forever(
                settings=settings,
                factory=factory,
                cipher=cipher,
                external=privacy_stores,
                clock=clock or utc_now,
                stop=stop,
            )
            tasks.append(asyncio.create_task(worker))
        try:
            yield
        finally:
            stop.set()
            for task in tasks:
                await task

    app = Starlette(
        routes=[*route_modules(), *extra_routes],
        middleware=[
            Middleware(BodyLimit, max_bytes=settings.max_api_body_bytes),
            Middleware(BearerAuth, token=settings.dsr_api_token),
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=lifespan,
    )
    app.state.deps = deps
    app.state.privacy_stores = privacy_stores
    console.install(app)  # console state, first admin, handoff wait notices
    return app
