"""`make eval` arithmetic: labels from Rasa parse data, passage hits, out-of-scope recall."""

from __future__ import annotations

from types import ModuleType

import pytest

from tests.support.scripts import load_script


@pytest.fixture(scope="module")
def ev() -> ModuleType:
    return load_script("eval_policy.py", "eval_policy")


CITED = "……\n——出自《旷视个人信息与隐私保护政策》第七章“您的个人信息权利”，2021年5月7日版"
ANSWERS = {
    "faq/fees": {"text": CITED, "metadata": {"passages": ["c7-9"]}},
    "faq/children_age": {"text": CITED, "metadata": {"passages": ["c8-1"]}},
}


def test_faq_label_comes_from_the_response_selector(ev: ModuleType) -> None:
    parse = {
        "intent": {"name": "faq", "confidence": 0.99},
        "response_selector": {"faq": {"response": {"intent_response_key": "faq/fees", "confidence": 0.8}}},
    }
    assert ev.predicted_label(parse) == ("faq/fees", 0.8)
    oos = {"intent": {"name": "out_of_scope", "confidence": 0.7}}
    assert ev.predicted_label(oos) == ("out_of_scope", 0.7)


def test_summary_counts_accuracy_hits_and_recall(ev: ModuleType) -> None:
    cases = [
        ev.Case("收费吗", "faq/fees", None),
        ev.Case("小孩", "faq/children_age", None),
        ev.Case("天气", "out_of_scope", None),
        ev.Case("股票", "out_of_scope", None),
        ev.Case("商业秘密", None, "c7-18"),
    ]
    outcomes = [
        ev.Outcome(cases[0], "faq/fees", 0.9, ("c7-9",), True),
        ev.Outcome(cases[1], "faq/fees", 0.4, ("c7-9",), True),
        ev.Outcome(cases[2], "out_of_scope", 1.0, (), True),
        ev.Outcome(cases[3], "faq/fees", 0.3, ("c7-9",), True),
        ev.Outcome(cases[4], "nlu_fallback", 0.2, ("c7-18",), True),
    ]
    report = ev.summarise(outcomes, ANSWERS)
    assert report["top1_topic_accuracy"] == 0.5
    assert report["out_of_scope_recall"] == 0.5
    assert report["passage_hit_rate"] == pytest.approx(2 / 3)
    assert [f["text"] for f in report["failures"]["faq/children_age"]] == ["小孩"]
    assert report["answers_without_citation"] == 0
