"""The drills' books: a request kept while the backend was down and filed later is a completed one."""

from __future__ import annotations

from datetime import datetime, timezone

from benchmarks.cluster.books import Mail, Request, balance

VERIFIED = datetime(2026, 12, 2, 12, 0, tzinfo=timezone.utc)


def request(conversation: str, *, ticket: str | None = None, kept: bool = False) -> Request:
    return Request(f"rest:{conversation}", f"{conversation}@example.com", 1, ticket, kept)


def mails(conversation: str, ticket: str) -> list[Mail]:
    """One code mail and one receipt, as the backend sends them."""
    to = f"{conversation}@example.com"
    code = Mail(f"<code-{conversation}>", to, None, "123456")
    return [code, Mail(f"<receipt-{conversation}>", to, ticket, None)]


def test_a_kept_request_filed_later_balances() -> None:
    books = balance(
        [request("a", ticket="DSR-AAAAAA"), request("b", kept=True)],
        mails("a", "DSR-AAAAAA") + mails("b", "DSR-BBBBBB"),
        [("DSR-AAAAAA", "rest:a", VERIFIED), ("DSR-BBBBBB", "rest:b", VERIFIED)],
    )
    assert books.balanced, books.report()
    assert (books.completed, books.kept, books.tickets, books.receipts) == (2, 1, 2, 2)


def test_a_ticket_from_a_conversation_that_never_finished_is_stray() -> None:
    unfinished = Request("rest:c", "c@example.com", 1)  # code shown, no confirmation answered
    books = balance([unfinished], mails("c", "DSR-CCCCCC"), [("DSR-CCCCCC", "rest:c", VERIFIED)])
    assert books.stray_tickets == 1 and not books.balanced


def test_a_kept_request_never_filed_is_a_problem() -> None:
    books = balance([request("d", kept=True)], mails("d", "DSR-DDDDDD")[:1], [])
    assert not books.balanced and "kept, then 0 tickets filed" in books.report()


def test_a_kept_request_filed_twice_is_a_problem() -> None:
    rows = [("DSR-EEEEEE", "rest:e", VERIFIED), ("DSR-FFFFFF", "rest:e", VERIFIED)]
    books = balance([request("e", kept=True)], mails("e", "DSR-EEEEEE"), rows)
    assert not books.balanced and "kept, then 2 tickets filed" in books.report()


def test_a_kept_ticket_without_verification_is_a_problem() -> None:
    books = balance([request("g", kept=True)], mails("g", "DSR-GGGGGG"), [("DSR-GGGGGG", "rest:g", None)])
    assert not books.balanced and "DSR-GGGGGG has no verification" in books.report()
