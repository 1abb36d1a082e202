"""Rasa patches: the action server's replies are validated as Rasa validates them, the schema checked once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import rasa.core.actions.action as rasa_actions
from jsonschema import ValidationError, validate
from rasa.core.actions.action import Action, RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ConversationPaused, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.utils.endpoints import EndpointConfig
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.session import ActionSessionStart
from bot import rasa_patches, tracker_store  # noqa: F401  (loading the tracker store installs the patches)

GOOD = {
    "events": [{"event": "session_started"}, {"event": "action", "name": "action_listen"}],
    "responses": [],
}


def action() -> RemoteAction:
    return RemoteAction("action_session_start", EndpointConfig("http://127.0.0.1:5055/webhook"))


def test_loading_the_tracker_store_installs_the_patch() -> None:
    assert RemoteAction._validate_action_result is rasa_patches.validate_action_result


def test_a_valid_reply_passes() -> None:
    assert action()._validate_action_result(GOOD) is True


@pytest.mark.parametrize(
    "reply", [{"events": "not a list"}, {"events": [{"no": "event key"}]}, {"responses": "hello"}]
)
def test_an_invalid_reply_raises_rasas_error(reply: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as stock:  # Rasa's own check rejects it too
        validate(reply, RemoteAction.action_response_format_spec())
    with pytest.raises(ValidationError, match="Failed to validate Action server response") as patched:
        action()._validate_action_result(reply)
    assert patched.value.message.startswith(stock.value.message)


def test_the_schema_is_checked_once_not_per_reply(monkeypatch: pytest.MonkeyPatch) -> None:
    checks: list[object] = []
    validator_class = type(rasa_patches.action_result_validator())
    original = validator_class.check_schema

    def counted(schema: object) -> None:
        checks.append(schema)
        original(schema)

    monkeypatch.setattr(validator_class, "check_schema", counted)
    rasa_patches.action_result_validator.cache_clear()
    for _ in range(3):
        action()._validate_action_result(GOOD)
    assert len(checks) == 1


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


def shape(events: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(e["event"], e.get("name"), e.get("value")) for e in events]


def tracker_with(domain: Domain, *events: Event) -> DialogueStateTracker:
    tracker = DialogueStateTracker("conv-1", domain.slots)
    for event in events:
        tracker.update(event)
    return tracker


@pytest.mark.parametrize(
    "events",
    [
        (),  # a new conversation
        (SlotSet("session_started_metadata", {"channel": "web"}),),  # what Rasa sets before the action
        (  # a session expiry: the slots are carried over
            UserUttered("你好", {"name": "greet", "confidence": 0.9}),
            SlotSet("language", "en"),
            SlotSet("intake_email", "a@example.com"),
        ),
    ],
)
async def test_session_start_answers_as_the_action_server_does(domain: Domain, events: tuple[Event]) -> None:
    tracker = tracker_with(domain, *events)
    here = [event.as_dict() for event in rasa_patches.session_start_events(tracker, domain)]
    sdk_tracker = Tracker.from_dict(tracker.current_state(EventVerbosity.ALL))
    there = await ActionSessionStart().run(CollectingDispatcher(), sdk_tracker, domain.as_dict())
    assert shape(here) == shape(there)


class Remote(Action):
    def __init__(self) -> None:
        self.calls = 0

    def name(self) -> str:
        return "action_session_start"

    async def run(self, *args: Any, **kwargs: Any) -> list[Event]:
        self.calls += 1
        return [SessionStarted(), ConversationPaused()]


async def test_only_a_paused_session_asks_the_action_server(domain: Domain) -> None:
    remote = Remote()
    start = rasa_patches.SessionStartUnlessPaused(remote)
    fresh = await start.run(None, None, tracker_with(domain), domain)  # type: ignore[arg-type]
    assert remote.calls == 0 and shape([e.as_dict() for e in fresh])[0][0] == "session_started"
    paused = await start.run(None, None, tracker_with(domain, ConversationPaused()), domain)  # type: ignore[arg-type]
    assert remote.calls == 1 and isinstance(paused[-1], ConversationPaused)


def test_rasa_finds_the_session_start_here_and_other_actions_as_before(domain: Domain) -> None:
    endpoint = EndpointConfig("http://127.0.0.1:5055/webhook")
    start = rasa_actions.action_for_name_or_text("action_session_start", domain, endpoint)
    assert isinstance(start, rasa_patches.SessionStartUnlessPaused)
    assert isinstance(start._remote, RemoteAction)
    other = rasa_actions.action_for_name_or_text("action_policy_fallback", domain, endpoint)
    assert type(other) is RemoteAction
    rasa_patches.install()  # again: still one wrapper, not two
    again = rasa_actions.action_for_name_or_text("action_session_start", domain, endpoint)
    assert isinstance(again._remote, RemoteAction)
