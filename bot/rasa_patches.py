"""Rasa adapter: per-call costs of the Rasa server that Rasa 3.6 offers no setting for, removed at load.

`install()` runs when Rasa loads our tracker store (every `rasa run` of this project names it in its
endpoints), before the first message. Each patch keeps Rasa's behaviour and only drops repeated work.

- Validating an action server reply: Rasa calls `jsonschema.validate`, which checks the *schema* against
  the JSON-Schema metaschema on every call before it checks the reply. That was 15 % of the Rasa server's
  CPU under load, for the one remote call a conversation makes (session start; #17, py-spy). Here the
  schema is checked once and its validator kept; replies are validated as before, with Rasa's message.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


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


def install() -> None:
    """Patch Rasa in this process; calling it again changes nothing."""
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
