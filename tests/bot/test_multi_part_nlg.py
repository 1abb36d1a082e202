"""The nlg endpoint adds the other parts' answers to an FAQ answer, and nothing anywhere else."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.multi_part_nlg import MultiPartAnswers

DOMAIN = Domain.from_dict(
    {
        "responses": {
            "utter_faq/resume": [{"text": "简历在个人中心修改。"}],
            "utter_faq/close_account": [
                {
                    "text": "注销请发邮件。",
                    "buttons": [{"title": "提交注销申请", "payload": "/request_account_closure"}],
                }
            ],
            "utter_faq/fees": [{"text": "原则上不收取费用。"}],
            "utter_greet": [{"text": "您好"}],
        }
    }
)


def tracker_after(
    text: str, ranking: list[tuple[str, float]], read: str | None = None
) -> DialogueStateTracker:
    parse: dict[str, Any] = {
        "text": read or text,
        "intent": {"name": "faq", "confidence": 0.9},
        "response_selector": {
            "faq": {"ranking": [{"intent_response_key": key, "confidence": c} for key, c in ranking]}
        },
    }
    tracker = DialogueStateTracker("someone", DOMAIN.slots)
    tracker.update(UserUttered(text, parse["intent"], [], parse))
    return tracker


def generate(action: str, tracker: DialogueStateTracker) -> dict[str, Any] | None:
    nlg = MultiPartAnswers(domain=DOMAIN)
    return asyncio.run(nlg.generate(action, tracker, "rest"))


RANKING = [("faq/resume", 0.5), ("faq/close_account", 0.3), ("faq/fees", 0.2)]


def test_a_multi_part_question_gets_each_parts_answer_and_its_buttons() -> None:
    response = generate("utter_faq/resume", tracker_after("简历在哪改？账号怎么注销？要钱吗？", RANKING))
    assert response is not None
    assert response["text"] == "简历在个人中心修改。\n\n注销请发邮件。\n\n原则上不收取费用。"
    assert [b["payload"] for b in response["buttons"]] == ["/request_account_closure"]


def test_a_single_question_gets_its_answer_only() -> None:
    response = generate("utter_faq/resume", tracker_after("简历在哪改", RANKING))
    assert response is not None and response["text"] == "简历在个人中心修改。"


def test_a_topic_named_by_another_action_is_left_alone() -> None:
    response = generate("utter_faq/fees", tracker_after("简历在哪改？账号怎么注销？", RANKING))
    assert response is not None and response["text"] == "原则上不收取费用。"


def test_other_responses_are_untouched() -> None:
    response = generate("utter_greet", tracker_after("简历在哪改？账号怎么注销？", RANKING))
    assert response is not None and response["text"] == "您好"


def test_the_parts_are_those_of_the_text_as_the_nlu_read_it() -> None:
    typed = "簡歷保存的期限還有刪除的流程"  # 還有 joins two questions once read as 还有
    read = "简历保存的期限还有删除的流程"
    response = generate("utter_faq/resume", tracker_after(typed, RANKING, read=read))
    assert response is not None and response["text"] == "简历在个人中心修改。\n\n注销请发邮件。"
