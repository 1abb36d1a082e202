"""The request form's first message carries section 7's route, once, and not after a button."""

from __future__ import annotations

import pytest

from bot.intake import flow, texts_fields_en
from bot.intake.opening import opening_note
from bot.intake.speech import speaking


@pytest.mark.parametrize("kind", ["access", "correction", "deletion", "account_closure"])
def test_a_typed_request_is_acknowledged_with_the_policy_route(kind: str) -> None:
    note = opening_note("我想办一下", kind, None)
    assert note is not None
    assert "business@megvii.com" in note.text and "第七部分" in note.text and "不收取费用" in note.text


def test_the_self_service_pages_are_named_for_access_and_correction_only() -> None:
    assert "个人中心" in opening_note("我想看看我的资料", "access", None).text
    assert "个人中心" not in opening_note("删掉我的资料", "deletion", None).text


def test_no_self_service_hint_when_the_scenarios_own_notice_follows() -> None:
    assert "个人中心" not in opening_note("售后账号里的资料我要查", "access", "after_sales").text


def test_no_note_after_a_button_or_without_a_type() -> None:
    assert opening_note("/request_deletion", "deletion", None) is None
    assert opening_note("我想提个申请", None, None) is None


def test_the_form_opens_with_the_note_in_the_persons_language() -> None:
    with speaking("en"):
        step = flow.begin("please delete my data, how does that work?", "request_deletion", 0.9)
    expected = texts_fields_en.OPENING["deletion"] + texts_fields_en.ROUTE
    assert [reply.text for reply in step.replies] == [expected]


def test_someone_elses_data_gets_the_refusal_not_the_note() -> None:
    step = flow.begin("帮我把我老婆的简历删了", "request_deletion", 0.9)
    assert len(step.replies) == 1 and "business@megvii.com" in step.replies[0].text
    assert "提交删除" not in step.replies[0].text
