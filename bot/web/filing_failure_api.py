"""POST /api/filing-failures: the action server reports a kept request the backend refused (thin route).

The core (bot/handoff/filing_failure.py) opens a handoff for staff and queues the person's mail, once
per Idempotency-Key; 201 the first time, 200 with the same handoff on a retry.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from bot.dsr_api import routes as ops
from bot.dsr_api.schema import parse_request
from bot.dsr_api.types import FailureNotice, FilingFailure
from bot.handoff.errors import ConcurrentEscalation
from bot.handoff.filing_failure import FilingFailureReport, report_filing_failure
from bot.web.api import json_body
from bot.web.deps import bind, deps_of
from bot.web.errors import ApiError


async def report(request: Request) -> JSONResponse:
    """Tell staff and the person; a repeated key answers the first report's handoff and mails nothing."""
    deps, body = deps_of(request), await json_body(request)
    failure = parse_request(FilingFailure, body)
    key = request.headers.get("idempotency-key") or ""
    if not 0 < len(key) <= 200:
        raise ApiError(422, "validation_error", "Idempotency-Key must be 1-200 characters", "Idempotency-Key")

    def work(session: Session) -> FilingFailureReport:
        return report_filing_failure(
            session=session,
            cipher=deps.cipher,
            idempotency_key=key,
            now=deps.clock(),
            **dataclasses.asdict(failure),
        )

    try:
        result = await run_in_threadpool(deps.unit_of_work, work)
    except ConcurrentEscalation:  # a parallel report (or escalation) won the row: the retry sees it
        result = await run_in_threadpool(deps.unit_of_work, work)
    answer = FailureNotice(result.handoff_id, result.mailed, result.created)
    return JSONResponse(dataclasses.asdict(answer), status_code=201 if result.created else 200)


routes = [bind(ops.REPORT_FILING_FAILURE, report)]
