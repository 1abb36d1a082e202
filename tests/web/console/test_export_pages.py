"""Access export from the ticket page: staff download JSON and HTML; user text is escaped; audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text
from starlette.testclient import TestClient

from bot.crypto import FieldCipher
from bot.db import SessionFactory
from tests.support.clock import FrozenClock
from tests.support.factories import SECRET_EMAIL, SECRET_NAME, file_ticket, move
from tests.support.tracker_store import SCHEMA

Login = Callable[[str], tuple[TestClient, str]]
HOSTILE = "<script>alert(1)</script>我想查阅我的资料"


def completed(factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock, kind: str) -> str:
    ticket = file_ticket(factory, cipher, clock, type=kind, conversation_id="conv-export")
    move(factory, cipher, clock, ticket.id, "in_progress")
    move(factory, cipher, clock, ticket.id, "completed")
    return ticket.id


def conversation(client: TestClient) -> None:
    engine = client.app.state.privacy_stores.tracker  # type: ignore[attr-defined]
    Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)
    with engine.begin() as connection:
        connection.execute(text(SCHEMA))
        for type_name, message in (("user", HOSTILE), ("bot", "好的，请问您的姓名是？")):
            connection.execute(
                text(
                    "INSERT INTO events (sender_id, type_name, timestamp, data)"
                    " VALUES ('conv-export', :t, 1, :d)"
                ),
                {"t": type_name, "d": json.dumps({"event": type_name, "text": message})},
            )


def test_completed_access_ticket_exports_html_with_user_text_escaped(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    ticket_id = completed(session_factory, cipher, clock, "access")
    client, _ = signed_in("agent")
    conversation(client)
    assert f"/console/tickets/{ticket_id}/export.html" in client.get(f"/console/tickets/{ticket_id}").text
    page = client.get(f"/console/tickets/{ticket_id}/export.html")
    assert page.status_code == 200 and "attachment" in page.headers["content-disposition"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;我想查阅我的资料" in page.text
    assert "<script>" not in page.text and SECRET_NAME in page.text and SECRET_EMAIL in page.text


def test_json_export_holds_ticket_conversation_and_mails_and_is_audited(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    ticket_id = completed(session_factory, cipher, clock, "access")
    client, _ = signed_in("agent")
    conversation(client)
    data = client.get(f"/console/tickets/{ticket_id}/export.json").json()
    assert [ticket["id"] for ticket in data["tickets"]] == [ticket_id]
    assert [line["text"] for line in data["conversations"]["conv-export"]][0] == HOSTILE
    assert len(data["mails"]) >= 2 and all("actor" not in h for h in data["tickets"][0]["history"])
    history = client.get(f"/console/tickets/{ticket_id}").text
    assert "exported" in history


def test_only_a_completed_access_ticket_has_an_export(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    deletion = completed(session_factory, cipher, clock, "deletion")
    open_access = file_ticket(session_factory, cipher, clock, type="access", email="x@example.com")
    client, _ = signed_in("agent")
    assert client.get(f"/console/tickets/{deletion}/export.json").status_code == 409
    assert client.get(f"/console/tickets/{open_access.id}/export.html").status_code == 409
    assert "export.html" not in client.get(f"/console/tickets/{open_access.id}").text


def test_completed_deletion_page_says_the_erasure_is_waiting(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    deletion = completed(session_factory, cipher, clock, "deletion")
    client, _ = signed_in("agent")
    page = client.get(f"/console/tickets/{deletion}").text
    assert "数据删除" in page and "待执行" in page
