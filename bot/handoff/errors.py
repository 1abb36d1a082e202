"""Typed handoff errors, translated once at each edge."""

from __future__ import annotations


class HandoffError(Exception):
    code = "handoff_error"


class HandoffNotFound(HandoffError):
    code = "not_found"


class AlreadyTaken(HandoffError):
    """Another agent has this conversation; `agent_name` says who."""

    code = "already_taken"

    def __init__(self, agent_name: str) -> None:
        super().__init__(f"already taken by {agent_name}")
        self.agent_name = agent_name


class NotYours(HandoffError):
    """Only the agent who took the conversation replies to it or ends it."""

    code = "not_yours"


class HandoffClosed(HandoffError):
    """The handoff has ended; nothing more can be sent through it."""

    code = "ended"


class InvalidHandoffField(HandoffError):
    code = "validation_error"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class RasaUnavailable(HandoffError):
    """The Rasa HTTP API did not answer or refused; the agent is told, nothing is lost."""

    code = "rasa_unavailable"


class ConcurrentEscalation(HandoffError):
    """Two escalations of one conversation raced; retrying returns the one that won."""

    code = "conflict"
