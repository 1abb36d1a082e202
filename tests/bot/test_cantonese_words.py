"""Written Cantonese is read as Mandarin, one for one in length."""

from __future__ import annotations

import pytest

from bot.cantonese_words import MEANT, read_cantonese


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("幫我刪咗我嘅資料", "幫我刪了我的資料"),
        ("你哋有冇我嘅簡歷", "你们有没我的簡歷"),
        ("資料點樣改", "資料怎样改"),
        ("我係陳大文", "我是陳大文"),
        ("你係咪機械人", "你是否機械人"),
        ("唔好再send email俾我", "不要再send email给我"),
    ],
)
def test_cantonese_words_are_read_as_mandarin(typed: str, meant: str) -> None:
    assert read_cantonese(typed) == meant


@pytest.mark.parametrize(("word", "meant"), sorted(MEANT.items()))
def test_every_reading_keeps_the_length(word: str, meant: str) -> None:
    assert len(word) == len(meant) and word != meant


def test_mandarin_is_left_alone() -> None:
    for text in ("我们没关系", "我跟你們沒有關係", "请与我联係", "你们的政策呢？", "email: a@b.hk"):
        assert read_cantonese(text) == text
