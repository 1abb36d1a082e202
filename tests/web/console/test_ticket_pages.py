"""The request queue and ticket page: filters, search, order, badges, and actions that audit and email."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from starlette.testclient import TestClient

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.mail.models import OutboxMessage
from bot.tickets import service
from tests.support.clock import FrozenClock
from tests.support.factories import file_ticket, move
from tests.support.fake_rasa import FakeRasa

Login = Callable[[str], tuple[TestClient, str]]


def outbox(factory: SessionFactory, cipher: FieldCipher) -> list[tuple[str, str]]:
    with session_scope(factory) as session:
        rows = session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
        return [(row.template, cipher.decrypt(row.text_enc)) for row in rows]


def row_order(html: str, ids: list[str]) -> list[str]:
    return sorted(ids, key=html.index)


def test_queue_is_sorted_by_due_date_with_badges(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    later = file_ticket(session_factory, cipher, clock, email="a@example.com")
    clock.advance(days=-30)  # verified a month ago: overdue now
    overdue = file_ticket(session_factory, cipher, clock, email="b@example.com")
    clock.advance(days=30)
    client, _ = signed_in("agent")
    page = client.get("/console/tickets").text
    assert row_order(page, [later.id, overdue.id]) == [overdue.id, later.id]
    assert "逾期" in page and "剩 " in page


def test_filters_by_type_scenario_and_overdue(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    access = file_ticket(session_factory, cipher, clock, type="access", scenario="recruitment")
    deletion = file_ticket(session_factory, cipher, clock, type="deletion", scenario="after_sales")
    client, _ = signed_in("agent")
    by_type = client.get("/console/tickets", params={"type": "access"}).text
    by_scenario = client.get("/console/tickets", params={"scenario": "after_sales"}).text
    overdue = client.get("/console/tickets", params={"due": "overdue"}).text
    soon = client.get("/console/tickets", params={"due": "soon"}).text
    assert access.id in by_type and deletion.id not in by_type
    assert deletion.id in by_scenario and access.id not in by_scenario
    assert access.id not in overdue and deletion.id not in soon


def test_closed_tickets_leave_the_default_queue(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    ticket = file_ticket(session_factory, cipher, clock)
    move(session_factory, cipher, clock, ticket.id, "withdrawn")
    client, _ = signed_in("agent")
    assert ticket.id not in client.get("/console/tickets").text
    assert ticket.id in client.get("/console/tickets", params={"status": "withdrawn"}).text


def test_search_by_id_email_and_phone(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    mine = file_ticket(session_factory, cipher, clock, email="Zhao@Example.com", phone="138 0000 1111")
    other = file_ticket(session_factory, cipher, clock, email="qian@example.com", phone="13900002222")
    client, _ = signed_in("agent")
    for query in (mine.id.lower(), "zhao@example.com", "+86 138-0000-1111"):
        page = client.get("/console/tickets", params={"q": query}).text
        assert mine.id in page and other.id not in page, query


def test_ticket_page_shows_fields_history_and_transcript(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock, rasa: FakeRasa
) -> None:
    ticket = file_ticket(session_factory, cipher, clock, conversation_id="conv-9", name="<b>赵六</b>")
    rasa.user_says("conv-9", "请删除我的数据<script>alert(1)</script>")
    client, _ = signed_in("agent")
    page = client.get(f"/console/tickets/{ticket.id}").text
    assert "&lt;b&gt;赵六&lt;/b&gt;" in page and "<b>赵六</b>" not in page
    assert "请删除我的数据&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "zhang.secret@example.com" in page and "已受理" in page


def test_ticket_page_says_when_the_transcript_cannot_be_read(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock, rasa: FakeRasa
) -> None:
    ticket = file_ticket(session_factory, cipher, clock)
    rasa.down = True
    client, _ = signed_in("agent")
    assert "暂时无法读取对话记录" in client.get(f"/console/tickets/{ticket.id}").text


def test_unknown_ticket_is_a_404_page(signed_in: Login) -> None:
    client, _ = signed_in("agent")
    assert client.get("/console/tickets/DSR-ZZZZZZ").status_code == 404


def test_start_ask_and_complete_write_audit_and_mail(
    signed_in: Login,
    session_factory: SessionFactory,
    cipher: FieldCipher,
    clock: FrozenClock,
    staff_ids: dict[str, int],
) -> None:
    ticket = file_ticket(session_factory, cipher, clock)
    client, csrf = signed_in("agent")
    url = f"/console/tickets/{ticket.id}"
    assert client.post(f"{url}/start", data={"csrf": csrf}).status_code == 303
    client.post(f"{url}/ask", data={"csrf": csrf, "note": "请提供售后工单号"})
    client.post(f"{url}/start", data={"csrf": csrf})
    client.post(f"{url}/complete", data={"csrf": csrf, "note": "已删除全部记录"})
    with session_scope(session_factory) as session:
        view = service.get_ticket(session=session, cipher=cipher, ticket_id=ticket.id, now=clock())
    assert view.status == "completed"
    assert [h.to_status for h in view.history] == [
        "received",
        "in_progress",
        "awaiting_requester",
        "in_progress",
        "completed",
    ]
    assert {h.actor for h in view.history[1:]} == {f"staff:{staff_ids['agent']}"}
    assert view.history[2].note == "请提供售后工单号"
    templates = [template for template, _ in outbox(session_factory, cipher)]
    assert templates == [
        "ticket_received",
        "status_changed",
        "status_changed",
        "status_changed",
        "ticket_completed",
    ]


def test_ask_needs_a_message(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    ticket = file_ticket(session_factory, cipher, clock)
    move(session_factory, cipher, clock, ticket.id, "in_progress")
    client, csrf = signed_in("agent")
    response = client.post(f"/console/tickets/{ticket.id}/ask", data={"csrf": csrf, "note": "  "})
    assert "msg=" in response.headers["location"]
    with session_scope(session_factory) as session:
        assert (
            service.get_ticket(session=session, cipher=cipher, ticket_id=ticket.id, now=clock()).status
            == "in_progress"
        )


def test_reject_with_a_reason_from_the_list(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    ticket = file_ticket(session_factory, cipher, clock)
    client, csrf = signed_in("agent")
    client.post(
        f"/console/tickets/{ticket.id}/reject",
        data={"csrf": csrf, "reason": "not_controller", "note": "请联系门禁系统的运营方"},
    )
    with session_scope(session_factory) as session:
        view = service.get_ticket(session=session, cipher=cipher, ticket_id=ticket.id, now=clock())
    assert (view.status, view.history[-1].reason) == ("rejected", "not_controller")
    assert outbox(session_factory, cipher)[-1][0] == "ticket_rejected"


def test_reject_other_without_explanation_is_refused(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    ticket = file_ticket(session_factory, cipher, clock)
    client, csrf = signed_in("agent")
    response = client.post(f"/console/tickets/{ticket.id}/reject", data={"csrf": csrf, "reason": "other"})
    assert "msg=" in response.headers["location"]
    with session_scope(session_factory) as session:
        assert (
            service.get_ticket(session=session, cipher=cipher, ticket_id=ticket.id, now=clock()).status
            == "received"
        )


def test_illegal_action_is_explained_not_crashed(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    ticket = file_ticket(session_factory, cipher, clock)
    client, csrf = signed_in("agent")
    response = client.post(f"/console/tickets/{ticket.id}/complete", data={"csrf": csrf})
    assert response.status_code == 303
    follow = client.get(response.headers["location"])
    assert "当前状态下不能进行该操作" in follow.text


def test_the_request_for_information_and_the_completion_note_are_emailed(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    ticket = file_ticket(session_factory, cipher, clock)
    client, csrf = signed_in("agent")
    url = f"/console/tickets/{ticket.id}"
    client.post(f"{url}/start", data={"csrf": csrf})
    client.post(f"{url}/ask", data={"csrf": csrf, "note": "请提供售后工单号 <b>"})
    client.post(f"{url}/start", data={"csrf": csrf})
    client.post(f"{url}/complete", data={"csrf": csrf, "note": "已删除全部售后记录"})
    mails = dict(outbox(session_factory, cipher)[-3:-2] + outbox(session_factory, cipher)[-1:])
    assert "请提供售后工单号 <b>" in mails["status_changed"]
    assert "已删除全部售后记录" in mails["ticket_completed"]


def test_mail_that_never_arrived_is_shown_on_the_queue_and_sent_again(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    ticket = file_ticket(session_factory, cipher, clock)
    with session_scope(session_factory) as session:
        row = (
            session.execute(select(OutboxMessage).where(OutboxMessage.ticket_id == ticket.id))
            .scalars()
            .first()
        )
        assert row is not None
        row.failed_at, row.attempts, row.last_error = clock(), 6, "SMTPConnectError"
        mail_id = row.id
    client, csrf = signed_in("agent")
    page = client.get("/console/tickets").text
    assert "多次发送失败" in page and ticket.id in page and "SMTPConnectError" in page
    assert client.post(f"/console/mail/{mail_id}/send-again", data={}).status_code == 403  # no CSRF token
    answer = client.post(f"/console/mail/{mail_id}/send-again", data={"csrf": csrf})
    assert answer.status_code == 303
    with session_scope(session_factory) as session:
        again = session.get(OutboxMessage, mail_id)
        assert again is not None and again.failed_at is None and again.attempts == 0
    assert "多次发送失败" not in client.get("/console/tickets").text
    trainer, trainer_csrf = signed_in("trainer")
    assert trainer.post(f"/console/mail/{mail_id}/send-again", data={"csrf": trainer_csrf}).status_code == 403


def test_history_names_the_colleague_by_display_name(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    ticket = file_ticket(session_factory, cipher, clock)
    client, csrf = signed_in("agent")
    client.post(f"/console/tickets/{ticket.id}/start", data={"csrf": csrf})
    page = client.get(f"/console/tickets/{ticket.id}").text
    assert '<td class="actor">小王</td>' in page and "staff:" not in page


def test_queue_and_ticket_page_show_the_language_a_request_was_filed_in(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    english = file_ticket(session_factory, cipher, clock, email="en@example.com", language="en")
    file_ticket(session_factory, cipher, clock, email="zh@example.com")
    client, _ = signed_in("agent")
    queue = client.get("/console/tickets").text
    assert queue.count('<td class="language">英文</td>') == 1
    assert queue.count('<td class="language">中文</td>') == 1
    page = client.get(f"/console/tickets/{english.id}").text
    assert '<dd class="language">英文（申请人邮件以此语言发送）</dd>' in page
