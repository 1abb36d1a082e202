"""Which queue a handoff goes to, and how an agent's queues are stored."""

from __future__ import annotations

import pytest

from bot.handoff.topics import Topic, format_queues, parse_queues, parse_topic, topic_for


@pytest.mark.parametrize(
    ("reason", "intents", "in_form", "topic"),
    [
        ("complaint", ["request_deletion"], True, Topic.COMPLAINT),
        ("asked", ["human_handoff", "request_access"], False, Topic.REQUEST),
        ("asked", ["human_handoff"], True, Topic.REQUEST),
        ("validation", [], False, Topic.REQUEST),
        ("fallback", ["nlu_fallback"], False, Topic.POLICY),
        ("asked", ["human_handoff", "faq/retention"], False, Topic.POLICY),
        ("asked", ["greet", "human_handoff"], False, Topic.GENERAL),
    ],
)
def test_topic_from_reason_intents_and_form(
    reason: str, intents: list[str], in_form: bool, topic: Topic
) -> None:
    assert topic_for(reason=reason, recent_intents=intents, in_form=in_form) is topic


def test_unknown_topic_goes_to_the_general_queue() -> None:
    assert parse_topic("billing") is Topic.GENERAL and parse_topic(None) is Topic.GENERAL


def test_queues_keep_known_topics_in_a_stable_order() -> None:
    assert parse_queues("complaint, nonsense,request") == ("request", "complaint")
    assert format_queues(["policy", "request", "policy"]) == "request,policy"
