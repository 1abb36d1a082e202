"""One console time format: China time unless the staff member chose a zone, which is then named."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.staff.errors import InvalidStaffField
from bot.staff.zones import checked_zone, format_time, zone_label

MOMENT = datetime(2026, 12, 2, 5, 51, 30, tzinfo=timezone.utc)


def test_default_is_china_time_without_a_suffix() -> None:
    assert format_time(MOMENT) == "2026-12-02 13:51"
    assert format_time(MOMENT, "Asia/Shanghai") == "2026-12-02 13:51"
    assert zone_label(None) == "北京时间"


def test_a_chosen_zone_is_named_next_to_the_time() -> None:
    assert format_time(MOMENT, "Europe/London") == "2026-12-02 05:51 (Europe/London)"
    assert zone_label("UTC") == "UTC"


def test_unknown_zone_is_refused_and_china_names_store_as_default() -> None:
    with pytest.raises(InvalidStaffField):
        checked_zone("Mars/Olympus")
    assert checked_zone("Asia/Shanghai") is None and checked_zone("") is None
    assert checked_zone("Asia/Tokyo") == "Asia/Tokyo"
