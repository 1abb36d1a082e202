"""The stores outside the DSR database that hold a person's traces, each with how to remove them.

Erasure (by person) and retention (by age) both go through these, so each store has one owner of
how its rows are found and deleted. None imports Rasa: the tracker store is read as the table Rasa's
SQLTrackerStore writes (`events`: sender_id, timestamp, …).
"""

from __future__ import annotations

import email.parser
import email.policy
import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, inspect, select, text
from sqlalchemy.engine import Engine

from bot.intake.pending_model import PendingFiling, pending_engine


@dataclass(frozen=True)
class ExternalStores:
    """Where the tracker store, the mail sink and the action server's pending requests live."""

    tracker: Engine | None
    sink_dir: Path | None
    pending_path: Path | None


def _has_events_table(engine: Engine) -> bool:
    """False before Rasa's first save; an unreachable database raises (never "nothing to erase")."""
    with engine.connect() as connection:
        return bool(inspect(connection).has_table("events"))


def delete_conversations(
    engine: Engine | None, conversation_ids: Collection[str], *, dry_run: bool = False
) -> int:
    """Every event of these conversations, across all their sessions; returns the rows (to be) removed."""
    if engine is None or not conversation_ids or not _has_events_table(engine):
        return 0
    verb = "SELECT COUNT(*)" if dry_run else "DELETE"
    removed = 0
    with engine.begin() as connection:
        for conversation_id in sorted(conversation_ids):
            statement = text(f"{verb} FROM events WHERE sender_id = :id")
            result = connection.execute(statement, {"id": conversation_id})
            removed += int(result.scalar() or 0) if dry_run else result.rowcount or 0
    return removed


def idle_conversations(engine: Engine | None, *, last_before: datetime) -> dict[str, float]:
    """Conversations whose newest event is older than `last_before`, with that event's time."""
    if engine is None or not _has_events_table(engine):
        return {}
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT sender_id, MAX(timestamp) FROM events GROUP BY sender_id HAVING MAX(timestamp) < :t"
            ),
            {"t": last_before.timestamp()},
        )
        return {str(sender): float(newest) for sender, newest in rows}


def conversation_lines(engine: Engine | None, conversation_id: str) -> list[dict[str, object]]:
    """The stored user and bot messages of one conversation (as stored: contact data masked)."""
    if engine is None or not _has_events_table(engine):
        return []
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT type_name, timestamp, data FROM events"
                " WHERE sender_id = :id AND type_name IN ('user', 'bot') ORDER BY id"
            ),
            {"id": conversation_id},
        )
        lines = []
        for type_name, timestamp, data in rows:
            message = json.loads(data or "{}").get("text")
            if message:
                lines.append({"who": type_name, "at": timestamp, "text": str(message)})
    return lines


def sink_mail_to(sink_dir: Path | None, address: str) -> list[tuple[str, str]]:
    """(subject, plain text) of the mail the embedded SMTP server received for this address."""
    found = []
    for path in _sink_files(sink_dir):
        if address.strip().lower() not in _recipients(path):
            continue
        message = email.parser.BytesParser(policy=email.policy.default).parsebytes(path.read_bytes())
        body = message.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
        found.append((str(message.get("Subject", "")), body.get_content() if body is not None else ""))
    return found


def _sink_files(sink_dir: Path | None) -> Iterator[Path]:
    if sink_dir is None or not sink_dir.is_dir():
        return iter(())
    return iter(sorted(sink_dir.glob("*.eml")))


def _recipients(path: Path) -> str:
    with path.open("rb") as handle:
        headers = email.parser.BytesHeaderParser(policy=email.policy.default).parse(handle)
    return f"{headers.get('To', '')},{headers.get('Cc', '')}".lower()


def delete_sink_mail_to(sink_dir: Path | None, address: str) -> int:
    """Mail the embedded SMTP server received for this address; returns the files removed."""
    removed = 0
    for path in _sink_files(sink_dir):
        if address.strip().lower() in _recipients(path):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def delete_sink_mail_before(sink_dir: Path | None, before: datetime, *, dry_run: bool = False) -> int:
    """Mail files received before `before` (by file time); returns how many were (or would be) removed."""
    removed = 0
    for path in _sink_files(sink_dir):
        if path.stat().st_mtime < before.timestamp():
            if not dry_run:
                path.unlink(missing_ok=True)
            removed += 1
    return removed


def delete_pending(pending_path: Path | None, ticket_ids: Collection[str]) -> int:
    """The action server's kept requests that became these tickets; returns the rows removed."""
    if pending_path is None or not pending_path.exists() or not ticket_ids:
        return 0
    engine = pending_engine(pending_path)  # an older file is migrated first, like the action server does
    try:
        with engine.begin() as connection:
            query = delete(PendingFiling).where(PendingFiling.ticket_id.in_(list(ticket_ids)))
            return int(connection.execute(query).rowcount)
    finally:
        engine.dispose()


def delete_done_pending_before(pending_path: Path | None, before: datetime, *, dry_run: bool = False) -> int:
    """Rows of requests filed, or refused and reported, before `before` (no contact data left by then)."""
    if pending_path is None or not pending_path.exists():
        return 0
    engine = pending_engine(pending_path)
    old = (PendingFiling.state.in_(("filed", "failed")), PendingFiling.updated_at < before)
    try:
        with engine.begin() as connection:
            if dry_run:
                count = select(func.count()).select_from(PendingFiling).where(*old)
                return int(connection.execute(count).scalar_one())
            return int(connection.execute(delete(PendingFiling).where(*old)).rowcount)
    finally:
        engine.dispose()
