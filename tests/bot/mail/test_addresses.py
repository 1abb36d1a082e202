"""Only single plain addresses pass, so no header or recipient can be injected."""

from __future__ import annotations

import pytest

from bot.mail.addresses import InvalidAddress, is_valid_address, validate_address


@pytest.mark.parametrize("good", ["a@example.com", "zhang.san+dsr@mail.megvii.com", " x@y.cn "])
def test_plain_addresses_pass(good: str) -> None:
    """Ordinary addresses, trimmed."""
    assert validate_address(good) == good.strip()


@pytest.mark.parametrize(
    "bad",
    [
        "a@example.com\r\nBcc: victim@example.com",
        "a@example.com\nSubject: hi",
        "a@example.com, b@example.com",
        "Name <a@example.com>",
        "a@b",
        "a..b@example.com",
        "@example.com",
        "a@-example.com",
        "",
        "x" * 250 + "@example.com",
        None,
        42,
    ],
)
def test_injection_and_junk_are_refused(bad: object) -> None:
    """CR/LF, lists, display names and malformed values never validate."""
    with pytest.raises(InvalidAddress):
        validate_address(bad)
    assert not is_valid_address(bad)
