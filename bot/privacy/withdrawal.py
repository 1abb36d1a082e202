"""A request withdrawn before filing leaves nothing behind: its challenge, code mail and sink copy go.

The conversation itself is erased by the tracker store when it saves the cancelling turn
(bot/tracker_store.py), since only it can do so without racing Rasa's own save.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.crypto import CryptoError, FieldCipher
from bot.mail.models import OutboxMessage
from bot.privacy import stores
from bot.tickets.models import Ticket
from bot.verification.errors import ChallengeNotFound
from bot.verification.models import VerificationChallenge

CODE_TEMPLATE = "verification_code"


def withdraw_challenge(
    *, session: Session, cipher: FieldCipher, sink_dir: Path | None, challenge_id: str
) -> dict[str, int]:
    """Delete an unfiled request's challenge and the code mails sent for it; returns counts by store."""
    challenge = session.get(VerificationChallenge, challenge_id) if isinstance(challenge_id, str) else None
    if challenge is None or challenge.decoy or challenge.ticket_id is not None:
        raise ChallengeNotFound("unknown challenge")  # status checks concern a filed ticket: not here
    counts = {"challenges": 1, "outbox": 0, "sink_mail": 0}
    address = cipher.decrypt(challenge.email_enc).strip().lower() if challenge.email_enc else ""
    if address:
        code_mails = select(OutboxMessage).where(
            OutboxMessage.ticket_id.is_(None), OutboxMessage.template == CODE_TEMPLATE
        )
        for row in session.execute(code_mails).scalars():
            try:
                mine = cipher.decrypt(row.to_enc).strip().lower() == address
            except CryptoError:
                continue
            if mine:
                session.delete(row)
                counts["outbox"] += 1
        # Someone with a ticket keeps their mail: the sink cannot tell a code mail from a ticket's.
        has_ticket = session.execute(
            select(Ticket.id).where(Ticket.email_hash == challenge.contact_hash).limit(1)
        ).first()
        if has_ticket is None:
            counts["sink_mail"] = stores.delete_sink_mail_to(sink_dir, address)
    session.delete(challenge)
    return counts
