"""BM25 retrieval finds the passage that answers, and the confidence rule refuses what the policy lacks."""

from __future__ import annotations

import pytest

from bot.policy_text import ConfidenceRule, Hit, PolicyIndex, tokenize

ANSWERABLE = [
    ("人工智能道德委员会是什么形式的", "c2.5-2"),
    ("简历里有与岗位申请无关的信息会怎样处理", "c3.2-9"),
    ("像素标签和网站信标是什么", "c3.3-1"),
    ("浏览器启用 Do Not Track 你们尊重吗", "c3.3-2"),
    ("ISO 27701 认证", "c5-1"),
    ("个人信息出境安全评估", "c6-2"),
    ("多次重复的请求收取成本费用吗", "c7-9"),
    ("涉及商业秘密的请求", "c7-18"),
    ("儿童监护人事先同意", "c8-1"),
    ("安全影响评估报告高风险", "c9-8"),
]
UNANSWERABLE = ["今天天气怎么样", "帮我写一首诗", "茅台股价多少", "你们食堂几点开饭", "员工年终奖发多少"]


def test_tokens_are_normalised_and_split() -> None:
    tokens = tokenize("ISO27001认证？Cookie")
    assert {"iso", "27001", "认证", "cookie"} <= set(tokens)
    assert "？" not in tokens
    assert tokenize("吗？什么") == []


@pytest.mark.parametrize(("question", "passage_id"), ANSWERABLE)
def test_best_passage_answers(policy_index: PolicyIndex, question: str, passage_id: str) -> None:
    result = policy_index.search(question)
    assert result.best is not None and result.best.passage.id == passage_id
    assert result.confident


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_off_policy_questions_are_not_answered(policy_index: PolicyIndex, question: str) -> None:
    assert not policy_index.search(question).confident


def test_hits_are_ranked_by_score(policy_index: PolicyIndex) -> None:
    hits = policy_index.search("Cookie 浏览器 偏好", k=5).hits
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_rule_needs_both_score_and_coverage(policy_index: PolicyIndex) -> None:
    passage = policy_index.by_id["c1-1"]
    rule = ConfidenceRule(min_score=5.0, min_coverage=0.5)
    assert rule.accepts(Hit(passage, score=5.0, coverage=0.5))
    assert not rule.accepts(Hit(passage, score=20.0, coverage=0.4))
    assert not rule.accepts(Hit(passage, score=4.9, coverage=1.0))


def test_new_policy_text_is_indexed_at_load(policy_index: PolicyIndex) -> None:
    import dataclasses

    added = "\n\n十、 新增章节\n\n我们新增了量子加密保护措施。"
    changed = dataclasses.replace(policy_index.document, text=policy_index.document.text + added)
    rebuilt = PolicyIndex(changed)
    result = rebuilt.search("量子加密保护措施")
    assert result.best is not None and result.best.passage.id == "c10-1"
