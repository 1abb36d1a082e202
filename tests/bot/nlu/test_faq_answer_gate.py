from __future__ import annotations

from rasa.shared.nlu.training_data.message import Message

from bot.nlu.faq_answer_gate import FaqAnswerGate


def parsed(intent: str, selector_confidence: float | None) -> Message:
    message = Message(data={"text": "小米公司在哪"})
    message.set("intent", {"name": intent, "confidence": 0.99}, add_to_output=True)
    if selector_confidence is not None:
        best = {"confidence": selector_confidence, "intent_response_key": "faq/company_address"}
        selected = {"response": best}
        message.set("response_selector", {"faq": selected}, add_to_output=True)
    return message


def gate() -> FaqAnswerGate:
    return FaqAnswerGate({"threshold": 0.15, "intent": "out_of_scope"})


def test_faq_without_a_fitting_answer_becomes_out_of_scope() -> None:
    [message] = gate().process([parsed("faq", 0.08)])
    assert message.get("intent")["name"] == "out_of_scope"


def test_faq_with_a_fitting_answer_is_kept() -> None:
    [message] = gate().process([parsed("faq", 0.6)])
    assert message.get("intent")["name"] == "faq"


def test_other_intents_are_left_alone_whatever_the_selector_says() -> None:
    [message] = gate().process([parsed("request_deletion", 0.01)])
    assert message.get("intent")["name"] == "request_deletion"


def test_faq_without_selector_output_is_kept() -> None:
    [message] = gate().process([parsed("faq", None)])
    assert message.get("intent")["name"] == "faq"
