"""Traditional characters are read as simplified, one for one; values go back to the typed characters."""

from __future__ import annotations

from bot.chinese_script import as_typed, to_simplified


def test_traditional_characters_are_read_as_simplified() -> None:
    assert to_simplified("請刪除我在曠視售後平台的個人資料") == "请删除我在旷视售后平台的个人资料"
    assert to_simplified("我要註銷帳號") == "我要注销帐号"


def test_simplified_text_english_and_everyday_shared_characters_are_left_alone() -> None:
    for text in ("请删除我的个人信息", "delete my data, wang@example.com", "显著的方式通知您", "覆盖范围"):
        assert to_simplified(text) == text


def test_the_reading_keeps_every_offset() -> None:
    typed = "隱私權政策說明了哪些個人資料會被收集？"
    assert len(to_simplified(typed)) == len(typed)


def test_a_value_read_from_the_reading_is_taken_back_as_typed() -> None:
    typed = "我叫陳嘉欣，請刪除"
    reading = to_simplified(typed)
    assert as_typed("陈嘉欣", reading, typed) == "陳嘉欣"


def test_a_value_not_found_in_the_reading_is_unchanged() -> None:
    assert as_typed("其他", "我叫陈嘉欣", "我叫陳嘉欣") == "其他"
    assert as_typed("陈嘉欣", "我叫陈嘉欣", "我叫陈嘉欣") == "陈嘉欣"
