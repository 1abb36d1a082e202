"""The live streams' contents: inbox snapshots when something changes, new conversation lines, hand-overs."""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.requests import Request
from starlette.testclient import TestClient

from bot.db import SessionFactory, session_scope
from bot.handoff.views import HandoffView
from bot.staff import service as staff
from bot.staff.roles import Permission
from bot.web.console.streams import (
    RECHECK_SECONDS,
    SIGNED_OUT,
    SessionRecheck,
    conversation_events,
    inbox_events,
    session_recheck,
)
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


async def test_a_stream_ends_once_the_session_no_longer_allows_it(
    anonymous: TestClient, open_handoff: Callable[..., HandoffView], rasa: FakeRasa
) -> None:
    """Finding 6: a signed-out or deactivated agent stops receiving conversations (no `rounds` cap here)."""
    open_handoff()
    answers = iter([True, True, False])
    checks: list[bool] = []

    async def still_allowed() -> bool:
        checks.append(next(answers))
        return checks[-1]

    recheck = SessionRecheck(still_allowed, every=0.0)
    events = [event async for event in inbox_events(desk_of(anonymous), 0.0, recheck=recheck)]
    assert events[-1] == SIGNED_OUT and len(checks) == 3
    view = open_handoff(conversation_id="conv-2")
    lines = conversation_events(desk_of(anonymous), view.id, -1, 0.0, recheck=SessionRecheck(_refused, 0.0))
    assert [event async for event in lines] == [SIGNED_OUT]


async def _refused() -> bool:
    return False


async def test_the_session_is_rechecked_at_most_every_interval(
    anonymous: TestClient, open_handoff: Callable[..., HandoffView]
) -> None:
    open_handoff()
    calls: list[int] = []

    async def still_allowed() -> bool:
        calls.append(1)
        return True

    recheck = SessionRecheck(still_allowed, every=3600.0)
    assert len([e async for e in inbox_events(desk_of(anonymous), 0.0, rounds=5, recheck=recheck)]) == 1
    assert calls == []
    assert RECHECK_SECONDS <= 30.0


async def test_session_recheck_follows_sign_out_and_deactivation(
    signed_in: Login, session_factory: SessionFactory, staff_ids: dict[str, int]
) -> None:
    """The real check: resolve the cookie's session again; signing out anywhere ends it."""
    client, _ = signed_in("agent")
    request = Request({"type": "http", "app": client.app, "headers": [(b"cookie", _cookie_header(client))]})
    allowed = session_recheck(request, Permission.HANDOFF).still_allowed
    assert allowed is not None and await allowed()
    with session_scope(session_factory) as session:
        staff.set_active(session=session, staff_id=staff_ids["agent"], active=False)
    assert not await allowed()


def _cookie_header(client: TestClient) -> bytes:
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items()).encode()
