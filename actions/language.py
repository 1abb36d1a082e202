"""The language an action answers in, read from the tracker: one function every action uses."""

from __future__ import annotations

from rasa_sdk import Tracker

from bot.language import Language, effective_language
from bot.slots import LANGUAGE, LANGUAGE_PREFERENCE


def language_of(tracker: Tracker) -> Language:
    """`language_preference` when the person asked for one, else the language they last wrote in, else zh."""
    return effective_language(tracker.get_slot(LANGUAGE), tracker.get_slot(LANGUAGE_PREFERENCE))


def language_of_slots(slots: dict[str, object]) -> Language:
    """The same, from the raw slot dict a tracker is posted with (the action server's middleware)."""
    return effective_language(slots.get(LANGUAGE), slots.get(LANGUAGE_PREFERENCE))
