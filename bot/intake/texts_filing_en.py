"""English twin of bot/intake/texts_filing.py, name for name and format field for format field."""

# ruff: noqa: E501  (a table of sentences: breaking them mid-phrase would make them harder to review)

from __future__ import annotations

from bot.intake.speech import CONTACT_EMAIL
from bot.tickets.english import english_day

SUMMARY = (
    "Please check your request:\n· Request type: {type}\n· Where the information comes from: {scenario}\n"
    "· Name: {name}\n· Email: {email} (verified)\n· Mobile: {phone}\n· Details: {details}\n"
    'If everything is right, reply "confirm" (or press "Confirm and file"); to change something just say '
    'so, e.g. "change my name to …", "use another email: …".'
)
PHONE_NOT_GIVEN = "not given"
SUMMARY_BUTTONS = (
    ("Confirm and file", "/affirm"),
    ("Change name", "change my name"),
    ("Change email", "change my email"),
    ("Change mobile", "change my mobile number"),
    ("Change details", "change the details"),
    ("Cancel request", "/stop"),
)

FILED = (
    "Your request has been filed!\nRequest number: {ticket_id}\nRequest type: {type_label}\n"
    "We will answer by: {due}\nWhat happens next: the privacy team will check and handle your request and will "
    "email you if they need more information; a confirmation has been sent to {email}. Please keep the request "
    'number: you can ask me "check my request" at any time.'
)
DUPLICATE = (
    "You already have a request of this type in progress: number {ticket_id}, status: {status_label}. "
    "We will not file a second one.\nAlso, under Part 7 of the policy reasonable requests are free of charge, "
    "but for repeated requests beyond a reasonable limit we may charge a reasonable cost within the law, or refuse."
)
KEPT_FOR_LATER = (
    "Sorry, the request system cannot be reached right now. Your request is saved safely and will be filed "
    "automatically when the system is back; the request number and deadline will then be emailed to {email}. "
    "You do not need to ask again."
)
FILING_FAILED = (
    "Sorry, the request could not be filed (the verification has expired or something was wrong). Please "
    f"start the request again, or email {CONTACT_EMAIL}."
)


def due_text(due_at: str | None) -> str:
    """ISO timestamp → 8 May 2026; the backend computes the working-day deadline."""
    if not due_at:
        return "the legal deadline"
    date = due_at[:10]
    try:
        year, month, day = (int(part) for part in date.split("-"))
        return english_day(year, month, day)
    except (ValueError, IndexError):
        return date
