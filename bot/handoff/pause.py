"""One record of "paused": the handoff row decides, Rasa's pause is derived from it, here only.

What this rests on (Rasa 3.6): a paused conversation still logs the person's messages but predicts
nothing; an agent's words reach the person as a `bot` event posted with execute_side_effects=true,
paused or not; a session expiry starts a new session, and a new session is unpaused. So the row is
read in two places that only follow it: the backend's desk after each change it makes
(`follow`), and the action server after Rasa itself resets or pauses (`actions/handoff.py`,
`row_pause_events`), which learns the row's answer from the backend (`paused` in the handoff API).
"""

from __future__ import annotations

from bot.handoff.rasa_api import RasaApi
from bot.handoff.views import HandoffView, State


def paused(view: HandoffView | None) -> bool:
    """The rule: the assistant is paused while the conversation's open handoff row says so."""
    return view is not None and view.state != State.ENDED.value and view.assistant_paused


async def follow(rasa: RasaApi, conversation_id: str, should_pause: bool) -> None:
    """Bring Rasa's tracker in line with the row; the only place the backend pauses or resumes."""
    if should_pause:
        await rasa.pause(conversation_id)
    else:
        await rasa.resume(conversation_id)
