"""Outbox against a real aiosmtpd server (bot.mail.sink): delivery, outage and restart."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from bot.db import make_engine, make_session_factory, session_scope
from bot.mail.mailer import SmtpMailer
from bot.mail.models import OutboxMessage
from bot.mail.sender import OutboxSender
from bot.mail.sink import start_sink
from bot.retry import RetryRules
from tests.support.factories import SECRET_EMAIL, file_ticket

RULES = RetryRules(base=0.05, cap=0.2, max_attempts=50)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def maildir(tmp_path: Path) -> Path:
    return tmp_path / "mail"


@pytest.fixture
def sink(maildir: Path, port: int) -> Iterator[Controller]:
    controller = start_sink(maildir, "127.0.0.1", port)
    yield controller
    controller.stop()


def _received(maildir: Path) -> list[email.message.EmailMessage]:
    """Messages the sink stored, one .eml file each."""
    if not maildir.exists():
        return []
    return [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)  # type: ignore[misc]
        for p in sorted(maildir.glob("*.eml"))
    ]


def _sender(session_factory, cipher, clock, port: int) -> OutboxSender:  # type: ignore[no-untyped-def]
    mailer = SmtpMailer(host="127.0.0.1", port=port, timeout=2)
    return OutboxSender(
        session_factory=session_factory,
        cipher=cipher,
        mailer=mailer,
        mail_from="旷视隐私保护 <privacy@megvii.local>",
        rules=RULES,
        clock=clock,
    )


async def test_message_arrives_as_one_eml_file(session_factory, cipher, clock, sink, maildir, port) -> None:
    """The sink stores the confirmation with Chinese subject and the ticket id."""
    ticket = file_ticket(session_factory, cipher, clock)
    assert await _sender(session_factory, cipher, clock, port).deliver_due() == 1
    [message] = _received(maildir)
    assert message["To"] == SECRET_EMAIL and ticket.id in message["Subject"]
    assert ticket.id in message.get_body(("plain",)).get_content()


async def test_smtp_outage_then_restart_delivers_exactly_once(
    session_factory, cipher, clock, maildir, port, db_engine
) -> None:
    """SMTP down -> retries recorded; restart (new engine and sender); server back -> exactly one copy."""
    file_ticket(session_factory, cipher, clock)
    before_restart = _sender(session_factory, cipher, clock, port)
    for _ in range(3):
        assert await before_restart.deliver_due() == 0
        clock.advance(seconds=1)
    with session_scope(session_factory) as session:
        row = session.execute(select(OutboxMessage)).scalar_one()
        assert row.attempts == 3 and row.delivered_at is None and row.last_error
        message_id = row.message_id

    # "Restart": nothing in memory survives, only the database.
    fresh_engine = make_engine(str(db_engine.url)) if db_engine.dialect.name == "sqlite" else db_engine
    fresh_factory = make_session_factory(fresh_engine)
    controller = start_sink(maildir, "127.0.0.1", port)
    try:
        after_restart = _sender(fresh_factory, cipher, clock, port)
        assert await after_restart.deliver_due() == 1
        clock.advance(seconds=5)
        assert await after_restart.deliver_due() == 0
    finally:
        controller.stop()
    [message] = _received(maildir)
    assert message["Message-ID"] == message_id
    with session_scope(fresh_factory) as session:
        row = session.execute(select(OutboxMessage)).scalar_one()
        assert row.delivered_at is not None and row.attempts == 4


async def test_sink_writes_complete_files_only(sink, maildir, port) -> None:
    """Readers never see temporary files: each delivered message is exactly one .eml."""
    import aiosmtplib

    for i in range(3):
        await aiosmtplib.send(
            f"Subject: t{i}\r\n\r\nbody".encode(),
            sender="a@example.com",
            recipients=["b@example.com"],
            hostname="127.0.0.1",
            port=port,
        )
    assert len(list(maildir.glob("*.eml"))) == 3 and not list(maildir.glob(".*.tmp"))
