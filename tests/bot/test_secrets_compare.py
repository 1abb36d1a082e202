"""Finding 9: presented secrets with non-ASCII characters are wrong, never a 500."""

from __future__ import annotations

import pytest

from bot.secrets_compare import bearer_token, same_secret


@pytest.mark.parametrize(
    ("presented", "expected", "result"),
    [
        ("abc", "abc", True),
        (b"abc", "abc", True),
        ("abd", "abc", False),
        ("令牌", "abc", False),
        ("\udcff", "abc", False),
        (None, "abc", False),
        ("", "", False),
        ("abc", "", False),
    ],
)
def test_same_secret(presented: str | bytes | None, expected: str, result: bool) -> None:
    assert same_secret(presented, expected) is result


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer t1", "t1"),
        ("bearer  t1 ", "t1"),
        (b"Bearer t1", b"t1"),
        ("Basic t1", None),
        ("", None),
        (None, None),
    ],
)
def test_bearer_token(header: str | bytes | None, token: str | bytes | None) -> None:
    assert bearer_token(header) == token
