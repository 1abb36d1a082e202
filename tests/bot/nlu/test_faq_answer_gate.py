from __future__ import annotations

from rasa.shared.nlu.training_data.message import Message

from bot.nlu.faq_answer_gate import FaqAnswerGate


def parsed(intent: str, selector_confidence: float | None, oos_share: float = 0.0) -> Message:
    message = Message(data={"text": "小米公司在哪"})
    message.set("intent", {"name": intent, "confidence": 1.0 - oos_share}, add_to_output=True)
    ranking = [
        {"name": intent, "confidence": 1.0 - oos_share},
        {"name": "out_of_scope", "confidence": oos_share},
    ]
    message.set("intent_ranking", ranking, add_to_output=True)
    if selector_confidence is not None:
        best = {"confidence": selector_confidence, "intent_response_key": "faq/company_address"}
        message.set("response_selector", {"faq": {"response": best}}, add_to_output=True)
    return message


def gate() -> FaqAnswerGate:
    return FaqAnswerGate({"threshold": 0.15, "oos_share": 0.2})


def test_faq_with_a_real_out_of_scope_share_is_declined() -> None:
    [message] = gate().process([parsed("faq", 0.9, oos_share=0.35)])
    assert message.get("intent")["name"] == "out_of_scope"


def test_policy_question_no_answer_fits_goes_to_the_passage_fallback_not_the_decline() -> None:
    [message] = gate().process([parsed("faq", 0.08, oos_share=0.01)])
    assert message.get("intent")["name"] == "nlu_fallback"


def test_faq_with_a_fitting_answer_is_kept() -> None:
    [message] = gate().process([parsed("faq", 0.6, oos_share=0.05)])
    assert message.get("intent")["name"] == "faq"


def test_other_intents_are_left_alone_whatever_the_selector_says() -> None:
    [message] = gate().process([parsed("request_deletion", 0.01, oos_share=0.4)])
    assert message.get("intent")["name"] == "request_deletion"


def test_faq_without_selector_output_is_kept() -> None:
    [message] = gate().process([parsed("faq", None)])
    assert message.get("intent")["name"] == "faq"
