"""Deadlines across Chinese holidays, make-up workdays, the 30-day cap, pauses and unknown years."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from bot.tickets import deadlines
from bot.tickets.deadlines import DeadlineRules, days_left, due_date, end_of_day, is_working_day
from tests.support.clock import china

RULES = DeadlineRules()


def test_ordinary_weeks() -> None:
    """Mon 2 March 2026 + 15 working days = Mon 23 March (verification day not counted)."""
    assert due_date(date(2026, 3, 2), RULES) == date(2026, 3, 23)


def test_national_day_2026_with_make_up_saturday() -> None:
    """Oct 1-7 are holidays and Sat Oct 10 is a workday: from Sep 30 the 15th working day is Oct 27."""
    assert not is_working_day(date(2026, 10, 5))
    assert is_working_day(date(2026, 10, 10))
    assert due_date(date(2026, 9, 30), RULES) == date(2026, 10, 27)


def test_spring_festival_2026_with_two_make_up_saturdays() -> None:
    """Feb 15-23 off, Sat Feb 14 and Sat Feb 28 worked: from Fri Feb 13 the answer is due Thu Mar 12."""
    assert is_working_day(date(2026, 2, 14)) and is_working_day(date(2026, 2, 28))
    assert due_date(date(2026, 2, 13), RULES) == date(2026, 3, 12)


def test_calendar_cap_wins_when_holidays_stretch_the_working_days() -> None:
    """With a 20-day cap the National Day deadline stops at Oct 20 (only 11 working days in)."""
    assert due_date(date(2026, 9, 30), DeadlineRules(working_days=15, max_calendar_days=20)) == date(
        2026, 10, 20
    )


def test_default_cap_is_thirty_calendar_days() -> None:
    """A long working-day setting is still cut at 30 calendar days."""
    assert due_date(date(2026, 3, 2), DeadlineRules(working_days=40)) == date(2026, 4, 1)


def test_2027_falls_back_to_weekdays_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """chinese-calendar 1.11 knows no 2027 holidays: Mon-Fri count, and a warning says so once."""
    monkeypatch.setattr(deadlines, "_warned_years", set())
    with caplog.at_level(logging.WARNING, logger="bot.tickets.deadlines"):
        assert due_date(date(2027, 1, 4), RULES) == date(2027, 1, 25)
    assert [r.message for r in caplog.records].count(
        "chinese_calendar has no holiday data for 2027; counting Monday-Friday"
    ) == 1


def test_pause_stops_the_clock() -> None:
    """Paused Mar 5, resumed Mar 12: five working days are not counted, due moves from Mar 23 to Mar 30."""
    pauses = [(date(2026, 3, 5), date(2026, 3, 12))]
    assert due_date(date(2026, 3, 2), RULES, pauses) == date(2026, 3, 30)


def test_open_pause_extends_until_today() -> None:
    """While still paused, the deadline keeps moving with today's date."""
    pauses = [(date(2026, 3, 5), None)]
    assert due_date(date(2026, 3, 2), RULES, pauses, today=date(2026, 3, 12)) == date(2026, 3, 30)


def test_same_day_pause_costs_nothing() -> None:
    """A pause resumed on the day it started does not move the deadline."""
    assert due_date(date(2026, 3, 2), RULES, [(date(2026, 3, 5), date(2026, 3, 5))]) == date(2026, 3, 23)


def test_days_left_and_overdue_use_china_dates() -> None:
    """0 on the due day itself, negative once it has passed."""
    due = end_of_day(date(2026, 3, 23))
    assert days_left(due, china(2026, 3, 20)) == 3
    assert days_left(due, china(2026, 3, 23, 23, 30)) == 0
    assert days_left(due, china(2026, 3, 24, 0, 30)) == -1
