"""The request form follows typed answers: out of order, corrections, changes of mind, questions."""

from __future__ import annotations

from typing import Any

from bot.intake import flow
from bot.intake.flow import (
    CODE,
    CONFIRMED,
    DETAILS,
    EMAIL,
    NAME,
    OUTCOME,
    PENDING,
    PHONE,
    PROCEED,
    SCENARIO,
    TYPE,
)


def _slots(**values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {slot: None for slot in flow.ALL_SLOTS}
    base[flow.FAILURES] = {}
    base.update({f"intake_{key}": value for key, value in values.items()})
    return base


NOTICE = _slots(type="access", scenario="recruitment")
FILLED = _slots(
    type="access",
    scenario="business_inquiry",
    name="吴婷",
    email="wu@example.com",
    phone="",
    details="资料",
    code="verified",
)


def test_typed_yes_at_the_notice_goes_on() -> None:
    assert flow.collect(NOTICE, PROCEED, "嗯 提交吧", "affirm", 0.6).updates[PROCEED] is True


def test_a_name_typed_at_the_notice_goes_on_and_is_kept() -> None:
    step = flow.collect(NOTICE, PROCEED, "王明", "nlu_fallback", 0.3)
    assert step.updates[PROCEED] is True and step.updates[NAME] == "王明"


def test_an_email_typed_at_the_notice_is_never_a_no() -> None:
    step = flow.collect(NOTICE, PROCEED, "nolan@example.com", "deny", 0.7)
    assert step.updates[PROCEED] is True and step.updates[EMAIL] == "nolan@example.com"
    assert OUTCOME not in step.updates


def test_no_at_the_notice_files_nothing() -> None:
    step = flow.collect(NOTICE, PROCEED, "不用了", "deny", 0.9)
    assert step.updates[OUTCOME] == "not_wanted"


def test_a_button_payload_is_never_the_details() -> None:
    step = flow.begin("/request_deletion", "request_deletion", 1.0)
    assert step.updates[TYPE] == "deletion" and step.updates[DETAILS] is None


def test_a_statement_at_the_details_question_is_the_details_even_if_read_as_faq() -> None:
    slots = _slots(type="deletion", scenario="recruitment", name="赵磊", email="z@example.com", phone="")
    step = flow.collect(slots, DETAILS, "把简历系统里的信息全清掉", "faq", 0.9)
    assert step.updates[DETAILS] == "把简历系统里的信息全清掉"


def test_a_scenario_by_its_words_and_position() -> None:
    deletion = _slots(type="deletion")
    assert flow.collect(deletion, SCENARIO, "简历那个", None).updates[SCENARIO] == "recruitment"
    assert flow.collect(_slots(type="deletion"), SCENARIO, "售后", None).updates[SCENARIO] == "after_sales"
    assert flow.collect(_slots(), TYPE, "第三个", None).updates[TYPE] == "deletion"


def test_a_name_at_the_scenario_question_is_kept() -> None:
    step = flow.collect(_slots(type="access"), SCENARIO, "我叫刘洋", "greet", 0.5)
    assert step.updates[NAME] == "刘洋" and not step.reject


def test_a_type_switch_keeps_what_was_collected() -> None:
    slots = {**FILLED, TYPE: "correction", DETAILS: None}
    step = flow.collect(slots, DETAILS, "算了不改了，还是帮我删掉吧", "request_deletion", 0.8)
    assert step.updates[TYPE] == "deletion"
    assert NAME not in step.updates and EMAIL not in step.updates and OUTCOME not in step.updates


def test_corrections_at_the_summary_show_it_again() -> None:
    step = flow.collect(FILLED, CONFIRMED, "姓名改成王小明", None)
    assert step.updates[NAME] == "王小明" and step.updates[CONFIRMED] is None
    step = flow.collect(FILLED, CONFIRMED, "等等，姓写错了", None)
    assert step.updates[NAME] is None and CODE not in step.updates
    step = flow.collect(FILLED, CONFIRMED, "改成删除", "request_deletion", 0.9)
    assert step.updates[TYPE] == "deletion" and NAME not in step.updates


def test_a_new_email_at_the_code_question_replaces_the_old_one() -> None:
    slots = {**FILLED, CODE: None, "intake_challenge_id": "c1"}
    step = flow.before_code(slots, "没收到验证码 哦邮箱少打了个g 应该是 wug@example.com", "nlu_fallback")
    assert step is not None and step.updates[EMAIL] == "wug@example.com"
    assert step.updates["intake_challenge_id"] is None


def test_a_code_is_left_to_the_code_check() -> None:
    assert flow.before_code({**FILLED, CODE: None}, "123456", "nlu_fallback") is None


def test_phone_instead_of_email_keeps_the_phone_and_says_why() -> None:
    slots = _slots(type="access", scenario="business_inquiry", name="董浩")
    step = flow.collect(slots, EMAIL, "邮箱没有，留电话可以吗 13812340031", "nlu_fallback", 0.3)
    assert step.updates[PHONE] == "13812340031" and EMAIL not in step.updates
    assert "business@megvii.com" in step.replies[0].text and "验证码" in step.replies[0].text


def test_why_the_phone_is_asked_says_it_is_optional() -> None:
    step = flow.collect(_slots(), PHONE, "手机号是干嘛用的", "faq", 0.9)
    assert not step.reject and PHONE not in step.updates
    assert "可选" in step.replies[0].text and "保存" in step.replies[0].text


def test_an_ambiguous_no_at_the_summary_asks_before_cancelling() -> None:
    step = flow.collect(FILLED, CONFIRMED, "算了", "stop", 0.8)
    assert step.updates[PENDING] == "cancel" and OUTCOME not in step.updates


def test_a_short_statement_read_as_faq_is_still_the_details() -> None:
    slots = _slots(type="deletion", scenario="recruitment", name="赵磊", email="z@example.com", phone="")
    step = flow.collect(slots, DETAILS, "删掉我投的所有简历", "faq", 0.95)
    assert step.updates[DETAILS] == "删掉我投的所有简历"


def test_a_correction_without_the_right_value_asks_for_the_details() -> None:
    assert flow.begin("简历上的信息写错了想改一下", "request_correction", 0.9).updates[DETAILS] is None
    assert flow.begin("简历上的学历写错了，应为硕士", "request_correction", 0.9).updates[DETAILS]


def test_a_surname_fixed_in_place() -> None:
    slots = {**FILLED, NAME: "留婷婷"}
    assert flow.collect(slots, CONFIRMED, "等等 姓写错了 是刘不是留", None).updates[NAME] == "刘婷婷"


def test_the_number_named_last_is_the_right_one() -> None:
    slots = {**FILLED, PHONE: "13900001234"}
    step = flow.collect(slots, CONFIRMED, "手机号填错了 旧的13900001234 应该是13900005555", None)
    assert step.updates[PHONE] == "13900005555"


def test_an_email_read_as_stop_is_still_an_email() -> None:
    slots = _slots(type="access", scenario="business_inquiry", name="钱多多")
    step = flow.collect(slots, EMAIL, "qianduoduo@qq.com", "stop", 0.7)
    assert step.updates[EMAIL] == "qianduoduo@qq.com" and not step.updates.get(PENDING)


def test_a_scenario_word_at_the_name_question_is_not_a_name() -> None:
    step = flow.collect(_slots(type="account_closure", scenario="recruitment"), NAME, "招聘", None)
    assert NAME not in step.updates or step.updates[NAME] is None


def test_an_address_missing_its_at_sign_is_refused_with_the_reason() -> None:
    slots = _slots(type="access", scenario="other", name="王丽")
    step = flow.collect(slots, EMAIL, "wangli163.com", "out_of_scope")
    assert "@" in step.replies[0].text and not step.reject


def test_more_details_given_later_are_added() -> None:
    slots = {**FILLED, DETAILS: "注销招聘账号", CODE: None, EMAIL: None}
    step = flow.collect(slots, EMAIL, "账号注销 里面的简历也一起删掉", "faq", 0.9)
    assert "简历也一起删掉" in step.updates[DETAILS] and step.updates[DETAILS].startswith("注销招聘账号")


def test_someone_elses_data_named_mid_sentence_is_declined() -> None:
    assert flow.begin("我是公司HR 想查一下我们员工张伟的人脸打卡记录", "request_access", 0.9).updates[OUTCOME]


def test_details_typed_at_the_code_question_are_added() -> None:
    slots = {**FILLED, DETAILS: "我的资料", CODE: None}
    step = flow.before_code(slots, "想要一份售后账号里存的全部个人资料 包括工单记录", "faq")
    assert step is not None and "工单记录" in step.updates[DETAILS]


def test_a_refusal_in_a_sentence_skips_the_phone() -> None:
    slots = _slots(type="access", scenario="after_sales", name="唐磊", email="t@example.com")
    assert flow.collect(slots, PHONE, "电话就不留了", "faq", 0.6).updates[PHONE] == ""


def test_more_details_at_the_summary_are_added_and_the_summary_returns() -> None:
    step = flow.collect(FILLED, CONFIRMED, "不对 内容再补充一下：还要面试评价和笔试成绩", None)
    assert step.updates[DETAILS] == "资料；还要面试评价和笔试成绩" and step.updates[CONFIRMED] is None


def test_a_name_part_restated_in_english_at_the_summary_fixes_it() -> None:
    """No "wrong" or "change" needed: a different last name given again is a correction."""
    english = {**FILLED, NAME: "Noah Thompson"}
    step = flow.collect(english, CONFIRMED, "wait, my last name is Thomson, no p", None)
    assert step.updates[NAME] == "Noah Thomson" and step.updates[CONFIRMED] is None
    step = flow.collect(english, CONFIRMED, "my first name is Noa", None)
    assert step.updates[NAME] == "Noa Thompson"


def test_a_yes_said_with_more_words_confirms() -> None:
    assert flow.collect(FILLED, CONFIRMED, "yes that's right now", None).updates[CONFIRMED] is True
    assert flow.collect(FILLED, CONFIRMED, "对 现在没问题了", None).updates[CONFIRMED] is True
    assert not flow.collect(FILLED, CONFIRMED, "now", None).updates[CONFIRMED]


def test_a_code_typed_as_the_corrected_details_is_not_taken() -> None:
    """#13: "000000" after "说明改一下" became the request's details and was filed that way."""
    cleared = flow.collect(FILLED, CONFIRMED, "说明改一下", None)
    assert cleared.updates[DETAILS] is None
    slots = {**FILLED, **cleared.updates}
    step = flow.collect(slots, DETAILS, "000000", "nlu_fallback", 0.4)
    assert step.updates.get(DETAILS) is None and any("描述" in reply.text for reply in step.replies)
    assert flow.collect(slots, DETAILS, "删除全部笔试成绩", None).updates[DETAILS] == "删除全部笔试成绩"


def test_a_code_in_a_details_correction_or_addition_at_the_summary_is_not_taken() -> None:
    assert flow.collect(FILLED, CONFIRMED, "说明改成000000", None).updates[DETAILS] is None
    assert flow.collect(FILLED, CONFIRMED, "补充：000000", None).updates.get(DETAILS) is None
