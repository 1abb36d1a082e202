"""A quoted sentence of the policy is found in its passage, and names the answers that cite it."""

from __future__ import annotations

import pytest

from bot.policy_text import Passage, load_policy, split_passages
from bot.policy_text.quoted_passage import quoted_passage_ids, topics_citing


@pytest.fixture(scope="module")
def passages() -> list[Passage]:
    return split_passages(load_policy())


def test_a_quoted_bullet_is_found_in_its_passage(passages: list[Passage]) -> None:
    asked = "第九章那句“个人信息安全影响评估报告表明存在高风险时”是什么意思"
    assert quoted_passage_ids(asked, passages) == ["c9-8"]


def test_a_quote_cut_with_an_ellipsis_is_found_by_its_pieces(passages: list[Passage]) -> None:
    asked = "「我们保留不时更新或修改本政策的权利……不会削减您按照本政策所应享有的权利」 这句话怎么理解"
    assert quoted_passage_ids(asked, passages) == ["c9-1"]


@pytest.mark.parametrize("asked", ["“今天天气真不错啊”是什么意思", "你们会保存我的简历多久", "“我们将”是谁"])
def test_no_quote_of_the_policy_names_no_passage(asked: str, passages: list[Passage]) -> None:
    assert quoted_passage_ids(asked, passages) == []


def test_the_answers_citing_a_passage_are_named() -> None:
    responses = {
        "utter_faq/major_changes": [{"text": "…", "metadata": {"passages": ["c9-2", "c9-8"]}}],
        "utter_faq/policy_updates": [{"text": "…", "metadata": {"passages": ["c9-1"]}}],
        "utter_faq/no_metadata": [{"text": "…"}],
    }
    assert topics_citing(["c9-8"], responses) == {"utter_faq/major_changes"}
    assert topics_citing(["c1-1"], responses) == set()
