"""Handoff topics and the queues they route to; the one owner of topic names and labels."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum


class Topic(str, Enum):
    REQUEST = "request"  # a request (access, correction, deletion, closure, status) is under way
    POLICY = "policy"  # a question about the privacy policy
    COMPLAINT = "complaint"
    GENERAL = "general"


TOPIC_TEXT = {
    Topic.REQUEST.value: "个人信息申请",
    Topic.POLICY.value: "政策咨询",
    Topic.COMPLAINT.value: "投诉",
    Topic.GENERAL.value: "其他",
}
REQUEST_INTENTS = frozenset(
    {
        "request_access",
        "request_correction",
        "request_deletion",
        "request_account_closure",
        "check_request_status",
    }
)


def topic_for(*, reason: str, recent_intents: Iterable[str], in_form: bool) -> Topic:
    """A complaint first, then a request under way, then a policy question, else general."""
    if reason == "complaint":
        return Topic.COMPLAINT
    intents = list(recent_intents)
    if in_form or reason == "validation" or any(name in REQUEST_INTENTS for name in intents):
        return Topic.REQUEST
    if reason == "fallback" or any(name == "faq" or name.startswith("faq/") for name in intents):
        return Topic.POLICY
    return Topic.GENERAL


def parse_topic(value: str | None) -> Topic:
    """Unknown or missing topics (older action servers) route to the general queue."""
    try:
        return Topic(value or Topic.GENERAL.value)
    except ValueError:
        return Topic.GENERAL


def parse_queues(value: str | None) -> tuple[str, ...]:
    """The stored comma list of an agent's queues, known topics only, in a stable order."""
    chosen = {part.strip() for part in (value or "").split(",")}
    return tuple(topic.value for topic in Topic if topic.value in chosen)


def format_queues(queues: Iterable[str]) -> str:
    return ",".join(parse_queues(",".join(queues)))
