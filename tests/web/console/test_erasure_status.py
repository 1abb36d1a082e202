"""The ticket page tells staff where an erasure stands: retrying after a failure, or done."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from starlette.testclient import TestClient

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.mail.models import OutboxMessage
from bot.privacy import erasure
from bot.privacy.stores import ExternalStores
from tests.support.clock import FrozenClock
from tests.support.factories import file_ticket, move

Login = Callable[[str], tuple[TestClient, str]]


def completed_deletion(factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock) -> str:
    ticket = file_ticket(factory, cipher, clock)
    move(factory, cipher, clock, ticket.id, "in_progress")
    move(factory, cipher, clock, ticket.id, "completed")
    with session_scope(factory) as session:
        for row in session.execute(select(OutboxMessage)).scalars():
            row.delivered_at = clock()
    return ticket.id


def erase(factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock, tracker_url: str) -> None:
    from sqlalchemy import create_engine

    external = ExternalStores(tracker=create_engine(tracker_url), sink_dir=None, pending_path=None)
    erasure.run_due(factory=factory, cipher=cipher, external=external, clock=clock)


def test_a_failed_erasure_is_shown_with_its_error_then_done_after_the_retry(
    signed_in: Login, session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock, tmp_path: Path
) -> None:
    ticket_id = completed_deletion(session_factory, cipher, clock)
    erase(session_factory, cipher, clock, f"sqlite:///{tmp_path / 'missing' / 'tracker.db'}")
    client, _ = signed_in("agent")
    page = client.get(f"/console/tickets/{ticket_id}").text
    assert "删除未完成" in page and "OperationalError" in page and "已尝试 1 次" in page
    queue = client.get("/console/tickets").text
    assert "1 项数据删除未完成" in queue and f'href="/console/tickets/{ticket_id}"' in queue
    erase(session_factory, cipher, clock, f"sqlite:///{tmp_path / 'tracker.db'}")
    page = client.get(f"/console/tickets/{ticket_id}").text
    assert "删除未完成" not in page and "已于" in page and "对话记录（Rasa tracker store）：0" in page
    assert "数据删除未完成" not in client.get("/console/tickets").text
