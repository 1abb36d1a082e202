"""JSON API routes (the contract and the API agreed with the intake engineer); thin: parse, call, shape."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from bot.dsr_api import routes as ops
from bot.dsr_api.schema import parse_request
from bot.dsr_api.types import (
    CheckCode,
    FilingRequest,
    StartVerification,
    StatusByRecentProof,
    TransitionRequest,
)
from bot.privacy import withdrawal
from bot.tickets import filing as ticket_filing
from bot.tickets import service as tickets
from bot.tickets.errors import ConcurrentWrite
from bot.tickets.ids import normalise_ticket_id
from bot.tickets.new_ticket import NewTicket, validate_new_ticket
from bot.verification import service as verification
from bot.verification.errors import CodeLocked, DailyLimit, WrongCode
from bot.verification.reuse import status_by_recent_proof as recent_proof
from bot.web.deps import Deps, bind, deps_of
from bot.web.errors import ApiError


async def json_body(request: Request) -> dict[str, Any]:
    """The JSON object body, or 400 for anything else."""
    try:
        body = await request.json()
    except ValueError:
        raise ApiError(400, "bad_request", "请求体必须是 JSON 对象。") from None
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "请求体必须是 JSON 对象。")
    return body


def _challenge_json(info: verification.ChallengeInfo) -> dict[str, str]:
    """Never includes the code."""
    return {
        "challenge_id": info.challenge_id,
        "expires_at": info.expires_at.isoformat(),
        "resend_after": info.resend_after.isoformat(),
    }


async def start_verification(request: Request) -> JSONResponse:
    """Send a code to the email (file_request) or to a ticket's email (status_check)."""
    deps, body = deps_of(request), await json_body(request)
    start = parse_request(StartVerification, body)

    def work(session: Session) -> verification.ChallengeInfo:
        return verification.start_verification(
            session=session,
            cipher=deps.cipher,
            purpose=start.purpose,
            now=deps.clock(),
            email=start.email,
            ticket_id=start.ticket_id,
            rules=deps.verification_rules,
            language=start.language,
        )

    return JSONResponse(_challenge_json(await run_in_threadpool(deps.unit_of_work, work)), status_code=201)


async def resend_verification(request: Request) -> JSONResponse:
    """A fresh code for an existing challenge, within the resend limits."""
    deps = deps_of(request)
    challenge_id = request.path_params["challenge_id"]

    def work(session: Session) -> verification.ChallengeInfo:
        return verification.resend_code(
            session=session,
            cipher=deps.cipher,
            challenge_id=challenge_id,
            now=deps.clock(),
            rules=deps.verification_rules,
        )

    return JSONResponse(_challenge_json(await run_in_threadpool(deps.unit_of_work, work)))


async def withdraw_verification(request: Request) -> JSONResponse:
    """The requester withdrew before filing: the challenge, its code mails and their sink copies go."""
    deps = deps_of(request)
    challenge_id = request.path_params["challenge_id"]

    def work(session: Session) -> dict[str, int]:
        return withdrawal.withdraw_challenge(
            session=session,
            cipher=deps.cipher,
            sink_dir=deps.settings.mail_sink_dir,
            challenge_id=challenge_id,
        )

    return JSONResponse({"erased": await run_in_threadpool(deps.unit_of_work, work)})


def _status_summary(session: Session, deps: Deps, ticket_id: str, now: datetime) -> dict[str, Any]:
    """What a proven status check shows: no contact data."""
    view = tickets.get_ticket(session=session, cipher=deps.cipher, ticket_id=ticket_id, now=now)
    summary = {name: getattr(view, name) for name in ("id", "type", "status", "days_left")}
    return {**summary, "due_at": view.due_at.isoformat(), "created_at": view.created_at.isoformat()}


async def status_by_recent_proof(request: Request) -> JSONResponse:
    """A status check right after a filing in the same conversation: its fresh proof, no second code."""
    deps, body = deps_of(request), await json_body(request)
    proof = parse_request(StatusByRecentProof, body)

    def work(session: Session) -> dict[str, Any]:
        now, token, rules = deps.clock(), proof.verification_token, deps.verification_rules
        ticket_id = recent_proof(
            session=session, token=token, ticket_id=proof.ticket_id, now=now, rules=rules
        )
        return {
            "verified": True,
            "verification_token": "",
            "ticket": _status_summary(session, deps, ticket_id, now),
        }

    return JSONResponse(await run_in_threadpool(deps.unit_of_work, work))


async def check_verification(request: Request) -> JSONResponse:
    """Check a code; a status_check also returns the ticket's summary."""
    deps, body = deps_of(request), await json_body(request)
    code = parse_request(CheckCode, body).code
    challenge_id = request.path_params["challenge_id"]

    def work(session: Session) -> dict[str, Any]:
        now = deps.clock()
        result = verification.check_code(
            session=session,
            cipher=deps.cipher,
            challenge_id=challenge_id,
            code=code,
            now=now,
            rules=deps.verification_rules,
        )
        answer: dict[str, Any] = {"verified": True, "verification_token": result.verification_token}
        if result.purpose == verification.Purpose.STATUS_CHECK.value and result.ticket_id:
            answer["ticket"] = _status_summary(session, deps, result.ticket_id, now)
        return answer

    # A wrong or locked code must still be committed: the attempt counter is the brute-force guard.
    result = await run_in_threadpool(deps.unit_of_work, work, commit_on=(WrongCode, CodeLocked, DailyLimit))
    return JSONResponse(result)


