"""Several questions in one message get several answers; one question gets one."""

from __future__ import annotations

import pytest

from bot.intake.multi_part import MAX_EXTRA_ANSWERS, extra_topics, question_parts

RANKING = [("faq/recruitment_self_service", 0.5), ("faq/close_account", 0.25), ("faq/fees", 0.15)]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("改简历在哪改？删账号找谁？要钱吗？", 3),
        ("被收购了数据咋办 警察来要你们给不给", 2),
        ("查阅要收费吗", 1),
        ("我的邮箱 a.b@example.com 能改吗", 1),  # an address is no break
        ("好吗？对吧？", 0),  # too short to be questions of their own
        ("你们个人信息要存多久还有会不会拿去做违法的事", 2),  # a joining word
        ("旷视哪年成立的总部在哪电话多少", 3),  # dictated: a question word with more words behind it
        ("删除我的数据要多久", 1),  # the question word ends the message
        ("你们会在什么情况下共享哪些信息", 1),
        ("Who runs the site, and where is the office?", 2),  # "and" before a question word
        ("data retention + how to object", 2),
        ("how do you collect and use my data", 1),  # "and" between two verbs joins nothing
    ],
)
def test_parts_are_split_at_question_marks_and_spaces_between_chinese(text: str, parts: int) -> None:
    assert len(question_parts(text)) == parts


def test_each_further_part_may_add_one_close_topic() -> None:
    three = "改简历在哪改？删账号找谁？要钱吗？"
    assert extra_topics(three, RANKING, 0.1) == ["faq/close_account", "faq/fees"]
    assert extra_topics("改简历在哪改？删账号找谁？", RANKING, 0.1) == ["faq/close_account"]


def test_a_single_question_gets_no_second_answer() -> None:
    assert extra_topics("招聘系统的简历在哪改", RANKING, 0.1) == []


def test_distant_topics_are_not_added() -> None:
    assert extra_topics("改简历在哪改？删账号找谁？要钱吗？", RANKING, 0.3) == []


def test_at_most_two_extra_answers() -> None:
    many = [(f"faq/t{n}", 0.2) for n in range(6)]
    assert len(extra_topics("甲乙丙丁？戊己庚辛？壬癸子丑？寅卯辰巳？", many, 0.1)) == MAX_EXTRA_ANSWERS
