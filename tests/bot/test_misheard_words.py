"""Misheard words are read as the words meant, one for one in length."""

from __future__ import annotations

import pytest

from bot.misheard_words import MEANT, correct_misheard


def test_dictated_homophones_are_read_as_the_words_meant() -> None:
    assert correct_misheard("帮我山除况视那边的个人信心") == "帮我删除旷视那边的个人信息"
    assert correct_misheard("我要注消帐号") == "我要注销帐号"
    assert correct_misheard("我孙子12岁算儿重吗 油箱是abc@qq.com") == "我孙子12岁算儿童吗 邮箱是abc@qq.com"


@pytest.mark.parametrize(("heard", "meant"), sorted(MEANT.items()))
def test_every_reading_keeps_the_length(heard: str, meant: str) -> None:
    assert len(heard) == len(meant) and heard != meant


def test_right_words_and_other_text_are_left_alone() -> None:
    for text in ("删除我的个人信息", "我对旷视有信心", "email: a@b.cn"):
        assert correct_misheard(text) == text