def _new_ticket(filing: FilingRequest) -> NewTicket:
    """The core's request: the wire body without the token (the service checks enums, email, phone)."""
    names = [field.name for field in fields(NewTicket)]
    return NewTicket(**{name: getattr(filing, name) for name in names})


async def file_ticket(request: Request) -> JSONResponse:
    """File a verified request; Idempotency-Key makes retries return the same ticket."""
    deps, body = deps_of(request), await json_body(request)
    filing = parse_request(FilingRequest, body)
    new = validate_new_ticket(_new_ticket(filing))
    token = filing.verification_token
    key = request.headers.get("idempotency-key")
    if key is not None and not (0 < len(key) <= 200):
        raise ApiError(422, "validation_error", "Idempotency-Key must be 1-200 characters", "Idempotency-Key")

    def work(session: Session) -> tuple[dict[str, Any], bool]:
        now = deps.clock()
        known = ticket_filing.find_idempotent(
            session=session, cipher=deps.cipher, new=new, idempotency_key=key, now=now
        )
        if known is not None:
            return known.to_dict(), False
        verified_at = verification.redeem_token(
            session=session, cipher=deps.cipher, token=token, email=new.email, now=now
        )
        view, created = ticket_filing.file_ticket(
            session=session,
            cipher=deps.cipher,
            new=new,
            verified_at=verified_at,
            now=now,
            rules=deps.deadline_rules,
            idempotency_key=key,
            actor=f"requester:{new.channel}",
        )
        return view.to_dict(), created

    for attempt in range(3):
        try:
            ticket, created = await run_in_threadpool(deps.unit_of_work, work)
            break
        except ConcurrentWrite:
            # Lost a race on the same Idempotency-Key or open ticket: the next attempt sees the winner.
            if attempt == 2:
                raise
    return JSONResponse(ticket, status_code=201 if created else 200)


def _query_int(request: Request, field: str, default: int | None, low: int, high: int) -> int | None:
    """An integer query parameter within bounds, 422 naming it otherwise."""
    raw = request.query_params.get(field)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not (low <= int(raw) <= high):
        raise ApiError(422, "validation_error", f"{field} must be a whole number from {low} to {high}", field)
    return int(raw)


async def list_tickets(request: Request) -> JSONResponse:
    """Tickets filtered by contact email, type, status, overdue or due within N days."""
    deps, query = deps_of(request), request.query_params
    overdue = query.get("overdue", "").lower() in {"1", "true", "yes"}
    due_within = _query_int(request, "due_within_days", None, 0, 365)
    limit = _query_int(request, "limit", 100, 1, 500) or 100
    offset = _query_int(request, "offset", 0, 0, 10**6) or 0

    def work(session: Session) -> list[dict[str, Any]]:
        views = tickets.list_tickets(
            session=session,
            cipher=deps.cipher,
            now=deps.clock(),
            rules=deps.deadline_rules,
            email=query.get("email") or None,
            type=query.get("type") or None,
            status=query.get("status") or None,
            overdue=overdue,
            due_within_days=due_within,
            limit=limit,
            offset=offset,
        )
        return [view.to_dict() for view in views]

    return JSONResponse({"tickets": await run_in_threadpool(deps.unit_of_work, work)})


async def get_ticket(request: Request) -> JSONResponse:
    """One ticket with its history."""
    deps = deps_of(request)
    ticket_id = normalise_ticket_id(request.path_params["ticket_id"])

    def work(session: Session) -> dict[str, Any]:
        return tickets.get_ticket(
            session=session,
            cipher=deps.cipher,
            ticket_id=ticket_id,
            now=deps.clock(),
            rules=deps.deadline_rules,
        ).to_dict()

    return JSONResponse(await run_in_threadpool(deps.unit_of_work, work))


async def transition_ticket(request: Request) -> JSONResponse:
    """Move a ticket; 409 for a move the lifecycle forbids, 422 when a rejection lacks its reason."""
    deps, body = deps_of(request), await json_body(request)
    ticket_id = normalise_ticket_id(request.path_params["ticket_id"])
    move = parse_request(TransitionRequest, body)

    def work(session: Session) -> dict[str, Any]:
        return tickets.transition_ticket(
            session=session,
            cipher=deps.cipher,
            ticket_id=ticket_id,
            to=move.to,
            actor=move.actor or "api",
            now=deps.clock(),
            reason=move.reason,
            note=move.note,
            rules=deps.deadline_rules,
        ).to_dict()

    return JSONResponse(await run_in_threadpool(deps.unit_of_work, work))


routes = [
    bind(ops.START_VERIFICATION, start_verification),
    bind(ops.RESEND_CODE, resend_verification),
    bind(ops.CHECK_CODE, check_verification),
    bind(ops.STATUS_BY_RECENT_PROOF, status_by_recent_proof),
    bind(ops.WITHDRAW_VERIFICATION, withdraw_verification),
    bind(ops.FILE_TICKET, file_ticket),
    bind(ops.LIST_TICKETS, list_tickets),
    bind(ops.GET_TICKET, get_ticket),
    bind(ops.TRANSITION_TICKET, transition_ticket),
]
