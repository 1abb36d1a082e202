"""A bare policy keyword is told apart from a short message the policy does not contain."""

from __future__ import annotations

import pytest

from bot.policy_text.document import load_policy
from bot.policy_text.keyword_query import is_policy_keyword, policy_words


@pytest.fixture(scope="module")
def words() -> str:
    return policy_words(load_policy().text)


@pytest.mark.parametrize("text", ["出境", "第三方？", "Cookie?", "删除权", " 儿童 "])
def test_a_term_of_the_policy_is_a_keyword(text: str, words: str) -> None:
    assert is_policy_keyword(text, words)


@pytest.mark.parametrize("text", ["天气", "抖音", "a", "?", "我想知道你们把我的个人信息存在哪里", "weather"])
def test_other_words_and_whole_questions_are_not(text: str, words: str) -> None:
    assert not is_policy_keyword(text, words)
