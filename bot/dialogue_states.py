"""Rasa adapter: a tracker's dialogue states worked out once per prediction, and slots copied directly.

Each prediction asks the tracker for its past states several times (the memoization policy once, the rule
policy twice, each replaying every event of the conversation on a fresh copy of the tracker), and each copy
copies every slot through the pickle protocol. Together a fifth of a turn's CPU (#17, cProfile). Here:
- `past_states` answers a repeated question about an unchanged tracker from a memo kept on the tracker
  (unchanged: the same number of events and the same last event). Callers edit the states they get (the
  rule policy drops the text or the intent of the last message), so each gets its own copy.
- `Slot.__copy__` does what `copy.copy` did through `__reduce_ex__` (a new object with the same `__dict__`)
  without the detour.
tests/bot/test_dialogue_states.py holds both to Rasa's answers.
"""

from __future__ import annotations

from typing import Any

from rasa.shared.core.domain import Domain, State
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker

MEMO = "_dsr_past_states"  # kept on the tracker: (events version, {question: states})
STOCK_PAST_STATES = DialogueStateTracker.past_states


def copy_states(states: list[State]) -> list[State]:
    """A copy deep enough to edit: states hold sub-states whose values are strings and tuples."""
    return [{key: dict(sub_state) for key, sub_state in state.items()} for state in states]


def past_states(
    self: DialogueStateTracker,
    domain: Domain,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: dict[str, Any] | None = None,
) -> list[State]:
    """`DialogueStateTracker.past_states`, worked out once per version of the tracker's events."""
    version = (len(self.events), id(self.events[-1]) if self.events else None)
    memo = self.__dict__.get(MEMO)
    if memo is None or memo[0] != version:
        memo = (version, {})
        self.__dict__[MEMO] = memo
    # the rule policy builds its rule-only data anew for each question: compared by value
    question = (id(domain), omit_unset_slots, ignore_rule_only_turns, repr(rule_only_data))
    if question not in memo[1]:
        memo[1][question] = STOCK_PAST_STATES(
            self, domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data
        )
    return copy_states(memo[1][question])


def copy_slot(self: Slot) -> Slot:
    """What `copy.copy` makes of a slot: a new object of the same class sharing the attribute values."""
    new = object.__new__(type(self))
    new.__dict__.update(self.__dict__)
    return new


def install() -> None:
    """Patch Rasa in this process; calling it again changes nothing."""
    DialogueStateTracker.past_states = past_states  # type: ignore[method-assign]
    Slot.__copy__ = copy_slot  # type: ignore[attr-defined]
