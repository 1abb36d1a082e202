"""Who may act: the holder of a taken handoff acts for it; ending is open to more, never twice."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.handoff.errors import HandoffClosed, NotYours
from bot.handoff.models import Handoff
from bot.handoff.permissions import check_can_end, check_holder
from bot.handoff.views import HandoffView

HOLDER, OTHER = 1, 2


def view(state: str, agent_id: int | None = None) -> HandoffView:
    return HandoffView(
        id="h-1",
        conversation_id="c-1",
        channel="socketio",
        reason="asked",
        topic="general",
        first_message=None,
        state=state,
        agent_id=agent_id,
        agent_name=None,
        assistant_paused=state != "ended",
        ticket_id=None,
        requested_at=datetime(2026, 3, 2, 9, tzinfo=timezone.utc),
        taken_at=None,
        ended_at=None,
        wait_notice_at=None,
        events=(),
    )


def test_the_holder_acts_for_a_taken_handoff() -> None:
    check_holder(view("taken", HOLDER), HOLDER)


@pytest.mark.parametrize(("state", "agent_id"), [("taken", OTHER), ("waiting", None)])
def test_nobody_else_acts_for_it(state: str, agent_id: int | None) -> None:
    with pytest.raises(NotYours):
        check_holder(view(state, agent_id), HOLDER)


def test_an_ended_handoff_is_closed_even_to_its_holder() -> None:
    with pytest.raises(HandoffClosed):
        check_holder(view("ended", HOLDER), HOLDER)


def test_a_row_is_judged_like_its_view() -> None:
    check_holder(Handoff(id="h-1", state="taken", agent_id=HOLDER), HOLDER)
    with pytest.raises(NotYours):
        check_holder(Handoff(id="h-1", state="taken", agent_id=OTHER), HOLDER)


def test_any_agent_ends_a_waiting_handoff() -> None:
    check_can_end(view("waiting"), OTHER)


def test_a_taken_handoff_is_ended_by_its_holder_or_an_admin() -> None:
    check_can_end(view("taken", HOLDER), HOLDER)
    check_can_end(view("taken", HOLDER), OTHER, is_admin=True)
    with pytest.raises(NotYours):
        check_can_end(view("taken", HOLDER), OTHER)


def test_an_ended_handoff_is_not_ended_again_even_by_an_admin() -> None:
    with pytest.raises(HandoffClosed):
        check_can_end(view("ended", HOLDER), HOLDER, is_admin=True)
