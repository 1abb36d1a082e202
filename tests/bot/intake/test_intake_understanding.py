"""Typed answers read as people mean them: yes and no in many forms, cancel, skip, choices, corrections."""

from __future__ import annotations

import pytest

from bot.intake import understanding


@pytest.mark.parametrize(
    "text",
    [
        *("对", "好的", "嗯 提交吧", "行", "可以的", "对，提交吧", "确认无误", "yes", "Yep", "go ahead"),
        *("yup", "Absolutely", "of course", "alright, send it", "sounds good", "yes please, proceed", "👍"),
        *("that's correct", "all good, file it", "Definitely."),
    ],
)
def test_typed_yes(text: str) -> None:
    assert understanding.is_yes(text) and not understanding.is_no(text)


@pytest.mark.parametrize(
    "text",
    [
        *("不用了", "算了", "不要了", "no", "nope", "不用了谢谢", "还是算了"),
        *("not now", "no need", "don't", "No thanks"),
    ],
)
def test_typed_no(text: str) -> None:
    assert understanding.is_no(text) and not understanding.is_yes(text)


@pytest.mark.parametrize(
    "text",
    [
        *("王明", "nolan@example.com", "不对", "我要删除简历", "是刘不是留"),
        *("Nolan Young", "Yasmin Ali", "Donna"),
    ],
)
def test_neither_yes_nor_no(text: str) -> None:
    assert not understanding.is_yes(text) and not understanding.is_no(text)


def test_only_an_explicit_cancel_cancels() -> None:
    assert understanding.is_explicit_cancel("取消申请")
    assert understanding.is_explicit_cancel("不申请了")
    assert not understanding.is_explicit_cancel("不用了")
    assert not understanding.is_explicit_cancel("算了不改了，还是帮我删掉吧")


def test_skip_words_for_the_optional_phone() -> None:
    assert all(understanding.is_skip(t) for t in ("跳过", "skip", "不想提供", "不用了", "没有"))
    assert not understanding.is_skip("13812345678")


def test_why_questions_name_their_field() -> None:
    assert understanding.field_questioned("手机号是干嘛用的", "intake_email") == "intake_phone"
    assert understanding.field_questioned("why do you need my email?", None) == "intake_email"
    assert understanding.field_questioned("为什么要这个", "intake_name") == "intake_name"
    assert understanding.field_questioned("你们收集哪些信息", "intake_name") is None


def test_corrections_name_their_field() -> None:
    assert understanding.correction_target("等等，姓写错了", "intake_confirmed", "access") == "intake_name"
    assert understanding.correction_target("邮箱换一个：a@b.com", "intake_phone", "access") == "intake_email"


def test_correction_details_are_not_a_form_correction() -> None:
    assert understanding.correction_target("简历上的手机号写错了", "intake_details", "correction") is None
    pointed_back = understanding.correction_target("刚才的手机号写错了", "intake_details", "correction")
    assert pointed_back == "intake_phone"


def test_type_switch_takes_the_type_settled_on() -> None:
    assert understanding.type_switch("算了不改了，还是帮我删掉吧", "correction") == "deletion"
    assert understanding.type_switch("改成删除", "access") == "deletion"
    assert understanding.type_switch("改成删除", "deletion") is None
    assert understanding.type_switch("删除我的简历", "access") is None


def test_choice_by_position() -> None:
    assert understanding.choice("第二个", ("a", "b", "c")) == "b"
    assert understanding.choice("3", ("a", "b", "c")) == "c"
    assert understanding.choice("第九个", ("a", "b")) is None
