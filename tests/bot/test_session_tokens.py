"""Signed widget session tokens: only what this server issued, unchanged and unexpired, is honoured."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.session_tokens import SessionSigner

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=timezone.utc)
SIGNER = SessionSigner("secret-one", timedelta(days=30))


def test_an_issued_token_names_its_session() -> None:
    token = SIGNER.issue(NOW)
    assert SIGNER.verify(token, NOW) == token.split(".")[0]


def test_another_servers_token_is_refused() -> None:
    assert SessionSigner("secret-two").verify(SIGNER.issue(NOW), NOW) is None


def test_an_expired_token_is_refused() -> None:
    token = SIGNER.issue(NOW)
    assert SIGNER.verify(token, NOW + timedelta(days=30, seconds=1)) is None
    assert SIGNER.verify(token, NOW + timedelta(days=29)) is not None


def test_a_token_from_the_future_is_refused() -> None:
    assert SIGNER.verify(SIGNER.issue(NOW + timedelta(hours=1)), NOW) is None


@pytest.mark.parametrize("part", [0, 1, 2])
def test_changing_any_part_breaks_the_token(part: int) -> None:
    pieces = SIGNER.issue(NOW).split(".")
    pieces[part] = pieces[part][:-1] + ("0" if pieces[part][-1] != "0" else "1")
    assert SIGNER.verify(".".join(pieces), NOW) is None


@pytest.mark.parametrize("token", [None, 5, "", "abc", "web:abc", "令牌.1.2", "a" * 500])
def test_garbage_is_refused_without_an_error(token: object) -> None:
    assert SIGNER.verify(token, NOW) is None


def test_without_a_secret_nothing_verifies() -> None:
    assert SessionSigner("").verify(SessionSigner("").issue(NOW), NOW) is None
