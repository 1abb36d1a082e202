"""A clock tests can set and move, so deadlines and code expiry are exact."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.china_time import CHINA_TZ


class FrozenClock:
    """Callable like utc_now; advance() moves time forward."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move forward by timedelta(**delta) and return the new time."""
        self.now += timedelta(**delta)
        return self.now


def china(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """An aware timestamp given in China time, the way deadlines are reasoned about."""
    return datetime(year, month, day, hour, minute, tzinfo=CHINA_TZ)
