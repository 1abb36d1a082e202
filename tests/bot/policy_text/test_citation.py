"""Citations name the policy, the section and the version date, in the house format."""

from __future__ import annotations

from bot.policy_text import PolicyDocument, PolicyIndex, format_citation, quote_passage


def test_chapter_citation(policy: PolicyDocument, policy_index: PolicyIndex) -> None:
    assert (
        format_citation(policy, policy_index.by_id["c7-6"])
        == "——出自《旷视个人信息与隐私保护政策》第七章“您的个人信息权利”，2021年5月7日版"
    )


def test_preface_and_history_are_cited_by_name(policy: PolicyDocument, policy_index: PolicyIndex) -> None:
    preface, history = policy_index.by_id["preface-2"], policy_index.by_id["history-1"]
    assert format_citation(policy, preface).endswith("》“前言”，2021年5月7日版")
    assert format_citation(policy, history).endswith("》“历史版本更新”，2021年5月7日版")


def test_quote_is_verbatim_and_ends_with_citation(policy: PolicyDocument, policy_index: PolicyIndex) -> None:
    passage = policy_index.by_id["c6-1"]
    quote = quote_passage(policy, passage)
    assert f"“{passage.text}”" in quote
    assert quote.endswith(format_citation(policy, passage))


def test_quoted_list_item_keeps_its_lead_in(policy: PolicyDocument, policy_index: PolicyIndex) -> None:
    quote = quote_passage(policy, policy_index.by_id["c7-18"])
    assert "但以下情形除外：……8) 涉及商业秘密的。" in quote
