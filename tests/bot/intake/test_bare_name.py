"""A bare name typed at another prompt is kept only with a common surname and no request word."""

from __future__ import annotations

from bot.intake.bare_name import bare_name


def test_bare_name_only_with_a_surname_and_no_keyword() -> None:
    assert bare_name("王明") == "王明"
    assert bare_name("Li Lei") == "Li Lei"
    assert bare_name("谢谢") is None
    assert bare_name("售后") is None
    assert bare_name("好的") is None
