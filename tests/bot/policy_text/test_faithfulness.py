"""Every FAQ answer is faithful to the passages it cites, quotes them verbatim and ends with their citation.

"Faithful" is checked mechanically: numbers, Latin words (ISO, QQ, e-mail, URL), quoted terms, the
policy's key names and terms, and counts ("八种情形") in an answer's summary must be found in its passages.
The line before the citation quotes the policy: `政策原文：“…”` (pieces cut with ……) must be the Chinese
passages' own words, the English variation's `Policy text: "…"` (pieces cut with …) the English rendering's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.policy_text import PolicyDocument, PolicyIndex, format_citation

ROOT = Path(__file__).resolve().parents[3]
FAQ_FILE = ROOT / "data" / "nlu" / "faq.yml"
PASSAGES_EN_FILE = ROOT / "data" / "policy" / "passages.en.yml"
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
ZH_QUOTE, ZH_CUT = re.compile(r"政策原文：“(.+)”"), "……"
EN_QUOTE, EN_CUT = re.compile(r'Policy text: "(.+)"'), "…"
SHORTEST_PIECE = 8  # a piece shorter than this ("我们", "the") would be found anywhere and prove nothing


def _load_responses() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(FAQ_FILE.read_text(encoding="utf-8"))
    return {name: variants[0] for name, variants in data["responses"].items()}


def _load_topics() -> dict[str, list[str]]:
    data = yaml.safe_load(FAQ_FILE.read_text(encoding="utf-8"))
    return {
        item["intent"]: [line[2:].strip() for line in item["examples"].splitlines() if line.strip()]
        for item in data["nlu"]
    }


def _load_variations() -> list[tuple[str, dict[str, Any]]]:
    data = yaml.safe_load(FAQ_FILE.read_text(encoding="utf-8"))
    return [(name, variant) for name, variants in data["responses"].items() for variant in variants]


RESPONSES = _load_responses()
VARIATIONS = _load_variations()
EN_PASSAGES: dict[str, str] = yaml.safe_load(PASSAGES_EN_FILE.read_text(encoding="utf-8"))["passages"]


def quote_pieces(text: str, quote: re.Pattern[str], cut: str) -> list[str]:
    """The pieces of the policy quote on the line before the citation; [] when that line is no quote."""
    lines = text.split("\n")
    match = quote.fullmatch(lines[-2]) if len(lines) > 2 else None
    return [piece.strip() for piece in match.group(1).split(cut)] if match else []


def misquotes(text: str, sources: list[str], quote: re.Pattern[str], cut: str) -> list[str]:
    """What in the answer's quote is not the sources' own words (or the whole quote, when it is missing)."""
    pieces = quote_pieces(text, quote, cut)
    if not pieces:
        return ["no policy quote on the line before the citation"]
    return [p for p in pieces if len(p) < SHORTEST_PIECE or not any(p in source for source in sources)]


def _summary(text: str) -> str:
    """The answer without its citation line and its quote: the words the team wrote, checked fact by fact."""
    lines = text.split("\n")[:-1]
    return "\n".join(lines[:-1] if lines and ZH_QUOTE.fullmatch(lines[-1]) else lines)


def _body_and_context(name: str, policy_index: PolicyIndex) -> tuple[str, str, list[str]]:
    response = RESPONSES[name]
    ids = response["metadata"]["passages"]
    body = _summary(response["text"])
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


@pytest.mark.parametrize("name,variant", VARIATIONS, ids=[f"{n}[{i}]" for i, (n, _) in enumerate(VARIATIONS)])
def test_every_variation_quotes_its_cited_passages_verbatim(
    name: str, variant: dict[str, Any], policy_index: PolicyIndex
) -> None:
    ids = variant["metadata"]["passages"]
    if variant.get("condition"):  # the English variations quote the English rendering
        problems = misquotes(variant["text"], [EN_PASSAGES[i] for i in ids], EN_QUOTE, EN_CUT)
    else:
        problems = misquotes(variant["text"], [policy_index.by_id[i].text for i in ids], ZH_QUOTE, ZH_CUT)
    assert not problems, f"{name}: not the policy's words: {problems}"


def test_an_edited_or_missing_quote_is_caught(policy_index: PolicyIndex) -> None:
    text = RESPONSES["utter_faq/identity_verification"]["text"]
    sources = [policy_index.by_id["c7-1"].text]
    assert misquotes(text, sources, ZH_QUOTE, ZH_CUT) == []
    assert misquotes(text.replace("可能需要先行验证", "需要验证"), sources, ZH_QUOTE, ZH_CUT)
    assert misquotes(text.replace("政策原文：“", "“"), sources, ZH_QUOTE, ZH_CUT)
    cut = text.replace("在处理您的请求前，", "在处理您的请求前……")
    assert misquotes(cut, sources, ZH_QUOTE, ZH_CUT) == []
    too_short = "是的。\n政策原文：“我们……我们可能需要先行验证您的身份。”\n——出自"
    assert misquotes(too_short, sources, ZH_QUOTE, ZH_CUT) == ["我们"]
    english = EN_PASSAGES["c7-1"]
    sentence = "For security reasons, we may need to verify your identity before processing your request."
    quoted = f'Summary.\nPolicy text: "{sentence}"\n— From'
    assert misquotes(quoted, [english], EN_QUOTE, EN_CUT) == []
    edited = sentence.replace("we may need to", "we must")
    assert misquotes(quoted.replace(sentence, edited), [english], EN_QUOTE, EN_CUT) == [edited]


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
