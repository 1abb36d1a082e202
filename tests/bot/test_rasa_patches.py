"""Rasa patches: the action server's replies are validated as Rasa validates them, the schema checked once."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

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
