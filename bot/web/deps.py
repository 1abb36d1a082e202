"""What every route needs, built once per app and reached through `request.app.state.deps`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.crypto import FieldCipher
from bot.db import Clock, SessionFactory
from bot.dsr_api.routes import Operation
from bot.mail.sender import OutboxSender
from bot.settings import Settings
from bot.tickets.deadlines import DeadlineRules
from bot.verification.service import VerificationRules

T = TypeVar("T")


@dataclass(frozen=True)
class Deps:
    settings: Settings
    session_factory: SessionFactory
    cipher: FieldCipher
    clock: Clock
    sender: OutboxSender
    deadline_rules: DeadlineRules
    verification_rules: VerificationRules

    def unit_of_work(self, work: Callable[[Session], T], *, commit_on: tuple[type[Exception], ...] = ()) -> T:
        """Run work in one transaction; errors in commit_on still commit (e.g. a counted wrong code)."""
        session = self.session_factory()
        try:
            result = work(session)
            session.commit()
        except commit_on:
            session.commit()
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        # New outbox rows are committed now; let the sender pick them up without waiting for a poll.
        self.sender.wake()
        return result


def deps_of(request: Request) -> Deps:
    """Typed access to the app's dependencies."""
    deps: Deps = request.app.state.deps
    return deps


def bind(op: Operation, handler: Callable[[Request], Awaitable[Response]]) -> Route:
    """A Starlette route for one operation of the DSR API (path and method from bot/dsr_api/routes.py)."""
    return Route(op.path, handler, methods=[op.method])
