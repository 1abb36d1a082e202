"""A status check in the conversation that has just filed: the filing's fresh proof stands in for a new code.

The person typed the code for this address a minute ago; a second code to the same address would only meet
the resend gap (#13) and teach nothing new. The proof is the filing's token, accepted only while it is
recent (`rules.reuse_window`), only for a ticket of the very address it proved, and it sends no mail and
counts no send, so the daily caps of #15 are untouched.
"""

from __future__ import annotations

import hmac
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.tickets.ids import is_ticket_id, normalise_ticket_id
from bot.tickets.models import Ticket
from bot.verification.errors import NotVerified
from bot.verification.models import VerificationChallenge
from bot.verification.purposes import Purpose
from bot.verification.rules import DEFAULT_RULES, VerificationRules
from bot.verification.service import token_hash


def status_by_recent_proof(
    *,
    session: Session,
    token: str | None,
    ticket_id: str | None,
    now: datetime,
    rules: VerificationRules = DEFAULT_RULES,
) -> str:
    """The ticket id the proof covers, or NotVerified (the caller then sends a code as usual)."""
    linked = normalise_ticket_id(ticket_id) if isinstance(ticket_id, str) else ""
    if not token or not isinstance(token, str) or not is_ticket_id(linked):
        raise NotVerified("a recent verification token and a ticket id are required")
    challenge = session.execute(
        select(VerificationChallenge).where(VerificationChallenge.token_hash == token_hash(token))
    ).scalar_one_or_none()
    ticket = session.get(Ticket, linked)
    if (
        challenge is None
        or ticket is None
        or challenge.purpose != Purpose.FILE_REQUEST.value
        or challenge.verified_at is None
        or now >= challenge.verified_at + rules.reuse_window
        or not hmac.compare_digest(challenge.contact_hash, ticket.email_hash)
    ):
        raise NotVerified("no recent verification of this ticket's email")
    return linked
