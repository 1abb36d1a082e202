"""Rasa adapter: Rasa's debug log lines stop deep-copying what they log, whether logged or not.

Rasa 3.6's processor, rule policy and memoization policy pass `copy.deepcopy(...)` of events, parse data and
dialogue states to `structlogger.debug(...)` on every turn; the copy is made before the logger decides to
drop the line, and it was a tenth of the non-NLU part of a turn (#17, cProfile). Those modules use their
`copy` name for nothing else (tests/bot/test_log_copies.py checks their source), so it is pointed at a
namespace whose `deepcopy` hands back the object: a debug line is rendered when it is called, before the
turn goes on, so it still shows the values of that moment.
"""

from __future__ import annotations

from types import ModuleType, SimpleNamespace
from typing import Any

import rasa.core.policies.memoization as memoization
import rasa.core.policies.rule_policy as rule_policy
import rasa.core.processor as processor

MODULES: tuple[ModuleType, ...] = (processor, rule_policy, memoization)


def same_object(value: Any) -> Any:
    return value


LOG_ONLY_COPY = SimpleNamespace(deepcopy=same_object)


def install() -> None:
    """Patch Rasa in this process; calling it again changes nothing."""
    for module in MODULES:
        module.copy = LOG_ONLY_COPY  # type: ignore[attr-defined]
