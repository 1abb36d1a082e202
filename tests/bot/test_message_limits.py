from __future__ import annotations

import pytest

from bot.message_limits import check_message


@pytest.mark.parametrize("text", [None, "", "   ", "\n\t　"])
def test_empty_messages_get_a_prompt(text: str | None) -> None:
    verdict = check_message(text, max_chars=2000)
    assert not verdict.accepted
    assert verdict.reply is not None and "空消息" in verdict.reply


def test_message_at_the_limit_is_accepted() -> None:
    assert check_message("隐" * 2000, max_chars=2000).accepted


def test_message_over_the_limit_is_refused_naming_both_lengths() -> None:
    verdict = check_message("隐" * 10_000, max_chars=2000)
    assert not verdict.accepted
    assert verdict.reply is not None
    assert "10000" in verdict.reply and "2000" in verdict.reply


@pytest.mark.parametrize("text", ["你好", "<script>alert(1)</script>", "/greet", "a\x00b"])
def test_ordinary_messages_pass(text: str) -> None:
    assert check_message(text, max_chars=2000).accepted
