"""Identity verification steps shared by filing and status checks: start, resend, check a code.

The code itself is never echoed: replies only say what happened and what to do next.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.dsr_api.client import DsrClient, DsrUnavailable
from bot.dsr_api.types import Challenge, Verification
from bot.intake import texts_identity
from bot.intake.answers import normalise_code
from bot.intake.extraction import wants_resend
from bot.intake.speech import Reply
from bot.verification.errors import ChallengeNotFound, CodeExpired, CodeLocked, RateLimited, WrongCode

StartChallenge = Callable[[], Awaitable[Challenge]]


@dataclass
class CodeStep:
    """Outcome of one message at the code prompt."""

    verification: Verification | None = None
    challenge_id: str | None = None  # a new challenge replaced the old one
    replies: list[Reply] = field(default_factory=list)
    failed: bool = False  # counts towards the three-tries offer of a human


def limited_reply(retry_after: int) -> Reply:
    """A wait of minutes is "try again in N s"; past an hour it is the daily cap (backend: daily_limit)."""
    if retry_after > 3600:
        return Reply(texts_identity.DAILY_LIMIT)
    return Reply(texts_identity.RATE_LIMITED.format(seconds=retry_after))


async def start(start_challenge: StartChallenge) -> tuple[str | None, Reply | None]:
    """Ask the backend to email a code; None and an apology when it cannot."""
    try:
        challenge = await start_challenge()
    except DsrUnavailable:
        return None, Reply(texts_identity.VERIFY_UNAVAILABLE)
    except RateLimited as limited:
        return None, limited_reply(limited.retry_after)
    return challenge.challenge_id, None


async def resend(client: DsrClient, challenge_id: str | None, start_challenge: StartChallenge) -> CodeStep:
    """Resend within the backend's limits; a locked or vanished challenge is replaced by a new one."""
    try:
        if challenge_id is None:
            raise ChallengeNotFound()
        challenge = await client.resend(challenge_id)
    except RateLimited as limited:
        return CodeStep(replies=[limited_reply(limited.retry_after)])
    except DsrUnavailable:
        return CodeStep(replies=[Reply(texts_identity.VERIFY_UNAVAILABLE)])
    except (ChallengeNotFound, CodeLocked, CodeExpired):
        new_id, problem = await start(start_challenge)
        if new_id is None:
            return CodeStep(replies=[problem] if problem else [])
        return CodeStep(challenge_id=new_id, replies=[Reply(texts_identity.RESENT)])
    return CodeStep(challenge_id=challenge.challenge_id, replies=[Reply(texts_identity.RESENT)])


async def handle_code_message(
    client: DsrClient, challenge_id: str | None, text: str, start_challenge: StartChallenge
) -> CodeStep:
    """The person typed something at the code prompt: a code, a resend wish, or something else."""
    code = normalise_code(text)
    if code is None:
        if wants_resend(text) or challenge_id is None:
            return await resend(client, challenge_id, start_challenge)
        return CodeStep(replies=[Reply(texts_identity.NOT_A_CODE)], failed=True)
    if challenge_id is None:
        return await resend(client, None, start_challenge)
    try:
        verification = await client.check_code(challenge_id, code)
    except WrongCode as wrong:
        if wrong.attempts_left <= 0:
            return CodeStep(replies=[Reply(texts_identity.CODE_LOCKED)], failed=True)
        return CodeStep(
            replies=[Reply(texts_identity.WRONG_CODE.format(attempts_left=wrong.attempts_left))], failed=True
        )
    except CodeExpired:
        return CodeStep(replies=[Reply(texts_identity.CODE_EXPIRED)])
    except CodeLocked:
        return CodeStep(replies=[Reply(texts_identity.CODE_LOCKED)], failed=True)
    except RateLimited as limited:  # the daily cap on wrong codes (finding 3)
        return CodeStep(replies=[limited_reply(limited.retry_after)], failed=True)
    except ChallengeNotFound:
        return await resend(client, None, start_challenge)
    except DsrUnavailable:
        return CodeStep(replies=[Reply(texts_identity.VERIFY_UNAVAILABLE)])
    return CodeStep(verification=verification, replies=[Reply(texts_identity.VERIFIED)])
