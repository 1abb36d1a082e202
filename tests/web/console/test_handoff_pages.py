"""The handoff inbox and conversation page over HTTP, with a fake Rasa recording what reaches the person."""

from __future__ import annotations

from collections.abc import Callable

from starlette.testclient import TestClient

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.handoff import service
from bot.handoff.views import HandoffView
from bot.tickets import service as tickets
from tests.support.clock import FrozenClock
from tests.support.factories import file_ticket
from tests.support.fake_rasa import FakeRasa

Login = Callable[[str], tuple[TestClient, str]]
Open = Callable[..., HandoffView]


def state(factory: SessionFactory, cipher: FieldCipher, handoff_id: str) -> HandoffView:
    with session_scope(factory) as session:
        return service.get_handoff(session=session, cipher=cipher, handoff_id=handoff_id)


def test_inbox_lists_waiting_conversations_with_reason_and_channel(
    signed_in: Login, open_handoff: Open, clock: FrozenClock
) -> None:
    view = open_handoff(channel="telegram", reason="complaint")
    clock.advance(minutes=2, seconds=5)
    client, _ = signed_in("agent")
    page = client.get("/console/handoffs").text
    assert view.id in page and "投诉" in page and "Telegram" in page and "2 分 5 秒" in page


def test_user_script_is_shown_as_text(signed_in: Login, open_handoff: Open, rasa: FakeRasa) -> None:
    view = open_handoff()
    rasa.user_says("conv-1", "<script>alert('x')</script>你好")
    client, _ = signed_in("agent")
    page = client.get(f"/console/handoffs/{view.id}").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;你好" in page
    assert "<script>alert" not in page


def test_take_pauses_greets_and_others_see_who_has_it(
    signed_in: Login, open_handoff: Open, rasa: FakeRasa, session_factory: SessionFactory, cipher: FieldCipher
) -> None:
    view = open_handoff()
    wang, csrf = signed_in("agent")
    assert wang.post(f"/console/handoffs/{view.id}/take", data={"csrf": csrf}).status_code == 303
    assert rasa.kinds() == ["pause", "say"] and "小王" in rasa.said()[0]
    li, li_csrf = signed_in("agent2")
    assert "该会话已由 <strong>小王</strong> 接入" in li.get(f"/console/handoffs/{view.id}").text
    assert "小王" in li.get("/console/handoffs").text
    li.post(f"/console/handoffs/{view.id}/take", data={"csrf": li_csrf})
    assert state(session_factory, cipher, view.id).agent_name == "小王"
    assert rasa.kinds() == ["pause", "say"]


def test_reply_and_canned_reply_reach_the_person_and_notes_do_not(
    signed_in: Login, open_handoff: Open, rasa: FakeRasa
) -> None:
    view = open_handoff()
    client, csrf = signed_in("agent")
    client.post(f"/console/handoffs/{view.id}/take", data={"csrf": csrf})
    client.post(f"/console/handoffs/{view.id}/reply", data={"csrf": csrf, "text": "请问您的邮箱？"})
    client.post(f"/console/handoffs/{view.id}/reply", data={"csrf": csrf, "text": "", "canned": "联系方式"})
    client.post(f"/console/handoffs/{view.id}/note", data={"csrf": csrf, "note": "内部备注-勿发"})
    said = rasa.said("conv-1")
    assert said[1] == "请问您的邮箱？" and "business@megvii.com" in said[2]
    assert not any("内部备注" in text for text in said)
    assert "内部备注-勿发" in client.get(f"/console/handoffs/{view.id}").text


def test_reply_before_taking_is_refused(signed_in: Login, open_handoff: Open, rasa: FakeRasa) -> None:
    view = open_handoff()
    client, csrf = signed_in("agent")
    response = client.post(f"/console/handoffs/{view.id}/reply", data={"csrf": csrf, "text": "hi"})
    assert "msg=" in response.headers["location"]
    assert rasa.said() == []


