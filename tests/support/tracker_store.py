"""A Rasa SQLTrackerStore `events` table with user turns, for the review inbox's tests."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.engine import Engine

# The columns of Rasa's SQLTrackerStore `events` table.
SCHEMA = (
    "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255), type_name VARCHAR(255), "
    "timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"
)


def user_event(
    message: str,
    intent: str,
    confidence: float,
    ranking: list[tuple[str, float]] | None = None,
    topic: str | None = None,
) -> dict[str, object]:
    """A user event as Rasa stores it, with the parse result (and the FAQ topic the selector chose)."""
    parse_data: dict[str, object] = {
        "text": message,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking or [(intent, confidence)]],
    }
    if topic:
        parse_data["response_selector"] = {
            "faq": {"response": {"intent_response_key": topic, "confidence": 0.5}}
        }
    return {"event": "user", "text": message, "parse_data": parse_data}


def fill_tracker_store(engine: Engine, events: Iterable[tuple[str, dict[str, object]]]) -> None:
    """Create the table (when missing) and store (type_name, event) rows for one conversation."""
    with engine.begin() as connection:
        connection.execute(text(SCHEMA.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS")))
        for number, (type_name, data) in enumerate(events):
            connection.execute(
                text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES ('s1', :t, :ts, :d)"),
                {"t": type_name, "ts": float(number), "d": json.dumps(data, ensure_ascii=False)},
            )
