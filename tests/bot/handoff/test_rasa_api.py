"""The Rasa HTTP API client: the exact requests Rasa needs, and failures as one typed error."""

from __future__ import annotations

import json

import httpx
import pytest

from bot.handoff.errors import RasaUnavailable
from bot.handoff.rasa_api import HttpRasaApi, transcript_from_events


def recording() -> tuple[list[httpx.Request], HttpRasaApi]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "GET":
            return httpx.Response(
                200,
                json={
                    "events": [
                        {"event": "action", "name": "action_listen", "timestamp": 1},
                        {"event": "user", "text": "<script>alert(1)</script>", "timestamp": 2},
                        {"event": "bot", "text": "您好", "timestamp": 3},
                        {
                            "event": "bot",
                            "text": "我是客服",
                            "timestamp": 4,
                            "metadata": {"handoff_agent": "小王"},
                        },
                    ]
                },
            )
        return httpx.Response(200, json={})

    return seen, HttpRasaApi("http://rasa:5005/", "tok", transport=httpx.MockTransport(handler))


async def test_say_appends_a_bot_event_delivered_on_the_conversations_own_channel() -> None:
    seen, api = recording()
    await api.say("tg:conv/1", "您好", agent="小王", custom={"handoff": "taken"})
    (request,) = seen
    assert request.url.raw_path.split(b"?")[0] == b"/conversations/tg:conv%2F1/tracker/events"
    assert dict(request.url.params) == {
        "token": "tok",
        "output_channel": "telegram",
        "execute_side_effects": "true",
    }
    assert json.loads(request.content) == {
        "event": "bot",
        "text": "您好",
        "data": {"custom": {"handoff": "taken"}},
        "metadata": {"handoff_agent": "小王"},
    }


async def test_a_signal_is_a_bot_event_without_text_and_typing_goes_to_the_channel_route() -> None:
    seen, api = recording()
    await api.say("conv-1", "", custom={"handoff": "agent_left"})
    await api.typing("conv-1", True, "telegram")
    assert json.loads(seen[0].content) == {
        "event": "bot",
        "text": None,
        "data": {"custom": {"handoff": "agent_left"}},
    }
    assert seen[1].url.path == "/webhooks/telegram/typing" and dict(seen[1].url.params) == {"token": "tok"}
    assert json.loads(seen[1].content) == {"conversation_id": "conv-1", "typing": True}


async def test_pause_and_resume_are_tracker_events() -> None:
    seen, api = recording()
    await api.pause("c")
    await api.resume("c")
    assert [json.loads(r.content) for r in seen] == [
        {"event": "pause"},
        {"event": "resume"},
        {"event": "action", "name": "action_listen"},  # so the next user turn matches the rules again
    ]


async def test_transcript_keeps_text_and_tells_agent_from_assistant() -> None:
    seen, api = recording()
    lines = await api.transcript("c")
    assert seen[0].url.params["include_events"] == "ALL"
    assert [(line.index, line.role, line.text) for line in lines] == [
        (1, "user", "<script>alert(1)</script>"),
        (2, "assistant", "您好"),
        (3, "agent", "我是客服"),
    ]


@pytest.mark.parametrize("failure", ["status", "network"])
async def test_failures_become_rasa_unavailable(failure: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if failure == "network":
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(401, json={"message": "bad token"})

    api = HttpRasaApi("http://rasa:5005", "tok", transport=httpx.MockTransport(handler))
    with pytest.raises(RasaUnavailable):
        await api.pause("c")


def test_events_without_text_are_left_out() -> None:
    lines = transcript_from_events([{"event": "bot", "text": None, "timestamp": 1}, {"event": "slot"}])
    assert lines == []


@pytest.mark.parametrize(
    ("conversation", "channel"),
    [("web:abc", "socketio"), ("tg:42", "telegram"), ("rest:tg:42", None), ("42", None)],
)
async def test_agent_replies_never_go_to_the_latest_channel(conversation: str, channel: str | None) -> None:
    """Finding 1: `latest` is whoever wrote last; a REST post naming a chat must not redirect replies."""
    seen, api = recording()
    await api.say(conversation, "您好")
    params = dict(seen[0].url.params)
    assert params.get("output_channel") == channel
    assert "latest" not in params.values()
