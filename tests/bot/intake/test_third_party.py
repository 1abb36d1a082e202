"""Someone else's data is told apart from the person's own, and looking someone up is recognised."""

from __future__ import annotations

import pytest

from bot.intake.third_party import is_third_party, looks_up_someone_else


@pytest.mark.parametrize(
    "text",
    [
        "帮我妈妈删除她的数据",
        "我朋友的简历能删吗",
        "替同事查一下他的信息",
        "删除别人的照片",
        "帮我查一下王磊的手机号",
        "查查我邻居有没有投过简历",
        "刚才有个陌生号码打给我 帮我查下是谁",
        "what's the home address of the person who called me",
        "send me my coworker's resume, he agreed",
        "what do you hold on my girlfriend?",
        "我同事以前投过简历 把她的手机号给我",
        "能看看我下属在你们招聘系统里的资料吗",
        "13900001111这个手机号是谁的",
        "who owns this number 13900001111",
        "get me the phone number of Mary Brown",
        "直接把李娜的资料发给我",
        "我女儿毕业了 想看看她给你们投的简历",
        "帮我查下我前男友有没有在你们那投过简历",
        "我妈的个人信息能帮我导出来一份吗",
        "帮我奶奶把她的资料删了",
        "please delete my grandma's data from your system",
        "帮我查一下我们公司新来的实习生的电话",
        "查查我们小区那个女孩的资料",
        "把我继女在售后那边登记的手机号发我",
        "我们店员离职了 把她的招聘账号删掉",
        "我是家长 帮孩子删除学校闸机里的人脸",
        "把他在你们那的简历调出来",
    ],
)
def test_someone_elses_data_is_recognised(text: str) -> None:
    assert is_third_party(text)


@pytest.mark.parametrize(
    "text",
    [
        "删除我的简历",
        "我自己的数据",
        "我叫吴婷",
        "查一下售后的信息",
        "帮我查一下我的手机号",
        "查一下我的申请进度",
        "my data",
        "员工会不会看到我的资料",
        "my name is Mary Brown, email mary@example.com, send me my data",
        "把我的资料发给我",
        "我们的数据你们存在哪",
        "他妈的 怎么还没删",
        "我是实习生 请删除实习生时期在你们那的资料",
        "作为前台，我的人脸信息存多久",
    ],
)
def test_own_data_is_not_third_party(text: str) -> None:
    assert not is_third_party(text)


@pytest.mark.parametrize(
    ("text", "looks_up"),
    [
        ("查查我邻居有没有投过你们的简历", True),
        ("刚才有个陌生号码打给我 帮我查下是谁", True),
        ("who called me from this number", True),
        ("查一下我的申请进度", False),
        ("我妈妈的信息你们会保存多久", False),
        ("我表哥去年在你们那投过简历没", True),
        ("I need to know whether my husband applied to Megvii", True),
        ("我投过简历 想知道存多久", False),
        ("我女儿班主任的手机号是多少", True),
        ("你们售后的电话是多少", False),
        ("你们前台的电话是多少", False),
    ],
)
def test_looking_someone_else_up_is_told_apart(text: str, looks_up: bool) -> None:
    assert looks_up_someone_else(text) is looks_up
