"""What a verified requester submits, and the checks that name the first bad field."""

from __future__ import annotations

from dataclasses import dataclass

from bot.contact import PHONE_NUMBER
from bot.language import DEFAULT, LANGUAGES
from bot.mail.addresses import InvalidAddress, validate_address
from bot.tickets.errors import InvalidTicketField
from bot.tickets.states import Scenario, TicketType, parse_enum

_LIMITS = {"name": 100, "details": 5000, "channel": 32, "conversation_id": 128}


@dataclass(frozen=True)
class NewTicket:
    """What a verified requester submits; validated by file_ticket."""

    type: str
    scenario: str
    name: str
    email: str
    details: str
    channel: str
    phone: str | None = None
    conversation_id: str | None = None
    language: str | None = "zh"  # absent on the wire: zh


def validate_new_ticket(new: NewTicket) -> NewTicket:
    """Check every field, naming the first bad one, and return trimmed values (the API calls it first)."""
    parse_enum(TicketType, new.type, "type")
    parse_enum(Scenario, new.scenario, "scenario")
    for field in ("name", "details", "channel"):
        value = getattr(new, field)
        if not isinstance(value, str) or not value.strip():
            raise InvalidTicketField(field, f"{field} is required")
    for field, limit in _LIMITS.items():
        value = getattr(new, field)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            raise InvalidTicketField(field, f"{field} must be text of at most {limit} characters")
    for field in ("name", "channel", "conversation_id"):
        value = getattr(new, field)
        if value and not value.isprintable():  # CR/LF would forge lines in the console and the logs
            raise InvalidTicketField(field, f"{field} must not contain control characters")
    if "\x00" in new.details:  # PostgreSQL cannot store a NUL (it answered 500); line breaks are fine
        raise InvalidTicketField("details", "details must not contain a NUL character")
    try:
        email = validate_address(new.email)
    except InvalidAddress:
        raise InvalidTicketField("email", "email is not a valid address") from None
    language = new.language or DEFAULT
    if language not in LANGUAGES:
        raise InvalidTicketField("language", "language must be zh or en")
    phone = new.phone.strip() if isinstance(new.phone, str) and new.phone.strip() else None
    if phone is not None and not PHONE_NUMBER.fullmatch(phone):
        raise InvalidTicketField("phone", "phone is not a valid number")
    return NewTicket(
        type=new.type,
        scenario=new.scenario,
        name=new.name.strip(),
        email=email,
        details=new.details.strip(),
        channel=new.channel.strip(),
        phone=phone,
        conversation_id=new.conversation_id,
        language=language,
    )
