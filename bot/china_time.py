"""China's one time zone (UTC+8, no daylight saving): deadlines are counted and times shown in it."""

from __future__ import annotations

from datetime import timedelta, timezone

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")
