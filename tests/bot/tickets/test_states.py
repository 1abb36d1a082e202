"""Every legal and illegal lifecycle move, at the rule level."""

from __future__ import annotations

import itertools

import pytest

from bot.tickets.errors import IllegalTransition, InvalidTicketField, ReasonRequired
from bot.tickets.states import OPEN_STATUSES, TRANSITIONS, RejectionReason, Status, check_transition

LEGAL = {
    (Status.RECEIVED, Status.IN_PROGRESS),
    (Status.RECEIVED, Status.REJECTED),
    (Status.RECEIVED, Status.WITHDRAWN),
    (Status.IN_PROGRESS, Status.COMPLETED),
    (Status.IN_PROGRESS, Status.AWAITING_REQUESTER),
    (Status.IN_PROGRESS, Status.REJECTED),
    (Status.IN_PROGRESS, Status.WITHDRAWN),
    (Status.AWAITING_REQUESTER, Status.IN_PROGRESS),
    (Status.AWAITING_REQUESTER, Status.REJECTED),
    (Status.AWAITING_REQUESTER, Status.WITHDRAWN),
}
ALL_PAIRS = list(itertools.product(Status, Status))


def test_table_matches_the_issue() -> None:
    """The transition table is exactly the issue's lifecycle, nothing more."""
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == LEGAL


@pytest.mark.parametrize(("current", "target"), sorted(LEGAL))
def test_legal_transition_is_accepted(current: Status, target: Status) -> None:
    """Each allowed move passes (rejections with a reason)."""
    check_transition(current, target, "trade_secret" if target is Status.REJECTED else None, None)


@pytest.mark.parametrize(("current", "target"), [pair for pair in ALL_PAIRS if pair not in LEGAL])
def test_illegal_transition_is_refused(current: Status, target: Status) -> None:
    """Every other move, including staying put and leaving a closed state, raises IllegalTransition."""
    with pytest.raises(IllegalTransition) as caught:
        check_transition(current, target, "trade_secret", "note")
    assert (caught.value.current, caught.value.target) == (current.value, target.value)


@pytest.mark.parametrize("status", [s for s in Status if s not in OPEN_STATUSES])
def test_closed_states_are_final(status: Status) -> None:
    """Completed, rejected and withdrawn tickets never move again."""
    assert TRANSITIONS[status] == frozenset()


def test_rejection_without_reason_is_refused() -> None:
    """A rejection must say why."""
    with pytest.raises(ReasonRequired) as caught:
        check_transition(Status.RECEIVED, Status.REJECTED, None, None)
    assert caught.value.field == "reason"


def test_rejection_with_unknown_reason_names_the_field() -> None:
    """Only the policy's reasons, identity, not-controller and other are accepted."""
    with pytest.raises(InvalidTicketField) as caught:
        check_transition(Status.RECEIVED, Status.REJECTED, "because", None)
    assert caught.value.field == "reason"


def test_other_reason_needs_an_explanation() -> None:
    """Free-text rejections carry their text in the note."""
    with pytest.raises(ReasonRequired) as caught:
        check_transition(Status.IN_PROGRESS, Status.REJECTED, "other", "  ")
    assert caught.value.field == "note"
    check_transition(Status.IN_PROGRESS, Status.REJECTED, "other", "重复提交")


def test_there_are_eleven_rejection_reasons() -> None:
    """Eight from policy section 七, plus identity_not_verified, not_controller and other."""
    assert len(RejectionReason) == 11
