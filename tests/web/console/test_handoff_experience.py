"""What agents see and do around a handoff: queues, overdue flags, 最近结束, profile, typing, favicon."""

from __future__ import annotations

from collections.abc import Callable

from starlette.testclient import TestClient

from bot.handoff.views import HandoffView
from tests.support.clock import FrozenClock
from tests.support.fake_rasa import FakeRasa

Login = Callable[[str], tuple[TestClient, str]]
Open = Callable[..., HandoffView]


def test_recent_list_shows_first_message_escaped_channel_and_transcript_link(
    signed_in: Login, open_handoff: Open
) -> None:
    view = open_handoff(channel="telegram", first_message="<b>我的简历</b>被公开了")
    client, csrf = signed_in("agent")
    client.post(f"/console/handoffs/{view.id}/end", data={"csrf": csrf})
    page = client.get("/console/handoffs").text
    recent = page.split('id="recent"')[1]
    assert "&lt;b&gt;我的简历&lt;/b&gt;被公开了" in recent and "<b>我的简历" not in recent
    assert "Telegram" in recent and f'href="/console/handoffs/{view.id}"' in recent


def test_my_queue_comes_first_and_a_long_wait_is_flagged(
    signed_in: Login, open_handoff: Open, clock: FrozenClock
) -> None:
    general = open_handoff(conversation_id="c-general", topic="general")
    clock.advance(minutes=1)
    complaint = open_handoff(conversation_id="c-complaint", topic="complaint")
    client, csrf = signed_in("agent")
    client.post("/console/profile", data={"csrf": csrf, "display_name": "小王", "queues": "complaint"})
    page = client.get("/console/handoffs").text
    assert page.index(complaint.id) < page.index(general.id)
    flag = 'badge overdue">已超时'
    assert "我的队列" in page and flag not in page
    clock.advance(minutes=10)  # past HANDOFF_WAIT_MINUTES
    assert client.get("/console/handoffs").text.count(flag) == 2


def test_audit_rows_and_the_greeting_use_the_display_name_never_the_email(
    signed_in: Login, open_handoff: Open, rasa: FakeRasa
) -> None:
    view = open_handoff()
    client, csrf = signed_in("agent")
    client.post("/console/profile", data={"csrf": csrf, "display_name": "王小明"})
    client.post(f"/console/handoffs/{view.id}/take", data={"csrf": csrf})
    page = client.get(f"/console/handoffs/{view.id}").text
    assert '<span class="actor">王小明</span> · 接入' in page and "staff:" not in page
    assert "客服 王小明" in rasa.said()[0] and "wang" not in rasa.said()[0]


def test_profile_refuses_an_email_as_display_name(signed_in: Login) -> None:
    client, csrf = signed_in("agent")
    response = client.post("/console/profile", data={"csrf": csrf, "display_name": "wang@megvii.com"})
    assert "msg=" in response.headers["location"]
    assert "wang@megvii.com" not in client.get("/console/handoffs").text.split('class="who"')[1][:200]


def test_chosen_time_zone_is_named_next_to_the_time(signed_in: Login, open_handoff: Open) -> None:
    view = open_handoff()
    client, csrf = signed_in("agent")
    assert "时间：北京时间" in client.get(f"/console/handoffs/{view.id}").text
    client.post("/console/profile", data={"csrf": csrf, "display_name": "小王", "time_zone": "Europe/London"})
    page = client.get(f"/console/handoffs/{view.id}").text
    assert "(Europe/London)" in page and "时间：Europe/London" in page


def test_typing_is_relayed_for_the_holder_only(signed_in: Login, open_handoff: Open, rasa: FakeRasa) -> None:
    view = open_handoff()
    client, csrf = signed_in("agent")
    refused = client.post(f"/console/handoffs/{view.id}/typing", data={"csrf": csrf, "typing": "1"})
    client.post(f"/console/handoffs/{view.id}/take", data={"csrf": csrf})
    sent = client.post(f"/console/handoffs/{view.id}/typing", data={"csrf": csrf, "typing": "1"})
    assert (refused.status_code, sent.json()) == (409, {"status": "sent"})
    assert rasa.calls[-1] == ("typing", "conv-1", {"typing": True, "channel": "socketio"})


def test_canned_replies_are_one_click_buttons(signed_in: Login, open_handoff: Open) -> None:
    view = open_handoff()
    client, csrf = signed_in("agent")
    client.post(f"/console/handoffs/{view.id}/take", data={"csrf": csrf})
    page = client.get(f"/console/handoffs/{view.id}").text
    assert page.count('class="canned-reply"') >= 5


def test_favicon_is_served(anonymous: TestClient) -> None:
    response = anonymous.get("/favicon.ico")
    assert response.status_code == 200 and response.headers["content-type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"


def test_every_page_of_an_agent_listens_for_new_conversations(signed_in: Login) -> None:
    agent, _ = signed_in("agent")
    trainer, _ = signed_in("trainer")
    assert 'data-alerts="/console/handoffs/stream?previews=0"' in agent.get("/console/profile").text
    assert "data-alerts" not in trainer.get("/console/profile").text
