"""The one retry policy for outgoing work: the mail outbox and the action server's kept filings.

Both queues back off the same way (doubling from `base` to `cap`); each decides what a failure is
and whether trying again can help (bot/mail/sender.py, bot/intake/pending.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RetryRules:
    """Backoff doubles from base to cap; after max_attempts a row is marked failed for staff."""

    base: float = 2.0
    cap: float = 300.0
    max_attempts: int = 20
    lease: float = 120.0
    batch: int = 20
    poll: float = 1.0

    def delay(self, attempts: int) -> float:
        """Seconds to wait after the n-th failed attempt."""
        return float(min(self.cap, self.base * (2 ** max(0, attempts - 1))))

    def next_attempt(self, now: datetime, attempts: int) -> datetime:
        """When to try again after the n-th failed attempt."""
        return now + timedelta(seconds=self.delay(attempts))

    def exhausted(self, attempts: int) -> bool:
        """Trying again cannot be expected to help any more: staff must look."""
        return attempts >= self.max_attempts


DEFAULT_RETRY = RetryRules()
