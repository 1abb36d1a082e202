"""Legal deadlines: N Chinese working days after verification, capped in calendar days."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import chinese_calendar

from bot.china_time import CHINA_TZ

logger = logging.getLogger(__name__)

_warned_years: set[int] = set()

Pause = tuple[date, "date | None"]


@dataclass(frozen=True)
class DeadlineRules:
    """Configurable through DEADLINE_WORKING_DAYS / DEADLINE_MAX_CALENDAR_DAYS."""

    working_days: int = 15
    max_calendar_days: int = 30


DEFAULT_RULES = DeadlineRules()


def is_working_day(day: date) -> bool:
    """Official working day, with make-up weekends; weekdays only for years the package lacks."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        if day.year not in _warned_years:
            _warned_years.add(day.year)
            logger.warning("chinese_calendar has no holiday data for %d; counting Monday-Friday", day.year)
        return day.weekday() < 5


def local_date(moment: datetime) -> date:
    """The calendar date in China for an aware timestamp."""
    return moment.astimezone(CHINA_TZ).date()


def _paused(day: date, pauses: Sequence[Pause], today: date) -> bool:
    """A paused span covers the days after the pause up to and including the resume day."""
    for paused_on, resumed_on in pauses:
        end = resumed_on if resumed_on is not None else today
        if paused_on < day <= end:
            return True
    return False


def due_date(
    start: date, rules: DeadlineRules, pauses: Sequence[Pause] = (), today: date | None = None
) -> date:
    """The day the answer is due; the start day itself does not count, like a resume day.

    An open pause (resumed_on None) is treated as ending `today`, so the date moves on while
    the ticket is awaiting the requester.
    """
    today = today or start
    working = calendar = 0
    day = start
    for _ in range(3660):
        day += timedelta(days=1)
        if _paused(day, pauses, today):
            continue
        calendar += 1
        if is_working_day(day):
            working += 1
        if working >= rules.working_days or calendar >= rules.max_calendar_days:
            return day
    raise ValueError("deadline rules never terminate")


def end_of_day(day: date) -> datetime:
    """The last second of a China calendar day, in UTC, for storage as due_at."""
    return datetime.combine(day, time(23, 59, 59), CHINA_TZ).astimezone(timezone.utc)


def days_left(due: datetime, now: datetime) -> int:
    """Calendar days until the due day (0 = due today, negative = overdue by that many days)."""
    return (local_date(due) - local_date(now)).days
