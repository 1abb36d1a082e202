"""States from the memo equal Rasa's own, stay fresh as events arrive, and are the caller's to edit."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import dialogue_states

DOMAIN = Path(__file__).resolve().parents[2] / "domain.yml"
QUESTIONS = [
    {},
    {"omit_unset_slots": True},
    {"ignore_rule_only_turns": True, "rule_only_data": {"slots": ["intake_pending"], "loops": []}},
]


@pytest.fixture(scope="module")
def domain() -> Domain:
    dialogue_states.install()
    return Domain.load(str(DOMAIN))


def conversation(domain: Domain) -> DialogueStateTracker:
    tracker = DialogueStateTracker("memo", domain.slots)
    for event in (
        ActionExecuted("action_listen"),
        UserUttered("cookie怎么关闭", {"name": "faq", "confidence": 0.9}),
        SlotSet("language", "zh"),
        ActionExecuted("utter_faq"),
        BotUttered("……"),
        ActionExecuted("action_listen"),
        UserUttered("我要注销账号", {"name": "request_account_closure", "confidence": 0.9}),
    ):
        tracker.update(event)
    return tracker


@pytest.mark.parametrize("question", QUESTIONS)
def test_states_equal_rasas_own_asked_twice(domain: Domain, question: dict) -> None:
    tracker = conversation(domain)
    stock = dialogue_states.STOCK_PAST_STATES(tracker, domain, **question)
    assert tracker.past_states(domain, **question) == stock
    assert tracker.past_states(domain, **question) == stock  # from the memo


def test_a_new_event_is_seen_by_the_next_question(domain: Domain) -> None:
    tracker = conversation(domain)
    before = tracker.past_states(domain)
    tracker.update(ActionExecuted("intake_form"))
    after = tracker.past_states(domain)
    assert after == dialogue_states.STOCK_PAST_STATES(tracker, domain)
    assert len(after) == len(before) + 1


def test_each_caller_gets_states_it_may_edit(domain: Domain) -> None:
    tracker = conversation(domain)
    first = tracker.past_states(domain)
    first[-1]["user"].pop("intent")  # what the rule policy does to the last message
    assert "intent" in tracker.past_states(domain)[-1]["user"]


def test_a_slot_copy_is_what_copy_copy_made(domain: Domain) -> None:
    for slot in domain.slots:
        copied = copy.copy(slot)
        assert type(copied) is type(slot) and copied is not slot
        assert copied.__dict__ == slot.__dict__
        copied.value = "changed"
        assert slot.value != "changed"
