"""Strict address validation, so no user input can smuggle extra headers or recipients."""

from __future__ import annotations

from bot.contact import EMAIL_ADDRESS


class InvalidAddress(ValueError):
    """The text is not one plain email address."""


def validate_address(value: object) -> str:
    """Return the trimmed address or raise; CR, LF, commas and angle brackets never pass."""
    if not isinstance(value, str):
        raise InvalidAddress("email must be a string")
    candidate = value.strip()
    if len(candidate) > 254 or not EMAIL_ADDRESS.fullmatch(candidate):
        raise InvalidAddress("email is not a valid address")
    return candidate


def is_valid_address(value: object) -> bool:
    """Boolean form for callers that only branch on it."""
    try:
        validate_address(value)
    except InvalidAddress:
        return False
    return True
