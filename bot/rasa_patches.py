"""Rasa adapter: per-call costs of the Rasa server that Rasa 3.6 offers no setting for, removed at load.

`install()` runs when Rasa loads our tracker store (every `rasa run` of this project names it in its
endpoints), before the first message. Each patch keeps Rasa's behaviour and only drops repeated work.

- Validating an action server reply: Rasa calls `jsonschema.validate`, which checks the *schema* against
  the JSON-Schema metaschema on every call before it checks the reply. That was 15 % of the Rasa server's
  CPU under load, for the one remote call a conversation makes (session start; #17, py-spy). Here the
  schema is checked once and its validator kept; replies are validated as before, with Rasa's message.
- Session start: the action server's `action_session_start` (actions/session.py) asks the backend only
  for a session that ended paused; otherwise its answer is fixed (SessionStarted, the slots carried over,
  action_listen). The first message of every conversation paid an HTTP round trip to the action server
  for that fixed answer (#17). Here Rasa builds it itself and calls the action server only for a paused
  tracker; tests/bot/test_rasa_patches.py holds the two answers equal.
- Running the model graph: node after node in an order computed once, without dask (bot/graph_order.py).
- Predicting: a tracker's dialogue states worked out once per prediction, slots copied directly
  (bot/dialogue_states.py); the rules that fit a dialogue state looked up, not tested one by one
  (bot/rule_matching.py).
- Debug log lines: their arguments no longer deep-copied when the line is dropped anyway (bot/log_copies.py).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import rasa.core.actions.action as rasa_actions
from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import Action, RemoteAction
from rasa.core.channels.channel import OutputChannel
from rasa.core.nlg import NaturalLanguageGenerator
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot import dialogue_states, graph_order, log_copies, rule_matching


@cache
def action_result_validator() -> Any:
    """A validator for Rasa's action server reply format, its schema checked once per process."""
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(_action: RemoteAction, result: dict[str, Any]) -> bool:
    """What `RemoteAction._validate_action_result` does, with the validator above."""
    error: ValidationError | None = best_match(action_result_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the Action "
        f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def session_start_events(tracker: DialogueStateTracker, domain: Domain) -> list[Event]:
    """The action server's `action_session_start` answer for a session that did not end paused."""
    events: list[Event] = [SessionStarted()]
    if domain.session_config.carry_over_slots:
        values = tracker.current_slot_values()
        events.extend(SlotSet(name, value) for name, value in values.items() if value is not None)
    events.append(ActionExecuted(ACTION_LISTEN_NAME))
    return events


class SessionStartUnlessPaused(Action):
    """`action_session_start`: answered here, or by the action server when the session ended paused."""

    def __init__(self, remote: Action) -> None:
        self._remote = remote

    def name(self) -> str:
        return ACTION_SESSION_START_NAME

    async def run(
        self,
        output_channel: OutputChannel,
        nlg: NaturalLanguageGenerator,
        tracker: DialogueStateTracker,
        domain: Domain,
        metadata: dict[str, Any] | None = None,
    ) -> list[Event]:
        if tracker.is_paused():
            return await self._remote.run(output_channel, nlg, tracker, domain, metadata)
        return session_start_events(tracker, domain)


def _action_for_name_or_text(
    name: str, domain: Domain, endpoint: EndpointConfig | None, *, stock: Any
) -> Action:
    action = stock(name, domain, endpoint)
    if name == ACTION_SESSION_START_NAME and isinstance(action, RemoteAction):
        return SessionStartUnlessPaused(action)
    return action


def install() -> None:
    """Patch Rasa in this process; calling it again changes nothing."""
    graph_order.install()
    dialogue_states.install()
    rule_matching.install()
    log_copies.install()
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    stock = getattr(rasa_actions.action_for_name_or_text, "stock", rasa_actions.action_for_name_or_text)

    def action_for_name_or_text(name: str, domain: Domain, endpoint: EndpointConfig | None) -> Action:
        return _action_for_name_or_text(name, domain, endpoint, stock=stock)

    action_for_name_or_text.stock = stock  # type: ignore[attr-defined]
    rasa_actions.action_for_name_or_text = action_for_name_or_text
