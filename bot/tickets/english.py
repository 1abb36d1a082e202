"""The requester-facing labels of bot/tickets/states.py in English, for mail to a request filed in English.

Staff pages stay Chinese; only what the requester reads follows the ticket's `language`.
"""

from __future__ import annotations

from datetime import datetime

from bot.tickets.deadlines import local_date
from bot.tickets.states import REJECTION_TEXT, STATUS_TEXT, TYPE_TEXT, RejectionReason, Status, TicketType

TYPE_TEXT_EN: dict[TicketType, str] = {
    TicketType.ACCESS: "access to personal information",
    TicketType.CORRECTION: "correction of personal information",
    TicketType.DELETION: "deletion of personal information",
    TicketType.ACCOUNT_CLOSURE: "account closure",
}
STATUS_TEXT_EN: dict[Status, str] = {
    Status.RECEIVED: "received",
    Status.IN_PROGRESS: "in progress",
    Status.AWAITING_REQUESTER: "waiting for more information from you",
    Status.COMPLETED: "completed",
    Status.REJECTED: "rejected",
    Status.WITHDRAWN: "withdrawn",
}
REJECTION_TEXT_EN: dict[RejectionReason, str] = {
    RejectionReason.LEGAL_OBLIGATION: "it relates to our obligations under laws and regulations",
    RejectionReason.NATIONAL_SECURITY: "it relates directly to national security or national defence",
    RejectionReason.PUBLIC_INTEREST: (
        "it relates directly to public safety, public health or a major public interest"
    ),
    RejectionReason.CRIMINAL_JUSTICE: (
        "it relates directly to criminal investigation, prosecution, trial or the enforcement of judgments"
    ),
    RejectionReason.ABUSE_OF_RIGHTS: (
        "there is sufficient evidence that the request is malicious or an abuse of rights"
    ),
    RejectionReason.VITAL_INTERESTS: (
        "it serves to protect major lawful rights such as the life or property of you or another person, "
        "and your consent is hard to obtain"
    ),
    RejectionReason.HARM_TO_OTHERS: (
        "answering it would seriously harm the lawful rights of you or other persons or organisations"
    ),
    RejectionReason.TRADE_SECRET: "it involves trade secrets",
    RejectionReason.IDENTITY_NOT_VERIFIED: "we could not verify your identity",
    RejectionReason.NOT_CONTROLLER: (
        "the personal information is processed by a Megvii customer as its controller; "
        "please make the request to that customer directly"
    ),
    RejectionReason.OTHER: "other reasons",
}
MONTHS = (  # English month names, January first (also read by the renderings test)
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def english_day(year: int, month: int, day: int) -> str:
    """8 May 2026: the one English date format (mails and chat replies)."""
    return f"{day} {MONTHS[month - 1]} {year}"


def date_text_en(moment: datetime) -> str:
    """8 May 2026, in China time like the Chinese date."""
    day = local_date(moment)
    return english_day(day.year, day.month, day.day)


def type_text(kind: TicketType, language: str) -> str:
    """The request type as the requester's mail names it."""
    return TYPE_TEXT_EN[kind] if language == "en" else TYPE_TEXT[kind]


def status_text(status: Status, language: str) -> str:
    return STATUS_TEXT_EN[status] if language == "en" else STATUS_TEXT[status]


def rejection_text(reason: RejectionReason, language: str) -> str:
    return REJECTION_TEXT_EN[reason] if language == "en" else REJECTION_TEXT[reason]


def date_text(moment: datetime, language: str) -> str:
    """2026年5月8日 or 8 May 2026: dates the way the requester's language writes them (China time)."""
    if language == "en":
        return date_text_en(moment)
    day = local_date(moment)
    return f"{day.year}年{day.month}月{day.day}日"
