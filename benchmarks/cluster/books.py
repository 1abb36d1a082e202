"""The books after a load run or a drill: tickets, receipt mails, code mails, duplicates, lost turns.

Mail is read from the embedded sink's .eml files as the person would read it; tickets from the cluster's
PostgreSQL database by the conversation they came from.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, text

CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
TICKET = re.compile(r"DSR-[2-9A-HJKMNP-Z]{6}")


@dataclass
class Mail:
    message_id: str
    to: str
    ticket: str | None
    code: str | None


class MailSink:
    """The sink directory, read incrementally: each .eml parsed once."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._seen: set[str] = set()
        self.mails: list[Mail] = []

    def refresh(self) -> None:
        for path in self.directory.glob("*.eml"):
            if path.name in self._seen:
                continue
            self._seen.add(path.name)
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            body = message.get_body(preferencelist=("plain",))
            content = body.get_content() if body else ""
            ticket = TICKET.search(content)
            code = None if ticket else CODE.search(content)
            self.mails.append(
                Mail(
                    message_id=str(message.get("Message-ID", path.name)),
                    to=str(message.get("To", "")),
                    ticket=ticket.group(0) if ticket else None,
                    code=code.group(0) if code else None,
                )
            )

    def to(self, address: str) -> list[Mail]:
        return [mail for mail in self.mails if address in mail.to]

    def code_for(self, address: str) -> str | None:
        """The newest code mailed to `address`, if one arrived."""
        self.refresh()
        codes = [mail.code for mail in self.to(address) if mail.code]
        return codes[-1] if codes else None


@dataclass
class Request:
    """One request conversation of the load: what the person saw."""

    conversation_id: str
    address: str
    codes_shown: int = 0  # code mails the person was told to expect (one, or more after a resend)
    ticket: str | None = None  # the id the assistant showed at the end
    kept: bool = False  # the confirmation was answered "kept for later" (the backend was down)

    @property
    def completed(self) -> bool:
        """The person got to the end: an id shown, or the promise that the request is filed later."""
        return bool(self.ticket) or self.kept


@dataclass
class Books:
    completed: int = 0
    kept: int = 0  # of the completed: kept while the backend was down, filed afterwards
    tickets: int = 0
    receipts: int = 0
    code_mails: int = 0
    problems: list[str] = field(default_factory=list)
    duplicate_mails: int = 0
    stray_tickets: int = 0

    @property
    def balanced(self) -> bool:
        return not self.problems and not self.duplicate_mails and not self.stray_tickets

    def report(self) -> str:
        lines = [
            f"books: {self.completed} completed requests ({self.kept} kept, then filed), "
            f"{self.tickets} tickets, {self.receipts} receipt mails, "
            f"{self.code_mails} code mails, {self.duplicate_mails} duplicate mails, "
            f"{self.stray_tickets} tickets without a completed, verified conversation",
            "books balanced" if self.balanced else f"BOOKS NOT BALANCED ({len(self.problems)} problems)",
        ]
        lines += [f"  - {problem}" for problem in self.problems[:20]]
        return "\n".join(lines)


def check_books(requests: list[Request], sink: MailSink, database_url: str, since: datetime) -> Books:
    """The books of the tickets filed since `since` in the cluster's database."""
    sink.refresh()
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, conversation_id, verified_at FROM tickets WHERE created_at >= :since"),
            {"since": since},
        ).all()
    engine.dispose()
    return balance(requests, sink.mails, [(row[0], row[1], row[2]) for row in rows])


def balance(requests: list[Request], mails: list[Mail], rows: list[tuple[str, str | None, object]]) -> Books:
    """Each completed request: exactly one ticket, one receipt, one code mail per code shown.

    `rows` are (ticket id, conversation id, verified at). A request kept while the backend was down has
    no id in its conversation; its ticket is the one filed later from that conversation.
    """
    books = Books()
    by_conversation: dict[str, list[str]] = {}
    for ticket_id, conversation, verified_at in rows:
        by_conversation.setdefault(conversation or "", []).append(ticket_id)
        if verified_at is None:
            books.problems.append(f"{ticket_id} has no verification")
    completed = {r.conversation_id for r in requests if r.completed}
    books.stray_tickets = sum(len(ids) for conv, ids in by_conversation.items() if conv not in completed)
    message_ids = [mail.message_id for mail in mails]
    books.duplicate_mails = len(message_ids) - len(set(message_ids))
    for request in requests:
        if not request.completed:
            continue
        books.completed += 1
        books.kept += request.kept
        tickets = by_conversation.get(request.conversation_id, [])
        books.tickets += len(tickets)
        shown = request.ticket or (tickets[0] if request.kept and len(tickets) == 1 else None)
        to_person = [mail for mail in mails if request.address in mail.to]
        receipts = [m for m in to_person if m.ticket]
        codes = [m for m in to_person if m.code]
        books.receipts += len(receipts)
        books.code_mails += len(codes)
        if shown is None:
            books.problems.append(f"{request.conversation_id}: kept, then {len(tickets)} tickets filed")
        elif tickets != [shown]:
            books.problems.append(f"{request.conversation_id}: shown {shown}, tickets {tickets}")
        if shown is not None and [m.ticket for m in receipts] != [shown]:
            books.problems.append(f"{shown}: {len(receipts)} receipt mails")
        if len(codes) != request.codes_shown:
            books.problems.append(
                f"{request.conversation_id}: {len(codes)} code mails for {request.codes_shown} shown"
            )
    return books
