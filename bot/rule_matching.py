"""Rasa adapter: which rules fit a conversation, looked up per dialogue state instead of tested rule by rule.

To predict, Rasa's RulePolicy walks back through the conversation's states and, at each step, tests every
rule still in the running against that state (`_is_rule_applicable`: parse the rule's key, reverse it,
compare sub-states). With this project's ~140 rules that was two thirds of each prediction (#17, cProfile).
Whether a rule fits a state at a given step depends on the rule, the step and the state alone, and
conversations go through the same few states again and again. So the set of rules of a lookup that fit a
(step, state) is worked out once, over all rules, and kept; a prediction intersects those sets, which is
what Rasa's filter computes. tests/bot/test_rule_matching.py holds it to Rasa's answer.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.domain import State

STOCK_POSSIBLE_KEYS = RulePolicy._get_possible_keys
FITTING = "_dsr_fitting_rules"  # kept on the policy: id(lookup) -> {(step, frozen state): rule keys}
MAX_KEPT = 20_000  # (step, state) pairs per lookup; a handful of states recur, so this is rarely reached


def frozen(state: State) -> Any:
    """A hashable copy of a state: its sub-states' values are strings, numbers and tuples."""
    return tuple(sorted((name, tuple(sorted(sub_state.items()))) for name, sub_state in state.items()))


def possible_keys(self: RulePolicy, lookup: dict[str, str], states: list[State]) -> set[str]:
    """`RulePolicy._get_possible_keys`: the rule keys of `lookup` that fit the conversation's states."""
    kept = self.__dict__.setdefault(FITTING, {}).setdefault(id(lookup), {})
    possible = set(lookup)
    for step, state in enumerate(reversed(states)):
        if not possible:
            break
        try:
            question = (step, frozen(state))
            fitting = kept.get(question)
        except TypeError:  # a value that cannot be hashed: Rasa's own way
            return STOCK_POSSIBLE_KEYS(self, lookup, states)
        if fitting is None:
            if len(kept) >= MAX_KEPT:
                kept.clear()
            fitting = frozenset(key for key in lookup if self._is_rule_applicable(key, step, state))
            kept[question] = fitting
        possible &= fitting
    return possible


def install() -> None:
    """Patch Rasa in this process; calling it again changes nothing."""
    RulePolicy._get_possible_keys = possible_keys  # type: ignore[method-assign]
