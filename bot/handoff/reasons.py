"""Why a conversation waits for a colleague: the one owner of handoff reason names (like topics.py)."""

from __future__ import annotations

from enum import Enum


class Reason(str, Enum):
    ASKED = "asked"
    FALLBACK = "fallback"
    VALIDATION = "validation"
    COMPLAINT = "complaint"
    FILING_FAILED = "filing_failed"  # a kept request the backend refused (bot/handoff/filing_failure.py)


# What a conversation may escalate with (actions/handoff.py); filing_failed is opened by the backend only.
CONVERSATION_REASONS = tuple(reason.value for reason in Reason if reason is not Reason.FILING_FAILED)


def reasons_text() -> str:
    """Every accepted reason, for a refusal that names them."""
    return ", ".join(reason.value for reason in Reason)
