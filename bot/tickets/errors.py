"""Typed ticket errors; the web layer and the bot translate each one exactly once."""

from __future__ import annotations


class TicketError(Exception):
    """Base class: every ticket refusal carries a stable machine code."""

    code = "ticket_error"


class TicketNotFound(TicketError):
    """No ticket has this id."""

    code = "not_found"

    def __init__(self, ticket_id: str) -> None:
        super().__init__(f"ticket {ticket_id} not found")
        self.ticket_id = ticket_id


class IllegalTransition(TicketError):
    """The lifecycle does not allow this move from the ticket's current status."""

    code = "illegal_transition"

    def __init__(self, current: str, target: str) -> None:
        super().__init__(f"cannot move a ticket from {current} to {target}")
        self.current = current
        self.target = target


class InvalidTicketField(TicketError):
    """A field is missing or has a value the service cannot accept; `field` names it."""

    code = "validation_error"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class ReasonRequired(InvalidTicketField):
    """A rejection needs one of the known reasons (and a text when the reason is `other`)."""

    code = "reason_required"


class DuplicateTicket(TicketError):
    """An open ticket of the same type exists for this contact; answer with its id instead."""

    code = "duplicate"

    def __init__(self, ticket_id: str, status: str) -> None:
        super().__init__(f"an open request of this type already exists: {ticket_id}")
        self.ticket_id = ticket_id
        self.status = status


class IdempotencyKeyReused(TicketError):
    """The same Idempotency-Key came with a different request body."""

    code = "idempotency_key_reused"


class ConcurrentWrite(TicketError):
    """Another transaction won a race on a unique key; the caller should retry once."""

    code = "conflict"
