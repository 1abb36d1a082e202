"""Passages: every part of the policy is addressable, with ids that do not move."""

from __future__ import annotations

import dataclasses

import pytest

from bot.policy_text import Passage, PolicyDocument, split_passages
from bot.policy_text.passages import passages_by_id

# A sample of the id → text contract that FAQ answers (metadata.passages) rely on.
EXPECTED = {
    "preface-1": "北京旷视科技有限公司及其关联公司",
    "c1-2": "联系地址：北京市海淀区科学院南路2号融科资讯中心A座3层",
    "c1-3": "联系方式：+86 400-6700-866",
    "c2.6-1": "默认合规（compliance by default）",
    "c3.1-1": "关于业务场景下的个人信息处理实践情况",
    "c3.2-7": "QQ 或微博登录授权",
    "c3.2-9": "与岗位申请无关的信息",
    "c3.3-1": "联机体验的个性化需求",
    "c3.3-2": "Do Not Track",
    "c5-1": "ISO 27001 和 ISO 27701",
    "c7-1": "我们可能需要先行验证您的身份",
    "c7-6": "business@megvii.com",
    "c7-18": "8) 涉及商业秘密的。",
    "c8-1": "不满 14 周岁",
    "c9-8": "6) 个人信息安全影响评估报告表明存在高风险时。",
    "history-3": "2020年7月30日版",
}


@pytest.fixture(scope="module")
def passages(policy: PolicyDocument) -> list[Passage]:
    return split_passages(policy)


@pytest.mark.parametrize(("passage_id", "fragment"), sorted(EXPECTED.items()))
def test_known_ids_hold_their_text(passages: list[Passage], passage_id: str, fragment: str) -> None:
    assert fragment in passages_by_id(passages)[passage_id].text


def test_ids_are_unique_and_deterministic(policy: PolicyDocument, passages: list[Passage]) -> None:
    again = split_passages(dataclasses.replace(policy))
    assert [p.id for p in again] == [p.id for p in passages]
    assert len({p.id for p in passages}) == len(passages) == 80


def test_every_chapter_and_the_history_have_passages(passages: list[Passage]) -> None:
    sections = {p.section_title for p in passages}
    assert len(sections) == 11
    assert {"前言", "历史版本更新", "您的个人信息权利", "我们如何处理儿童的个人信息"} <= sections


def test_every_policy_sentence_lands_in_some_passage(policy: PolicyDocument, passages: list[Passage]) -> None:
    contexts = "\n".join(p.context for p in passages)
    sentences = ("我们将不满 14 周岁的任何人均视为儿童", "均将统一存储在中国境内", "我们原则上不收取费用")
    for sentence in sentences:
        assert sentence in contexts


def test_headings_are_kept_with_their_paragraphs(passages: list[Passage]) -> None:
    by_id = passages_by_id(passages)
    assert by_id["c3.2-5"].heading == "售后与支持"
    assert by_id["c3.2-5"].subsection_title == "旷视网站的个人信息处理"
    assert by_id["c7-5"].heading == "应聘我们的岗位"
    assert by_id["c2.3-2"].subsection_title == "透明必要"


def test_list_items_carry_the_sentence_introducing_them(passages: list[Passage]) -> None:
    item = passages_by_id(passages)["c7-15"]
    assert item.kind == "bullet"
    assert item.lead == "一般而言，我们会在法律法规规定的期限内尽快回复，但以下情形除外："


def test_markdown_bold_is_not_part_of_the_text(passages: list[Passage]) -> None:
    assert all("**" not in p.text for p in passages)


def test_duplicate_ids_are_refused(passages: list[Passage]) -> None:
    with pytest.raises(ValueError):
        passages_by_id([passages[0], passages[0]])
