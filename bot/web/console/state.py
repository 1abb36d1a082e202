"""What console routes need besides the backend's Deps, reached through `request.app.state.console`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from starlette.requests import Request

from bot.handoff.desk import HelpDesk
from bot.staff.service import DEFAULT_LOCKOUT, LockoutRules
from bot.staff.sessions import DEFAULT_SESSION_RULES, SessionRules


@dataclass(frozen=True)
class ConsoleState:
    desk: HelpDesk
    handoff_wait: timedelta
    lockout: LockoutRules = DEFAULT_LOCKOUT
    sessions: SessionRules = DEFAULT_SESSION_RULES
    stream_poll_seconds: float = 1.0
    wait_check_seconds: float = 15.0


def console_of(request: Request) -> ConsoleState:
    state: ConsoleState = request.app.state.console
    return state
