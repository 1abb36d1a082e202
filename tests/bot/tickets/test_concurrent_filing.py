"""Races: many clients filing the same request at once still produce exactly one ticket."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from bot.db import session_scope
from bot.tickets import filing
from bot.tickets.errors import ConcurrentWrite, DuplicateTicket
from bot.tickets.models import Ticket
from tests.support.factories import new_ticket


def _file_with_retry(session_factory, cipher, clock, key: str | None) -> str:  # type: ignore[no-untyped-def]
    """What the API route does: retry a lost race once the winner is visible."""
    for _ in range(5):
        try:
            with session_scope(session_factory) as session:
                view, _ = filing.file_ticket(
                    session=session,
                    cipher=cipher,
                    new=new_ticket(),
                    verified_at=clock(),
                    now=clock(),
                    idempotency_key=key,
                )
                return view.id
        except ConcurrentWrite:
            continue
        except DuplicateTicket as duplicate:
            return f"duplicate:{duplicate.ticket_id}"
    raise AssertionError("never settled")


def _count(session_factory) -> int:  # type: ignore[no-untyped-def]
    with session_scope(session_factory) as session:
        return session.execute(select(func.count()).select_from(Ticket)).scalar_one()


def test_same_idempotency_key_in_parallel_gives_one_ticket(session_factory, cipher, clock) -> None:
    """Eight parallel retries with one key all get the same id."""
    with ThreadPoolExecutor(8) as pool:
        ids = set(pool.map(lambda _: _file_with_retry(session_factory, cipher, clock, "same-key"), range(8)))
    assert len(ids) == 1 and _count(session_factory) == 1


def test_parallel_duplicates_without_key_give_one_ticket(session_factory, cipher, clock) -> None:
    """Without a key the unique open-ticket key lets one win; the rest learn its id as a duplicate."""
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: _file_with_retry(session_factory, cipher, clock, None), range(8)))
    winners = [r for r in results if not r.startswith("duplicate:")]
    assert len(winners) == 1 and _count(session_factory) == 1
    assert {r.removeprefix("duplicate:") for r in results} == set(winners)
