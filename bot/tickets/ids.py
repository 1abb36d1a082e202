"""Ticket ids shown to users: short, readable aloud, and not guessable."""

from __future__ import annotations

import re
import secrets

# No 0/O, 1/I/L: users read these ids out on the phone and type them into the chat.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 6
PATTERN = re.compile(rf"^DSR-[{ALPHABET}]{{{LENGTH}}}$")


def new_ticket_id() -> str:
    """About 8.9e8 possibilities drawn from the OS CSPRNG, so ids reveal neither count nor order."""
    return "DSR-" + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_ticket_id(raw: str) -> str:
    """Accept what users type (lower case, spaces, missing prefix) and return the canonical id."""
    text = re.sub(r"[\s_]", "", raw).upper()
    if not text.startswith("DSR-"):
        text = "DSR-" + text.removeprefix("DSR")
    return text


def is_ticket_id(value: str) -> bool:
    """True for a well-formed id; says nothing about whether the ticket exists."""
    return bool(PATTERN.fullmatch(value))
