"""action_handoff and action_session_start with the real domain and a stand-in handoff API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionHandoff
from actions.session import ActionSessionStart
from bot.dsr_api.client import DsrClient
from bot.handoff.signals import WAITING_PAYLOAD
from bot.handoff.texts import ENGLISH, UNAVAILABLE, WAITING

ROOT = Path(__file__).resolve().parents[2]
DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text())


class StubApi:
    """Answers the handoff API like the backend; records what was asked."""

    def __init__(self, status: str = "waiting", paused: bool = False, down: bool = False) -> None:
        self.status, self.paused, self.down = status, paused, down
        self.requests: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.down:
            raise httpx.ConnectError("refused", request=request)
        if request.method == "POST":
            queued = self.status != "unavailable"
            answer = {"status": self.status, "agents_online": queued, "paused": queued}
            return httpx.Response(201, json=answer)
        return httpx.Response(200, json={"state": "taken" if self.paused else "none", "paused": self.paused})

    def backend(self) -> DsrClient:
        return DsrClient("http://backend", "tok", transport=httpx.MockTransport(self.handler))

    def body(self) -> dict[str, Any]:
        return json.loads(self.requests[-1].content)


def tracker(
    text: str,
    intent: str = "human_handoff",
    *,
    slots: dict[str, Any] | None = None,
    form: str | None = None,
    channel: str = "socketio",
    paused: bool = False,
) -> Tracker:
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.95}, "entities": []}
    events: list[dict[str, Any]] = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": parse, "input_channel": channel},
    ]
    return Tracker.from_dict(
        {
            "sender_id": "conv-42",
            "slots": {"requested_slot": "intake_email" if form else None, **(slots or {})},
            "latest_message": parse,
            "events": events,
            "paused": paused,
            "followup_action": None,
            "active_loop": {"name": form} if form else {},
            "latest_action_name": "action_listen",
            "latest_input_channel": channel,
        }
    )


def names(events: list[dict[str, Any]]) -> list[str]:
    return [event["event"] for event in events]


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [message.get("response") or message.get("text") or "" for message in dispatcher.messages]


async def test_agent_available_pauses_and_stops_the_form() -> None:
    api = StubApi("waiting")
    dispatcher = CollectingDispatcher()
    events = await ActionHandoff(api.backend()).run(dispatcher, tracker("转人工", form="intake_form"), DOMAIN)
    assert names(events) == ["active_loop", "slot", "slot", "pause"]
    assert events[0]["name"] is None and events[1] == {
        "event": "slot",
        "timestamp": None,
        "name": "requested_slot",
        "value": None,
    }
    assert texts(dispatcher) == [WAITING]
    assert dispatcher.messages[0]["custom"] == WAITING_PAYLOAD  # the widget's header says "waiting"
    assert api.body() == {
        "conversation_id": "conv-42",
        "channel": "socketio",
        "reason": "asked",
        "topic": "request",  # a form was under way
        "first_message": "转人工",
    }


@pytest.mark.parametrize(
    ("text", "intent", "slots", "topic"),
    [
        ("我要投诉，处理太慢了", "human_handoff", {}, "complaint"),
        ("我想删除我的简历，找人工", "request_deletion", {}, "request"),
        ("人脸数据存多久？说不清就转人工", "faq", {"handoff_reason": "fallback"}, "policy"),
        ("找个真人聊聊", "human_handoff", {}, "general"),
    ],
)
async def test_topic_routes_to_a_queue(text: str, intent: str, slots: dict[str, Any], topic: str) -> None:
    api = StubApi()
    await ActionHandoff(api.backend()).run(CollectingDispatcher(), tracker(text, intent, slots=slots), DOMAIN)
    assert api.body()["topic"] == topic


async def test_a_faq_guess_on_a_handoff_message_is_not_a_policy_question() -> None:
    api = StubApi()
    state = tracker("我想找人工客服聊聊")
    selector = {"faq": {"response": {"intent_response_key": "faq/collection"}}}
    state.events[-1]["parse_data"]["response_selector"] = selector
    await ActionHandoff(api.backend()).run(CollectingDispatcher(), state, DOMAIN)
    assert api.body()["topic"] == "general"


async def test_first_message_skips_button_payloads() -> None:
    api = StubApi()
    state = tracker("转人工")
    state.events.insert(0, {"event": "user", "text": "/greet", "parse_data": {"intent": {"name": "greet"}}})
    state.events.insert(1, {"event": "user", "text": "你们存了我哪些数据", "parse_data": {}})
    await ActionHandoff(api.backend()).run(CollectingDispatcher(), state, DOMAIN)
    assert api.body()["first_message"] == "你们存了我哪些数据"


async def test_no_agent_gives_the_contact_details_and_does_not_pause() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionHandoff(StubApi("unavailable").backend()).run(dispatcher, tracker("转人工"), DOMAIN)
    assert "pause" not in names(events)
    assert texts(dispatcher) == [UNAVAILABLE]
    assert "business@megvii.com" in UNAVAILABLE and "+86 400-6700-866" in UNAVAILABLE
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "我想提交个人信息申请"


async def test_backend_down_is_treated_like_no_agent() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionHandoff(StubApi(down=True).backend()).run(dispatcher, tracker("转人工"), DOMAIN)
    assert "pause" not in names(events)
    assert texts(dispatcher) == [UNAVAILABLE]


@pytest.mark.parametrize(
    ("text", "slots", "reason"),
    [
        ("我要投诉你们", {}, "complaint"),
        ("asdf", {"handoff_reason": "fallback"}, "fallback"),
        ("转人工", {"handoff_reason": "validation"}, "validation"),
        ("找个真人", {"handoff_reason": "nonsense"}, "asked"),
    ],
)
async def test_reason_comes_from_the_slot_or_the_words(text: str, slots: dict[str, Any], reason: str) -> None:
    api = StubApi()
    events = await ActionHandoff(api.backend()).run(
        CollectingDispatcher(), tracker(text, slots=slots), DOMAIN
    )
    assert api.body()["reason"] == reason
    assert {"event": "slot", "timestamp": None, "name": "handoff_reason", "value": None} in events


@pytest.mark.parametrize(
    ("counts", "reason"), [({"intake_email": 3}, "validation"), ({"intake_email": 2}, "asked")]
)
async def test_three_failed_tries_in_the_form_make_it_a_validation_handoff(
    counts: dict[str, int], reason: str
) -> None:
    api = StubApi()
    state = tracker("/human_handoff", form="intake_form", slots={"intake_failures": counts})
    await ActionHandoff(api.backend()).run(CollectingDispatcher(), state, DOMAIN)
    assert api.body()["reason"] == reason


async def test_channel_is_the_latest_input_channel() -> None:
    api = StubApi()
    await ActionHandoff(api.backend()).run(
        CollectingDispatcher(), tracker("转人工", channel="telegram"), DOMAIN
    )
    assert api.body()["channel"] == "telegram"


async def test_session_start_keeps_a_taken_conversation_paused() -> None:
    api = StubApi(paused=True)
    events = await ActionSessionStart(api.backend()).run(
        CollectingDispatcher(), tracker("hi", paused=True), DOMAIN
    )
    assert names(events)[0] == "session_started" and names(events)[-2:] == ["action", "pause"]
    assert api.requests[-1].url.path == "/api/handoffs/conv-42"


@pytest.mark.parametrize("api", [StubApi(paused=False), StubApi(down=True)])
async def test_session_start_without_a_handoff_is_rasas_default(api: StubApi) -> None:
    events = await ActionSessionStart(api.backend()).run(
        CollectingDispatcher(), tracker("hi", slots={"handoff_reason": "asked"}, paused=True), DOMAIN
    )
    assert names(events) == ["session_started", "slot", "action"]
    assert events[-1]["name"] == "action_listen"


async def test_session_start_of_an_unpaused_session_does_not_ask_the_backend() -> None:
    api = StubApi(paused=True)  # even a row that says paused: Rasa only ever pauses following the row
    events = await ActionSessionStart(api.backend()).run(CollectingDispatcher(), tracker("hi"), DOMAIN)
    assert names(events) == ["session_started", "action"]
    assert api.requests == []


async def test_handoff_pauses_only_when_the_row_says_paused() -> None:
    def queued_unpaused(request: httpx.Request) -> httpx.Response:
        return httpx.Response(201, json={"status": "waiting", "agents_online": True, "paused": False})

    backend = DsrClient("http://backend", "tok", transport=httpx.MockTransport(queued_unpaused))
    dispatcher = CollectingDispatcher()
    events = await ActionHandoff(backend).run(dispatcher, tracker("转人工"), DOMAIN)
    assert texts(dispatcher) == [WAITING] and "pause" not in names(events)


def test_domain_declares_the_handoff_section() -> None:
    assert {"action_handoff", "action_session_start"} <= set(DOMAIN["actions"])
    assert "handoff_reason" in DOMAIN["slots"]


def fallback_tracker(earlier_stage: str | None) -> Tracker:
    fallback = {"name": "nlu_fallback", "confidence": 0.3}
    earlier = [
        {"event": "user", "text": "嗯嗯啊啊", "parse_data": {"intent": fallback}},
        {
            "event": "bot",
            "text": "抱歉",
            "metadata": {"policy_fallback": earlier_stage} if earlier_stage else {},
        },
        {"event": "action", "name": "action_listen"},
    ]
    return Tracker.from_dict(
        {
            "sender_id": "conv-43",
            "slots": {},
            "latest_message": {"text": "那个东西咋整", "intent": fallback},
            "events": [
                {"event": "action", "name": "action_listen"},
                *earlier,
                {"event": "user", "text": "那个东西咋整", "parse_data": {"intent": fallback}},
            ],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )


async def test_second_fallback_in_a_row_escalates_with_the_fallback_reason() -> None:
    from actions.policy import ActionPolicyFallback

    events = await ActionPolicyFallback().run(CollectingDispatcher(), fallback_tracker("rephrase"), DOMAIN)
    assert {"event": "slot", "timestamp": None, "name": "handoff_reason", "value": "fallback"} in events
    assert {"event": "followup", "timestamp": None, "name": "action_handoff"} in events


async def test_first_fallback_does_not_escalate() -> None:
    from actions.policy import ActionPolicyFallback

    events = await ActionPolicyFallback().run(CollectingDispatcher(), fallback_tracker(None), DOMAIN)
    assert events == []


async def test_an_english_conversation_is_told_in_english_that_nobody_is_in() -> None:
    dispatcher = CollectingDispatcher()
    english = tracker("I want to talk to a person", slots={"language": "en"})
    await ActionHandoff(StubApi("unavailable").backend()).run(dispatcher, english, DOMAIN)
    assert texts(dispatcher) == [ENGLISH["UNAVAILABLE"]]
    assert dispatcher.messages[0]["buttons"][0]["title"] == "File a request"


async def test_a_chinese_preference_wins_over_an_english_message() -> None:
    dispatcher = CollectingDispatcher()
    asked = tracker("human please", slots={"language": "en", "language_preference": "zh"})
    await ActionHandoff(StubApi().backend()).run(dispatcher, asked, DOMAIN)
    assert texts(dispatcher) == [WAITING]
