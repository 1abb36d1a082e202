"""Personal data never reaches the trainer's inbox in clear."""

from __future__ import annotations

import pytest

from bot.training.masking import mask, unmask_with_stand_ins


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("我的邮箱是 wang.xm+dsr@qq.com 谢谢", "我的邮箱是 [邮箱] 谢谢"),
        ("邮箱wang@megvii.com", "邮箱[邮箱]"),
        ("电话138 1234 5678", "电话[电话]"),
        ("手机+86-13912345678", "手机[电话]"),
        ("座机010-62345678", "座机[电话]"),
        ("验证码是482913", "验证码是[验证码]"),
        ("我的工单DSR-7K3M9Q怎么样了", "我的工单[工单号]怎么样了"),
        ("查一下 dsr-ab12cd", "查一下 [工单号]"),
        ("身份证11010119900307123X", "身份证[证件号]"),
        ("我叫王小明，想删数据", "我叫[姓名]，想删数据"),
        ("姓名：张三丰", "姓名：[姓名]"),
        ("我是李雷，想删数据", "我是[姓名]，想删数据"),
        ("我叫司马青云", "我叫[姓名]"),
        ("我是Tom Smith，想删数据", "我是[姓名]，想删数据"),
        ("我住在北京市海淀区中关村东路1号院3号楼，想删数据", "我住在[地址]，想删数据"),
        ("寄到上海市浦东新区世纪大道100号", "寄到[地址]"),
        ("地址：杭州市西湖区文三路90号东部软件园", "地址：[地址]"),
    ],
)
def test_personal_data_is_masked(message: str, expected: str) -> None:
    assert mask(message) == expected


@pytest.mark.parametrize(
    "message", ["我是想问一下怎么删除", "你们收集哪些信息？", "2021年5月7日的版本", "ISO 27001认证"]
)
def test_ordinary_questions_are_left_alone(message: str) -> None:
    assert mask(message) == message


def test_stand_ins_replace_every_tag_with_fictitious_values() -> None:
    restored = unmask_with_stand_ins(mask("我叫王小明，邮箱wang@qq.com，验证码123456"))
    assert restored == "我叫张三，邮箱zhangsan@example.com，验证码123456"
    assert "[" not in restored


def test_values_the_tracker_store_already_masked_become_tags() -> None:
    assert mask("邮箱 zh***@example.com 手机 138****8000") == "邮箱 [邮箱] 手机 [电话]"


def test_control_characters_and_rasa_markup_are_stripped_but_tags_kept() -> None:
    typed = '删除[我的简历](request_type){"x": 1}\x1b[31m 邮箱 a@b.com'
    assert mask(typed) == '删除我的简历request_type"x": 1 31m 邮箱 [邮箱]'
    assert mask("验证码[验证码] 姓名[姓名]") == "验证码[验证码] 姓名[姓名]"
