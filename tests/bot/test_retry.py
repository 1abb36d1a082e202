"""The one retry policy: the outbox's per-message backoff and the pending store's flush rounds."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.intake.pending import retry_rules
from bot.retry import RetryRules


def test_backoff_doubles_up_to_the_cap() -> None:
    rules = RetryRules(base=2.0, cap=30.0)
    assert [rules.delay(n) for n in range(1, 7)] == [2.0, 4.0, 8.0, 16.0, 30.0, 30.0]


def test_next_attempt_is_the_delay_after_now() -> None:
    now = datetime(2026, 12, 2, tzinfo=timezone.utc)
    assert RetryRules(base=2.0).next_attempt(now, 3) == now + timedelta(seconds=8)


def test_exhausted_at_max_attempts() -> None:
    rules = RetryRules(max_attempts=3)
    assert (rules.exhausted(2), rules.exhausted(3)) == (False, True)


def test_pending_rounds_wait_the_interval_then_back_off_to_ten_intervals() -> None:
    rules = retry_rules(30.0)
    assert rules.poll == 30.0 and rules.delay(1) == 30.0 and rules.delay(2) == 60.0
    assert rules.delay(10) == 300.0
