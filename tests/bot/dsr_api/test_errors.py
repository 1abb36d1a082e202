"""One error table: what the server sends for a core error is what the client raises back."""

from __future__ import annotations

import pytest

from bot.dsr_api.errors import ERRORS, error_body, error_from_wire
from bot.tickets.errors import (
    DuplicateTicket,
    IllegalTransition,
    InvalidTicketField,
    ReasonRequired,
    TicketError,
    TicketNotFound,
)
from bot.verification.errors import (
    ChallengeNotFound,
    CodeLocked,
    InvalidContact,
    RateLimited,
    VerificationError,
    WrongCode,
)

SAMPLES = [
    ChallengeNotFound(),
    IllegalTransition("completed", "received"),
    DuplicateTicket("DSR-ABCDEF", "received"),
    InvalidTicketField("email", "email is not a valid address"),
    InvalidContact("email", "email is not a valid address"),
    WrongCode(3),
    CodeLocked(),
    RateLimited(42),
]


@pytest.mark.parametrize("error", SAMPLES, ids=lambda error: type(error).__name__)
def test_client_rebuilds_the_class_and_details_the_server_sent(error: Exception) -> None:
    status, body = error_body(error)
    family = TicketError if isinstance(error, TicketError) else VerificationError
    rebuilt = error_from_wire(status, body, prefer=family)
    assert type(rebuilt) is type(error)
    assert vars(rebuilt) == vars(error)


def test_a_missing_ticket_comes_back_as_ticket_not_found_on_ticket_routes() -> None:
    status, body = error_body(TicketNotFound("DSR-ABCDEF"))
    assert isinstance(error_from_wire(status, body, prefer=TicketError), TicketNotFound)
    assert isinstance(error_from_wire(status, body, prefer=VerificationError), ChallengeNotFound)


def test_every_core_error_class_has_exactly_one_row() -> None:
    kinds = [entry.kind for entry in ERRORS]
    assert len(kinds) == len(set(kinds))


def test_a_missing_rejection_reason_is_an_ordinary_validation_error_on_the_wire() -> None:
    status, body = error_body(ReasonRequired("reason", "a rejection needs a reason"))
    assert (status, body["error"], body["field"]) == (422, "validation_error", "reason")


def test_rate_limit_without_a_code_is_still_recognised_by_its_status() -> None:
    assert isinstance(error_from_wire(429, {"retry_after": 5}), RateLimited)


def test_an_unknown_refusal_has_no_core_class() -> None:
    assert error_from_wire(418, {"error": "teapot"}) is None
