"""Who may act on a handoff: the rules the use cases and the desk check before anything changes."""

from __future__ import annotations

from bot.handoff.errors import HandoffClosed, NotYours
from bot.handoff.models import Handoff
from bot.handoff.views import HandoffView, State


def check_holder(handoff: HandoffView | Handoff, agent_id: int) -> None:
    """Only the agent who has the conversation acts for it towards the person."""
    if handoff.state == State.ENDED.value:
        raise HandoffClosed(handoff.id)
    if handoff.state != State.TAKEN.value or handoff.agent_id != agent_id:
        raise NotYours(handoff.id)


def check_can_end(view: HandoffView, agent_id: int, *, is_admin: bool = False) -> None:
    """The holder ends a taken handoff, any agent a waiting one, an admin any open one."""
    if view.state == State.ENDED.value:
        raise HandoffClosed(view.id)
    if view.state == State.TAKEN.value and not is_admin and view.agent_id != agent_id:
        raise NotYours(view.id)
