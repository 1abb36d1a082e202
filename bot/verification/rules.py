"""The verification numbers in one place; tests may shrink them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class VerificationRules:
    """The issue's numbers; tests may shrink them."""

    code_ttl: timedelta = timedelta(minutes=10)
    max_attempts: int = 5
    resend_after: timedelta = timedelta(seconds=60)
    max_sends_per_hour: int = 5
    # A passed check is kept by the action server while the backend is down (bot/intake/pending.py) and
    # redeemed when it is back: the proof must outlive that retry window, or the request is lost.
    token_ttl: timedelta = timedelta(hours=72)
    # A status check right after a filing, in the same conversation, may use the filing's proof this long.
    reuse_window: timedelta = timedelta(minutes=30)
    # Per contact and UTC day, across challenges and resends: after these the contact waits a day.
    max_sends_per_day: int = 10
    max_wrong_per_day: int = 15
    # All contacts together: the assistant must not become a mail cannon.
    max_mails_per_minute: int = 30


DEFAULT_RULES = VerificationRules()
