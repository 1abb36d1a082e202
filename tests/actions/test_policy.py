"""action_policy_fallback: a cited passage when retrieval is confident, else rephrase, then 'not covered'."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import jieba
import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.policy import CONTACT_EMAIL, RIGHTS_QUESTIONS, STAGE_KEY, ActionPolicyFallback, get_policy_index

jieba.setLogLevel(logging.WARNING)
DOMAIN_FILE = Path(__file__).resolve().parents[2] / "domain.yml"
CITATION = "——出自《旷视个人信息与隐私保护政策》第二章“我们的个人信息与隐私保护原则”，2021年5月7日版"
FALLBACK_INTENT = {"name": "nlu_fallback", "confidence": 0.3}


@pytest.fixture(scope="module")
def domain() -> dict[str, Any]:
    return yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))


def _user(text: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": FALLBACK_INTENT}}


def _bot(text: str, stage: str | None) -> dict[str, Any]:
    return {"event": "bot", "text": text, "metadata": {STAGE_KEY: stage} if stage else {}}


def _tracker(
    text: str, earlier: list[dict[str, Any]] | None = None, ranking: list[dict[str, Any]] | None = None
) -> Tracker:
    events = [
        {"event": "action", "name": "action_session_start"},
        {"event": "action", "name": "action_listen"},
        *(earlier or []),
        _user(text),
    ]
    return Tracker.from_dict(
        {
            "sender_id": "test-user",
            "slots": {},
            "latest_message": {"text": text, "intent": FALLBACK_INTENT, "intent_ranking": ranking or []},
            "events": events,
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )


async def _run(tracker: Tracker, domain: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await ActionPolicyFallback().run(dispatcher, tracker, domain)
    return events, dispatcher.messages


def _earlier_turn(stage: str | None) -> list[dict[str, Any]]:
    return [
        _user("嗯嗯那个啥"),
        {"event": "action", "name": "action_policy_fallback"},
        _bot("……", stage),
        {"event": "action", "name": "action_listen"},
    ]


def test_action_is_declared_in_the_domain(domain: dict[str, Any]) -> None:
    assert "action_policy_fallback" in domain["actions"]
    assert ActionPolicyFallback().name() == "action_policy_fallback"


async def test_confident_question_is_answered_with_a_cited_passage(domain: dict[str, Any]) -> None:
    events, messages = await _run(_tracker("人工智能道德委员会是什么形式"), domain)
    assert events == []
    [message] = messages
    assert "独立外部顾问形式的人工智能道德委员会" in message["text"]
    assert CITATION in message["text"]
    assert message[STAGE_KEY] == "passage" and message["passage"] == "c2.5-2"
    assert {"title": "转人工", "payload": "/human_handoff"} in message["buttons"]


async def test_first_unclear_message_asks_to_rephrase(domain: dict[str, Any]) -> None:
    _, [message] = await _run(_tracker("那个东西咋整"), domain)
    assert message["text"].startswith("抱歉，我没太明白")
    assert message[STAGE_KEY] == "rephrase"
    assert message["buttons"] == []


async def test_clear_policy_question_without_an_answer_says_not_covered_at_once(
    domain: dict[str, Any],
) -> None:
    ranking = [FALLBACK_INTENT, {"name": "faq", "confidence": 0.97}, {"name": "oos", "confidence": 0.01}]
    events, [message] = await _run(_tracker("你们的服务器用哪家云厂商", ranking=ranking), domain)
    assert "似乎没有写到这个问题" in message["text"] and CONTACT_EMAIL in message["text"]
    assert message[STAGE_KEY] == "not_answered"
    assert events == []  # no handoff for a single clear question


async def test_unsure_classifier_still_asks_to_rephrase(domain: dict[str, Any]) -> None:
    ranking = [FALLBACK_INTENT, {"name": "faq", "confidence": 0.35}, {"name": "greet", "confidence": 0.3}]
    _, [message] = await _run(_tracker("那个东西咋整", ranking=ranking), domain)
    assert message[STAGE_KEY] == "rephrase"


async def test_an_unsure_guess_of_out_of_scope_is_declined_not_asked_to_rephrase(
    domain: dict[str, Any],
) -> None:
    ranking = [FALLBACK_INTENT, {"name": "out_of_scope", "confidence": 0.42}]
    ranking.append({"name": "faq", "confidence": 0.4})
    events, messages = await _run(_tracker("下周股市会涨吗", ranking=ranking), domain)
    assert messages == []
    assert events == [{"event": "followup", "name": "action_decline_out_of_scope", "timestamp": None}]


async def test_second_unclear_message_in_a_row_says_not_covered(domain: dict[str, Any]) -> None:
    _, [message] = await _run(_tracker("那个东西咋整", _earlier_turn("rephrase")), domain)
    assert "似乎没有写到这个问题" in message["text"]
    assert CONTACT_EMAIL in message["text"]
    payloads = [button["payload"] for button in message["buttons"]]
    assert "/human_handoff" in payloads and len(payloads) >= 3
    assert message[STAGE_KEY] == "not_covered"


async def test_unclear_after_a_passage_answer_starts_again_at_rephrase(domain: dict[str, Any]) -> None:
    _, [message] = await _run(_tracker("那个东西咋整", _earlier_turn("passage")), domain)
    assert message[STAGE_KEY] == "rephrase"


async def test_unclear_after_an_ordinary_reply_starts_again_at_rephrase(domain: dict[str, Any]) -> None:
    _, [message] = await _run(_tracker("那个东西咋整", _earlier_turn(None)), domain)
    assert message[STAGE_KEY] == "rephrase"


async def test_out_of_policy_question_is_never_answered_with_a_passage(domain: dict[str, Any]) -> None:
    _, [message] = await _run(_tracker("你们食堂的红烧肉好吃吗", _earlier_turn("rephrase")), domain)
    assert message[STAGE_KEY] == "not_covered"
    assert "——出自" not in message["text"]


def test_index_is_built_once_per_process() -> None:
    assert get_policy_index() is get_policy_index()


def _english(tracker: Tracker) -> Tracker:
    tracker.slots["language"] = "en"
    return tracker


async def test_an_english_question_is_answered_from_the_english_rendering(domain: dict[str, Any]) -> None:
    question = _tracker("Do you share my personal information with third parties?")
    _, messages = await _run(_english(question), domain)
    text = messages[0]["text"]
    assert text.startswith("The policy says:")
    assert "— From Megvii's Personal Information and Privacy Protection Policy, section IV" in text
    assert "(第四章“我们如何披露您的个人信息”)" in text and "the Chinese text is authoritative" in text
    assert messages[0]["buttons"][0]["title"] == "Talk to a person"


async def test_an_unclear_english_message_is_asked_to_rephrase_in_english(domain: dict[str, Any]) -> None:
    _, messages = await _run(_english(_tracker("hmm blorp")), domain)
    assert messages[0]["text"].startswith("Sorry, I didn't quite follow.")


async def test_twice_unclear_in_english_says_not_covered_in_english(domain: dict[str, Any]) -> None:
    tracker = _english(_tracker("zzz qqq", earlier=_earlier_turn("rephrase")))
    events, messages = await _run(tracker, domain)
    assert CONTACT_EMAIL in messages[0]["text"] and messages[0]["text"].startswith("Sorry, Megvii's")
    assert [button["title"] for button in messages[0]["buttons"]][-1] == "Talk to a person"
    assert any(event.get("name") == "action_handoff" for event in events)


async def test_a_bare_request_to_switch_is_acknowledged_in_the_new_language(domain: dict[str, Any]) -> None:
    _, english = await _run(_english(_tracker("please answer in English")), domain)
    _, chinese = await _run(_tracker("说中文"), domain)
    assert english[0]["text"].startswith("Sure, I'll answer in English")
    assert chinese[0]["text"].startswith("好的，接下来我用中文回答您")


def _torn(first: str, first_share: float, second: str, second_share: float) -> list[dict[str, Any]]:
    return [
        FALLBACK_INTENT,
        {"name": first, "confidence": first_share},
        {"name": second, "confidence": second_share},
    ]


async def test_torn_between_a_request_and_a_question_about_it_asks_once_with_two_buttons(
    domain: dict[str, Any],
) -> None:
    ranking = _torn("faq", 0.43, "request_deletion", 0.35)
    events, [message] = await _run(_tracker("申请删除要准备什么", ranking=ranking), domain)
    assert events == [] and message[STAGE_KEY] == "ask_or_use"
    assert "删除个人信息" in message["text"]
    question, request = message["buttons"]
    assert request["payload"] == "/request_deletion"
    assert question["payload"] == RIGHTS_QUESTIONS["request_deletion"]["zh"]


async def test_torn_about_someone_elses_data_is_declined_not_asked(domain: dict[str, Any]) -> None:
    ranking = _torn("request_access", 0.52, "faq", 0.45)
    asked = "我儿子投过简历，我想替他看看你们留了他哪些资料"
    events, messages = await _run(_tracker(asked, ranking=ranking), domain)
    assert messages == []
    assert events == [FollowupAction("action_decline_out_of_scope")]


@pytest.mark.parametrize(
    "ranking",
    [
        _torn("faq", 0.44, "request_correction", 0.24),  # the request reading is too weak
        _torn("faq", 0.7, "request_access", 0.3),  # the question reading clearly leads
        _torn("faq", 0.4, "out_of_scope", 0.38),  # not a request at all
    ],
)
async def test_not_torn_enough_does_not_ask(domain: dict[str, Any], ranking: list[dict[str, Any]]) -> None:
    _, [message] = await _run(_tracker("那个东西咋整", ranking=ranking), domain)
    assert message[STAGE_KEY] != "ask_or_use"


async def test_the_question_buttons_payloads_are_answered_by_that_rights_faq_topic() -> None:
    """Each payload is a FAQ training question of the right topic, so a click lands on the answer."""
    nlu = DOMAIN_FILE.parent / "data" / "nlu"
    blocks = [*yaml.safe_load((nlu / "faq.yml").read_text(encoding="utf-8"))["nlu"]]
    blocks += yaml.safe_load((nlu / "english.yml").read_text(encoding="utf-8"))["nlu"]
    examples: dict[str, str] = {}
    for block in blocks:
        if str(block.get("intent", "")).startswith("faq/"):
            examples[block["intent"]] = examples.get(block["intent"], "") + block["examples"]
    topics = {"request_access": "access_data", "request_correction": "correct_data"}
    topics |= {"request_deletion": "delete_data", "request_account_closure": "close_account"}
    for request, questions in RIGHTS_QUESTIONS.items():
        for question in questions.values():
            assert f"- {question}\n" in examples[f"faq/{topics[request]}"], question


async def test_an_english_conversation_is_asked_in_english(domain: dict[str, Any]) -> None:
    ranking = _torn("request_account_closure", 0.42, "faq", 0.4)
    tracker = _tracker("close account how", ranking=ranking)
    tracker.slots["language_preference"] = "en"
    _, [message] = await _run(tracker, domain)
    assert message["text"].startswith("Would you like to know what the policy says about account closure")
    assert [button["payload"] for button in message["buttons"]][1] == "/request_account_closure"


async def test_an_unsure_message_about_someone_elses_data_is_declined_with_who_may_ask(
    domain: dict[str, Any],
) -> None:
    events, messages = await _run(_tracker("send me my coworker's application data, he said it's ok"), domain)
    assert messages == []
    assert events == [{"event": "followup", "name": "action_decline_out_of_scope", "timestamp": None}]
