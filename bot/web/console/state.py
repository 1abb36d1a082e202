"""What console routes need besides the backend's Deps, reached through `request.app.state.console`."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import timedelta

from starlette.requests import Request

from bot.handoff.desk import HelpDesk
from bot.staff.service import LockoutRules
from bot.staff.sessions import DEFAULT_SESSION_RULES, SessionRules
from bot.staff.throttle import SignInThrottle

# The console never hard-locks an account (anyone could lock every agent out): SignInThrottle backs
# off per (account, address) instead. A lock an admin set, or one from before, is still honoured.
NO_HARD_LOCK = LockoutRules(max_failures=sys.maxsize)


@dataclass(frozen=True)
class ConsoleState:
    desk: HelpDesk
    handoff_wait: timedelta
    lockout: LockoutRules = NO_HARD_LOCK
    throttle: SignInThrottle = field(default_factory=SignInThrottle)
    sessions: SessionRules = DEFAULT_SESSION_RULES
    stream_poll_seconds: float = 1.0
    stream_recheck_seconds: float = 30.0  # a live stream re-resolves its session this often (finding 6)
    wait_check_seconds: float = 15.0


def console_of(request: Request) -> ConsoleState:
    state: ConsoleState = request.app.state.console
    return state
