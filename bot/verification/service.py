"""Issue, resend and check one-time codes; redeem the token a passed check yields."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.crypto import FieldCipher
from bot.language import DEFAULT, LANGUAGES
from bot.mail.addresses import InvalidAddress, validate_address
from bot.mail.outbox import enqueue_email
from bot.tickets.ids import is_ticket_id, normalise_ticket_id
from bot.tickets.models import Ticket
from bot.verification import counters
from bot.verification.errors import (
    ChallengeNotFound,
    CodeExpired,
    CodeLocked,
    InvalidContact,
    NotVerified,
    WrongCode,
)
from bot.verification.models import VerificationChallenge, VerificationSend
from bot.verification.purposes import Purpose
from bot.verification.rules import DEFAULT_RULES, VerificationRules

logger = logging.getLogger(__name__)
CodeSource = Callable[[], str]


@dataclass(frozen=True)
class ChallengeInfo:
    challenge_id: str
    expires_at: datetime
    resend_after: datetime


@dataclass(frozen=True)
class CheckResult:
    challenge_id: str
    purpose: str
    verification_token: str
    verified_at: datetime
    ticket_id: str | None


def random_code() -> str:
    """Six digits from the OS CSPRNG."""
    return f"{secrets.randbelow(1_000_000):06d}"


def _code_hash(cipher: FieldCipher, challenge_id: str, code: str) -> str:
    """Keyed and salted by challenge: a database dump cannot be brute-forced over the 10^6 codes."""
    return cipher.mac("code", f"{challenge_id}:{code}")


def token_hash(token: str) -> str:
    """Tokens are 256-bit random, so a plain hash is enough to keep them out of the database."""
    return hashlib.sha256(token.encode()).hexdigest()


def _send(
    session: Session,
    cipher: FieldCipher,
    challenge: VerificationChallenge,
    code: str,
    now: datetime,
    rules: VerificationRules,
) -> ChallengeInfo:
    """Record the send and queue the email (never for a decoy)."""
    session.add(VerificationSend(contact_hash=challenge.contact_hash, sent_at=now))
    if not challenge.decoy and challenge.email_enc is not None:
        minutes = int(rules.code_ttl.total_seconds() // 60)
        enqueue_email(
            session=session,
            cipher=cipher,
            to=cipher.decrypt(challenge.email_enc),
            template="verification_code",
            context={"code": code, "minutes": minutes},
            now=now,
            language=challenge.language or "zh",
        )
    return ChallengeInfo(challenge.id, challenge.expires_at, now + rules.resend_after)


def start_verification(
    *,
    session: Session,
    cipher: FieldCipher,
    purpose: str,
    now: datetime,
    email: str | None = None,
    ticket_id: str | None = None,
    rules: VerificationRules = DEFAULT_RULES,
    code_source: CodeSource = random_code,
    language: str | None = "zh",
) -> ChallengeInfo:
    """Open a challenge for (contact, purpose) and email its code (in `language`, zh or en)."""
    language = language or DEFAULT
    if language not in LANGUAGES:
        raise InvalidContact("language", "language must be zh or en")
    try:
        kind = Purpose(purpose)
    except ValueError:
        raise InvalidContact("purpose", "purpose must be file_request or status_check") from None
    decoy, address, linked = False, None, None
    if kind is Purpose.FILE_REQUEST:
        try:
            address = validate_address(email)
        except InvalidAddress:
            raise InvalidContact("email", "email is not a valid address") from None
        contact_hash = cipher.email_hash(address)
    else:
        linked = normalise_ticket_id(ticket_id) if isinstance(ticket_id, str) else ""
        if not is_ticket_id(linked):
            raise InvalidContact("ticket_id", "ticket_id must look like DSR-XXXXXX")
        ticket = session.get(Ticket, linked)
        decoy = ticket is None
        contact_hash = cipher.mac("ticket", linked) if ticket is None else ticket.email_hash
        address = None if ticket is None else cipher.decrypt(ticket.email_enc)
    counters.check_rate(session, contact_hash, now, rules)
    challenge_id = secrets.token_urlsafe(18)
    code = code_source()
    challenge = VerificationChallenge(
        id=challenge_id,
        purpose=kind.value,
        contact_hash=contact_hash,
        email_enc=cipher.encrypt_optional(address),
        ticket_id=linked,
        decoy=decoy,
        language=language,
        code_hash=_code_hash(cipher, challenge_id, code),
        attempts=0,
        sends=1,
        created_at=now,
        last_sent_at=now,
        expires_at=now + rules.code_ttl,
    )
    session.add(challenge)
    logger.info("verification %s started (purpose=%s)", challenge_id, kind.value)
    return _send(session, cipher, challenge, code, now, rules)


def _load(session: Session, challenge_id: str) -> VerificationChallenge:
    """Fetch a challenge or raise ChallengeNotFound."""
    challenge = session.get(VerificationChallenge, challenge_id) if isinstance(challenge_id, str) else None
    if challenge is None:
        raise ChallengeNotFound("unknown challenge")
    return challenge


def resend_code(
    *,
    session: Session,
    cipher: FieldCipher,
    challenge_id: str,
    now: datetime,
    rules: VerificationRules = DEFAULT_RULES,
    code_source: CodeSource = random_code,
) -> ChallengeInfo:
    """A fresh code for the same challenge; the old one stops working, attempts and a lock stay."""
    challenge = _load(session, challenge_id)
    if challenge.locked_at is not None:
        raise CodeLocked("challenge is locked")
    if challenge.verified_at is not None:
        raise CodeExpired("challenge already used")
    counters.check_rate(session, challenge.contact_hash, now, rules)
    code = code_source()
    # attempts are not reset: a resend must not buy another five guesses (they count per challenge).
    challenge.code_hash = _code_hash(cipher, challenge.id, code)
    challenge.sends += 1
    challenge.last_sent_at = now
    challenge.expires_at = now + rules.code_ttl
    return _send(session, cipher, challenge, code, now, rules)


def check_code(
    *,
    session: Session,
    cipher: FieldCipher,
    challenge_id: str,
    code: str,
    now: datetime,
    rules: VerificationRules = DEFAULT_RULES,
) -> CheckResult:
    """Verify a code. The caller must COMMIT even when this raises: the attempt count has to persist."""
    challenge = _load(session, challenge_id)
    if challenge.locked_at is not None:
        raise CodeLocked("challenge is locked")
    if challenge.verified_at is not None or now >= challenge.expires_at:
        raise CodeExpired("code expired")
    attempts = counters.take_attempt(session, challenge.id, max_attempts=rules.max_attempts)
    if attempts is None:  # a parallel request took the last attempt, or used the challenge
        counters.lock(session, challenge.id, now)
        raise CodeLocked("challenge is locked")
    counters.reserve_wrong_guess(session, challenge.contact_hash, now, max_per_day=rules.max_wrong_per_day)
    given = code.strip() if isinstance(code, str) else ""
    # compare_digest on equal-length hex digests: timing reveals nothing about the right code.
    matches = hmac.compare_digest(_code_hash(cipher, challenge.id, given), challenge.code_hash)
    if not matches or challenge.decoy:
        left = max(0, rules.max_attempts - attempts)
        if left == 0:
            counters.lock(session, challenge.id, now)
            logger.info("verification %s locked after %d attempts", challenge.id, attempts)
        raise WrongCode(left)
    token = secrets.token_urlsafe(32)
    if not counters.mark_verified(
        session, challenge.id, now, token_hash=token_hash(token), token_expires_at=now + rules.token_ttl
    ):
        raise CodeExpired("challenge already used")
    counters.give_back_guess(session, challenge.contact_hash, now)
    logger.info("verification %s passed", challenge.id)
    return CheckResult(challenge.id, challenge.purpose, token, now, challenge.ticket_id or None)


def redeem_token(
    *,
    session: Session,
    cipher: FieldCipher,
    token: str | None,
    email: str,
    now: datetime,
) -> datetime:
    """Return when the email was verified, or raise NotVerified for any token that does not prove it."""
    if not token or not isinstance(token, str):
        raise NotVerified("a verification token is required")
    challenge = session.execute(
        select(VerificationChallenge).where(VerificationChallenge.token_hash == token_hash(token))
    ).scalar_one_or_none()
    if (
        challenge is None
        or challenge.purpose != Purpose.FILE_REQUEST.value
        or challenge.token_expires_at is None
        or now >= challenge.token_expires_at
        or not hmac.compare_digest(challenge.contact_hash, cipher.email_hash(email))
    ):
        raise NotVerified("the verification token is not valid for this email")
    assert challenge.verified_at is not None
    return challenge.verified_at


def sends_last_hour(*, session: Session, contact_hash: str, now: datetime) -> int:
    """How many codes went to a contact in the last hour (for tests and the console)."""
    return session.execute(
        select(func.count())
        .select_from(VerificationSend)
        .where(
            VerificationSend.contact_hash == contact_hash, VerificationSend.sent_at > now - timedelta(hours=1)
        )
    ).scalar_one()
