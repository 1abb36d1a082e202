"""Every FAQ answer is faithful to the passages it cites, and ends with the right citation.

"Faithful" is checked mechanically: numbers, Latin words (ISO, QQ, e-mail, URL), quoted terms, the
policy's key names and terms, and counts ("八种情形") in an answer must all be found in its passages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.policy_text import PolicyDocument, PolicyIndex, format_citation

FAQ_FILE = Path(__file__).resolve().parents[3] / "data" / "nlu" / "faq.yml"
# Names and terms of art from the policy; if an answer uses one, its passage must contain it.
_KEY_TERM_TEXT = (
    "北京旷视科技有限公司、关联公司、2011、物联网、AIoT、消费物联网、城市物联网、"
    "供应链物联网、海淀区、科学院南路、融科资讯中心、400-6700-866、网络安全法、"
    "民法典、个人信息安全规范、人工智能应用准则、人工智能道德行为规范、人工智能道德委员会、"
    "倡议书、默认合规、个人信息处理者、授权同意、供应商、联系电话、联系邮箱、公司名称、"
    "所在地、问卷调查、回访、调研、工单、售后支持申请入口、标题、分类、用户名、头像、"
    "个人描述、QQ、微博、手机号、出生日期、籍贯、学历、工作经历、像素标签、网站信标、"
    "Do Not Track、浏览器、等级保护、加密脱敏、权限管控、应急预案、监管部门、"
    "中国境内、出境安全评估、司法辖区、访问权、更正权、删除权、个人信息控制者、验证您的身份、"
    "成本费用、国家安全、国防安全、公共卫生、刑事侦查、滥用权利、商业秘密、监护人、"
    "14 周岁、企业客户、电子邮件、投诉渠道、高风险、破产并购、招聘系统、服务账号、"
    "执法机构、法庭、购买方、分类分级、奖惩、business@megvii.com、"
    "allaboutcookies"
)
KEY_TERMS = tuple(_KEY_TERM_TEXT.split("、"))
QUOTED = re.compile(r"[“《]([^”》]+)[”》]")
COUNT = re.compile(r"(?<![哪每某第])([一二两三四五六七八九十])(?:项|种|类|个部分|条|大)")
NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)} | {"两": 2}


def _load_responses() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(FAQ_FILE.read_text(encoding="utf-8"))
    return {name: variants[0] for name, variants in data["responses"].items()}


def _load_topics() -> dict[str, list[str]]:
    data = yaml.safe_load(FAQ_FILE.read_text(encoding="utf-8"))
    return {
        item["intent"]: [line[2:].strip() for line in item["examples"].splitlines() if line.strip()]
        for item in data["nlu"]
    }


RESPONSES = _load_responses()


def _body_and_context(name: str, policy_index: PolicyIndex) -> tuple[str, str, list[str]]:
    response = RESPONSES[name]
    ids = response["metadata"]["passages"]
    body = response["text"].rsplit("\n", 1)[0]
    context = "\n".join(policy_index.by_id[i].context for i in ids)
    return body, context, ids


def test_enough_topics_each_with_enough_examples() -> None:
    topics = _load_topics()
    assert len(topics) >= 45
    assert all(name.startswith("faq/") for name in topics)
    assert {f"utter_{name}" for name in topics} == set(RESPONSES)
    thin = {name: len(examples) for name, examples in topics.items() if len(examples) < 12}
    assert not thin


def test_every_passage_is_covered_by_some_answer(policy_index: PolicyIndex) -> None:
    cited = {pid for response in RESPONSES.values() for pid in response["metadata"]["passages"]}
    assert cited == set(policy_index.by_id)


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_answer_ends_with_the_citation_of_its_passages(
    name: str, policy: PolicyDocument, policy_index: PolicyIndex
) -> None:
    ids = RESPONSES[name]["metadata"]["passages"]
    citations = {format_citation(policy, policy_index.by_id[i]) for i in ids}
    assert len(citations) == 1, "an answer draws on one section, so it has one citation"
    assert RESPONSES[name]["text"].endswith("\n" + citations.pop())


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_numbers_latin_words_and_quotes_come_from_the_passage(name: str, policy_index: PolicyIndex) -> None:
    body, context, _ = _body_and_context(name, policy_index)
    for number in re.findall(r"\d+", body):
        assert number in context, f"number {number} is not in the cited passage"
    for word in re.findall(r"[A-Za-z]{2,}", body):
        assert word.lower() in context.lower(), f"{word} is not in the cited passage"
    for quoted in QUOTED.findall(body):
        assert quoted in context, f"“{quoted}” is not in the cited passage"


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_key_terms_come_from_the_passage(name: str, policy_index: PolicyIndex) -> None:
    body, context, _ = _body_and_context(name, policy_index)
    missing = [term for term in KEY_TERMS if term in body and term not in context]
    assert not missing


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_counts_match_the_enumerations_cited(name: str, policy_index: PolicyIndex) -> None:
    body, context, ids = _body_and_context(name, policy_index)
    passages = [policy_index.by_id[i] for i in ids]
    enumerations = {
        sum(p.kind == "bullet" for p in passages),
        len({p.subsection_no for p in passages if p.subsection_no}),
        len({p.heading for p in passages if p.heading}),
    }
    for match in COUNT.finditer(body):
        assert match.group(0) in context or NUMERALS[match.group(1)] in enumerations, match.group(0)


def test_no_answer_promises_a_number_of_days() -> None:
    # The policy only says "在法律法规规定的期限内尽快回复"; it never names a number of days.
    for name, response in RESPONSES.items():
        assert not re.search(r"\d+\s*(个)?(工作日|天|日内|小时)", response["text"]), name


def test_next_step_buttons_lead_to_the_request_flows() -> None:
    expected = {
        "utter_faq/delete_data": ("开始删除申请", "/request_deletion"),
        "utter_faq/access_data": ("开始查阅申请", "/request_access"),
        "utter_faq/correct_data": ("开始更正申请", "/request_correction"),
        "utter_faq/close_account": ("开始注销申请", "/request_account_closure"),
    }
    for name, button in expected.items():
        assert button in {(b["title"], b["payload"]) for b in RESPONSES[name]["buttons"]}


def test_training_examples_are_not_duplicated_across_topics() -> None:
    seen: dict[str, str] = {}
    for topic, examples in _load_topics().items():
        for example in examples:
            assert example not in seen, f"{example!r} in {topic} and {seen[example]}"
            seen[example] = topic