def test_end_resumes_the_assistant(
    signed_in: Login, open_handoff: Open, rasa: FakeRasa, session_factory: SessionFactory, cipher: FieldCipher
) -> None:
    view = open_handoff()
    client, csrf = signed_in("agent")
    client.post(f"/console/handoffs/{view.id}/take", data={"csrf": csrf})
    client.post(f"/console/handoffs/{view.id}/end", data={"csrf": csrf})
    assert rasa.kinds()[-3:] == ["resume", "say", "say"]  # the header signal, then the words
    assert state(session_factory, cipher, view.id).state == "ended"
    assert view.id not in client.get("/console/handoffs").text.split("最近结束")[0]


def test_take_fails_politely_when_rasa_is_down(
    signed_in: Login, open_handoff: Open, rasa: FakeRasa, session_factory: SessionFactory, cipher: FieldCipher
) -> None:
    view = open_handoff()
    client, csrf = signed_in("agent")
    rasa.down = True
    response = client.post(f"/console/handoffs/{view.id}/take", data={"csrf": csrf})
    assert "%E6%9A%82%E6%97%B6%E6%97%A0%E6%B3%95" in response.headers["location"]  # "暂时无法…"
    assert state(session_factory, cipher, view.id).state == "waiting"


def test_ticket_form_is_prefilled_from_the_conversation(
    signed_in: Login, open_handoff: Open, rasa: FakeRasa
) -> None:
    view = open_handoff()
    rasa.user_says("conv-1", "我的邮箱是 zhou@example.com，手机 13812345678，想删除简历")
    client, _ = signed_in("agent")
    page = client.get(f"/console/handoffs/{view.id}/ticket").text
    assert 'value="zhou@example.com"' in page and 'value="13812345678"' in page and "想删除简历" in page


def test_ticket_from_the_conversation_needs_the_identity_check(
    signed_in: Login,
    open_handoff: Open,
    session_factory: SessionFactory,
    cipher: FieldCipher,
    clock: FrozenClock,
) -> None:
    view = open_handoff(channel="telegram")
    client, csrf = signed_in("agent")
    form = {
        "csrf": csrf,
        "type": "deletion",
        "scenario": "recruitment",
        "name": "周七",
        "email": "zhou@example.com",
        "phone": "",
        "details": "删除简历",
    }
    assert client.post(f"/console/handoffs/{view.id}/ticket", data=form).status_code == 422
    response = client.post(f"/console/handoffs/{view.id}/ticket", data={**form, "identity_checked": "yes"})
    assert response.status_code == 303
    linked = state(session_factory, cipher, view.id).ticket_id
    assert linked is not None
    with session_scope(session_factory) as session:
        ticket = tickets.get_ticket(session=session, cipher=cipher, ticket_id=linked, now=clock())
    assert (ticket.channel, ticket.conversation_id, ticket.name) == ("telegram", "conv-1", "周七")


def test_link_an_existing_ticket(
    signed_in: Login,
    open_handoff: Open,
    session_factory: SessionFactory,
    cipher: FieldCipher,
    clock: FrozenClock,
) -> None:
    view = open_handoff()
    ticket = file_ticket(session_factory, cipher, clock)
    client, csrf = signed_in("agent")
    client.post(f"/console/handoffs/{view.id}/link", data={"csrf": csrf, "ticket_id": ticket.id.lower()})
    assert state(session_factory, cipher, view.id).ticket_id == ticket.id
    unknown = client.post(f"/console/handoffs/{view.id}/link", data={"csrf": csrf, "ticket_id": "DSR-ZZZZZZ"})
    assert "msg=" in unknown.headers["location"]
    assert ticket.id in client.get(f"/console/handoffs/{view.id}").text


def test_unknown_handoff_is_a_404_page(signed_in: Login) -> None:
    client, _ = signed_in("agent")
    assert client.get("/console/handoffs/nope").status_code == 404
