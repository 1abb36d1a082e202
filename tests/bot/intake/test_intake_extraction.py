"""Extraction: one message may carry several fields; questions and third-party requests are recognised."""

from __future__ import annotations

import pytest

from bot.intake.extraction import (
    detect_request_type,
    detect_scenario,
    extract,
    is_cancel,
    is_question,
    vaguely_typed,
)


def test_one_message_gives_name_email_type_scenario_and_details() -> None:
    found = extract("我叫吴婷，邮箱 wu.ting@example.com，删除我的简历")
    assert (found.name, found.email, found.request_type) == ("吴婷", "wu.ting@example.com", "deletion")
    assert found.scenario == "recruitment"
    assert found.details == "删除我的简历"


def test_latin_name_and_mixed_punctuation() -> None:
    found = extract("姓名：Li Lei, email li.lei@example.com, 我想看看你们有我哪些数据")
    assert (found.name, found.email, found.request_type) == ("Li Lei", "li.lei@example.com", "access")


def test_generic_request_has_no_details() -> None:
    assert extract("我想删除我的个人信息").details is None


def test_correction_keeps_the_right_value_in_details_and_not_as_contact_phone() -> None:
    found = extract("我的手机号写错了，应该是 13812345678，请改一下")
    assert found.request_type == "correction"
    assert found.phone is None
    assert "13812345678" in (found.details or "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我要注销我的售后账号", "account_closure"),
        ("把我的账号删了吧", "account_closure"),
        ("请删掉我的简历", "deletion"),
        ("pls delete my data", "deletion"),
        ("我的名字写错了", "correction"),
        ("我想看看你们存了我哪些信息", "access"),
        ("能导出一份我的数据副本", "access"),
        ("能帮我删一下简历吗", "deletion"),
        ("把你们存的我的信息发到我邮箱", "access"),
        ("招聘账号的手机号要换 新号13900001111", "correction"),
        ("你好", None),
    ],
)
def test_request_type_from_everyday_phrasing(text: str, expected: str | None) -> None:
    assert detect_request_type(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我投过简历", "recruitment"),
        ("售后工单里的信息", "after_sales"),
        ("之前找你们商务合作留过电话", "business_inquiry"),
        ("小区门禁刷脸的照片", "product"),
        ("其他", "other"),
        ("随便", None),
    ],
)
def test_scenario_keywords(text: str, expected: str | None) -> None:
    assert detect_scenario(text) == expected


@pytest.mark.parametrize(
    "text", ["为什么要我的邮箱？", "你们会保存多久", "这个安全吗", "how long do you keep it?"]
)
def test_questions_are_detected(text: str) -> None:
    assert is_question(text)
    assert extract(text).details is None


@pytest.mark.parametrize("text", ["吴婷", "wu.ting@example.com", "删除我的简历"])
def test_answers_are_not_questions(text: str) -> None:
    assert not is_question(text)


@pytest.mark.parametrize("text", ["算了", "取消", "不弄了", "cancel"])
def test_cancel_words(text: str) -> None:
    assert is_cancel(text)


def test_pinyin_slips_on_request_words_are_read_but_not_stored() -> None:
    """删出 / 简里 / 注消 are typed for 删除 / 简历 / 注销; ordinary words nearby are left alone."""
    from bot.intake.extraction import detect_request_type, detect_scenario, fix_typos

    assert detect_request_type("想把简里信息删出") == "deletion"
    assert detect_scenario("投过的简里") == "recruitment"
    assert detect_request_type("我想注消账号") == "account_closure"
    assert fix_typos("时间里的数据，简单说") == "时间里的数据，简单说"


@pytest.mark.parametrize(
    ("text", "vague"),
    [
        ("还是想让你们查一下", True),
        ("那就麻烦你们看看吧", True),
        ("查一下我的数据", False),
        ("帮我看看你们存了我哪些信息", False),
        ("我想查阅我的信息", False),
        ("删掉吧", False),
    ],
)
def test_a_vague_look_names_no_request_type(text: str, vague: bool) -> None:
    assert vaguely_typed(text) is vague
