"""The live streams' contents: inbox snapshots when something changes, new conversation lines, hand-overs."""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.testclient import TestClient

from bot.handoff.service import HandoffView
from bot.web.console.streams import conversation_events, inbox_events
from tests.support.fake_rasa import FakeRasa
from tests.web.console.conftest import desk_of

Login = Callable[[str], tuple[TestClient, str]]


async def test_inbox_sends_a_snapshot_then_only_changes(
    anonymous: TestClient, open_handoff: Callable[..., HandoffView], rasa: FakeRasa
) -> None:
    view = open_handoff(reason="fallback")
    rasa.user_says("conv-1", "<b>还在吗</b>")
    events = [event async for event in inbox_events(desk_of(anonymous), 0.0, rounds=3)]
    assert len(events) == 1  # nothing changed after the first round
    (item,) = json.loads(events[0]["data"])
    assert (item["id"], item["reason_text"], item["state"]) == (view.id, "连续两次未能理解", "waiting")
    assert item["preview"][-1]["text"] == "<b>还在吗</b>"  # raw text: the page inserts it with textContent


async def test_conversation_stream_sends_new_lines_and_hand_overs(
    signed_in: Login, open_handoff: Callable[..., HandoffView], rasa: FakeRasa
) -> None:
    view = open_handoff()
    client, csrf = signed_in("agent")
    desk = desk_of(client)
    stream = conversation_events(desk, view.id, after_index=0, poll=0.0)
    rasa.user_says("conv-1", "有人吗")
    first = await stream.__anext__()
    assert first["event"] == "line" and json.loads(first["data"])["text"] == "有人吗"
    client.post(f"/console/handoffs/{view.id}/take", data={"csrf": csrf})
    second = await stream.__anext__()
    assert second["event"] == "state" and json.loads(second["data"])["agent"] == "小王"
    greeting = await stream.__anext__()
    assert json.loads(greeting["data"])["role"] == "agent"
    await stream.aclose()
