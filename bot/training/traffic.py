"""Review inbox from real traffic: unclear user messages from the tracker store, masked and grouped.

The API the `make review` command and the console's trainer page share:
`build_inbox(bind, threshold=...) -> list[ReviewGroup]`, `write_inbox` / `read_inbox`, and
`apply_labels(groups, data_dir=...) -> ApplyReport`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from bot.training.inbox import ApplyReport, ReviewGroup, ReviewItem, carry_labels, read_inbox, write_inbox
from bot.training.labelling import apply_labels
from bot.training.masking import mask
from bot.training.text import bigrams, jaccard, normalise

__all__ = [
    "DEFAULT_THRESHOLD",
    "ApplyReport",
    "ReviewGroup",
    "ReviewItem",
    "UserMessage",
    "apply_labels",
    "build_inbox",
    "carry_labels",
    "group_messages",
    "message_key",
    "read_inbox",
    "user_messages",
    "write_inbox",
]
FALLBACK = "nlu_fallback"
DEFAULT_THRESHOLD = 0.6  # intent confidence below this counts as unclear
# Rasa's SQLTrackerStore keeps one row per event; user turns carry the parse result in `data`.
_USER_EVENTS = text("SELECT data FROM events WHERE type_name = 'user' ORDER BY id")


@dataclass(frozen=True)
class UserMessage:
    """A user turn as the model understood it (text still unmasked: mask before showing it)."""

    text: str
    intent: str
    predicted: str  # best real intent (or faq/<topic>) even when the fallback fired
    confidence: float

    @property
    def fell_back(self) -> bool:
        return self.intent == FALLBACK


def _predicted(parse_data: dict[str, object], intent: str) -> tuple[str, float]:
    """The best non-fallback guess, refined to faq/<topic> by the response selector."""
    ranking = [r for r in parse_data.get("intent_ranking") or [] if isinstance(r, dict)]
    best = next((r for r in ranking if r.get("name") != FALLBACK), None)
    name = str(best["name"]) if best else intent
    confidence = float(best.get("confidence") or 0.0) if best else 0.0
    if name == "faq":
        selector = parse_data.get("response_selector") or {}
        response = (selector.get("faq") or {}).get("response") or {} if isinstance(selector, dict) else {}
        key = response.get("intent_response_key")
        if key:
            name = str(key)
    return name, confidence


def parse_event(data: str) -> UserMessage | None:
    """One `events.data` JSON; None for turns nobody needs to review (button payloads, empty)."""
    event = json.loads(data)
    message = str(event.get("text") or "").strip()
    if not message or message.startswith("/"):
        return None
    parse_data = event.get("parse_data") or {}
    intent_info = parse_data.get("intent") or {}
    intent = str(intent_info.get("name") or "")
    predicted, best_confidence = _predicted(parse_data, intent)
    confidence = float(intent_info.get("confidence") or 0.0)
    if intent == FALLBACK:
        confidence = best_confidence
    return UserMessage(text=message, intent=intent, predicted=predicted, confidence=confidence)


def user_messages(bind: Engine | Connection | Session) -> list[UserMessage]:
    """Every user turn in the tracker store, oldest first."""
    if isinstance(bind, Engine):
        with bind.connect() as connection:
            rows = connection.execute(_USER_EVENTS).all()
    else:
        rows = bind.execute(_USER_EVENTS).all()
    parsed = (parse_event(row[0]) for row in rows if row[0])
    return [m for m in parsed if m is not None]


def _group_id(representative: str) -> str:
    return "g-" + hashlib.sha1(normalise(representative).encode("utf-8")).hexdigest()[:8]


def message_key(masked: str) -> str:
    """Masked messages that differ only in width, case, spaces or punctuation are one message."""
    return normalise(masked) or masked


def group_messages(
    messages: Iterable[UserMessage], *, similarity: float = 0.5, exclude: Collection[str] = frozenset()
) -> list[ReviewGroup]:
    """Mask, merge identical texts, gather similar ones (char-bigram Jaccard) round the most frequent.

    `exclude` holds `message_key`s a trainer already settled (filed or skipped): not offered again.
    """
    distinct: dict[str, list[UserMessage]] = {}
    masked_text: dict[str, str] = {}
    for message in messages:
        masked = mask(message.text)
        key = message_key(masked)
        if key in exclude:
            continue
        distinct.setdefault(key, []).append(message)
        masked_text.setdefault(key, masked)
    ordered = sorted(distinct, key=lambda k: (-len(distinct[k]), k))
    clusters: list[tuple[frozenset[str], list[str]]] = []
    for key in ordered:
        grams = bigrams(key)
        home = next((c for c in clusters if jaccard(c[0], grams) >= similarity), None)
        if home is None:
            clusters.append((grams, [key]))
        else:
            home[1].append(key)
    groups = []
    for _, keys in clusters:
        items = []
        for key in keys:
            seen = distinct[key]
            items.append(
                ReviewItem(
                    text=masked_text[key],
                    count=len(seen),
                    predicted=seen[-1].predicted,
                    confidence=min(m.confidence for m in seen),
                )
            )
        groups.append(ReviewGroup(id=_group_id(items[0].text), items=tuple(items)))
    return sorted(groups, key=lambda g: (-g.size, g.id))


def build_inbox(
    bind: Engine | Connection | Session,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    similarity: float = 0.5,
    exclude: Collection[str] = frozenset(),
) -> list[ReviewGroup]:
    """Messages that fell to nlu_fallback or scored below `threshold`, masked and grouped."""
    unclear = [m for m in user_messages(bind) if m.fell_back or m.confidence < threshold]
    return group_messages(unclear, similarity=similarity, exclude=exclude)
