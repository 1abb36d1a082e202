"""Time zones for the console: China time unless a staff member chose another, named next to the time."""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.china_time import CHINA_TZ as CHINA
from bot.staff.errors import InvalidStaffField

CHINA_ZONE_NAMES = frozenset({"", "Asia/Shanghai", "Asia/Chongqing", "PRC", "北京时间"})
TIME_FORMAT = "%Y-%m-%d %H:%M"
# Offered on the profile page; any IANA name is accepted.
COMMON_ZONES = ("Asia/Shanghai", "Asia/Hong_Kong", "Asia/Singapore", "Asia/Tokyo", "Europe/London", "UTC")


@lru_cache(maxsize=64)
def zone(name: str | None) -> tzinfo:
    """The zone for a stored name; China time for none (or one this machine does not know)."""
    if not name or name in CHINA_ZONE_NAMES:
        return CHINA
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return CHINA


def checked_zone(name: str | None) -> str | None:
    """None for China time; an IANA name otherwise, refused when unknown."""
    value = (name or "").strip()
    if value in CHINA_ZONE_NAMES:
        return None
    if len(value) > 64:
        raise InvalidStaffField("time_zone", "未知的时区。")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidStaffField("time_zone", "未知的时区。") from None
    return value


def format_time(moment: datetime | None, zone_name: str | None = None) -> str:
    """The one console time format; a zone other than China time is named after the time."""
    if moment is None:
        return ""
    text = moment.astimezone(zone(zone_name)).strftime(TIME_FORMAT)
    return text if zone(zone_name) is CHINA else f"{text} ({zone_name})"


def zone_label(zone_name: str | None) -> str:
    return "北京时间" if zone(zone_name) is CHINA else str(zone_name)
