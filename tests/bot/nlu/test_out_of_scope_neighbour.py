from __future__ import annotations

import numpy as np
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.out_of_scope_neighbour import OutOfScopeNeighbour, nearer_out_of_scope

INSIDE = np.array([[1.0, 0.0, 0.0]], dtype=np.float32)
OUTSIDE = np.array([[0.0, 1.0, 0.0]], dtype=np.float32)


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_clearly_nearer_out_of_scope_example_declines() -> None:
    assert nearer_out_of_scope(unit(0.2, 1.0, 0.0), INSIDE, OUTSIDE, margin=0.015)


def test_a_tie_within_the_margin_keeps_the_policy_reading() -> None:
    assert not nearer_out_of_scope(unit(1.0, 1.01, 0.0), INSIDE, OUTSIDE, margin=0.015)


def test_nothing_trained_declines_nothing() -> None:
    assert not nearer_out_of_scope(unit(0.0, 1.0, 0.0), INSIDE[:0], OUTSIDE, margin=0.015)


def parsed(intent: str, vector: np.ndarray) -> Message:
    message = Message(data={"text": "how do I write a will"})
    message.add_features(Features(vector.reshape(1, -1), "sentence", "text", "encoder"))
    message.set("intent", {"name": intent, "confidence": 0.8}, add_to_output=True)
    return message


def component() -> OutOfScopeNeighbour:
    return OutOfScopeNeighbour({"margin": 0.015}, None, None, INSIDE, OUTSIDE)  # type: ignore[arg-type]


def test_a_policy_reading_nearer_to_out_of_scope_is_declined() -> None:
    [message] = component().process([parsed("faq", unit(0.1, 1.0, 0.0))])
    assert message.get("intent")["name"] == "out_of_scope"


def test_requests_and_answers_in_a_form_are_never_overturned() -> None:
    for intent in ("request_deletion", "affirm", "greet"):
        [message] = component().process([parsed(intent, unit(0.1, 1.0, 0.0))])
        assert message.get("intent")["name"] == intent


def test_a_policy_question_near_the_policy_examples_keeps_its_answer() -> None:
    [message] = component().process([parsed("faq", unit(1.0, 0.2, 0.0))])
    assert message.get("intent")["name"] == "faq"
