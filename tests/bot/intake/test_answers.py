"""Field validation: each refusal names the problem in Chinese; accepted values come back normalised."""

from __future__ import annotations

import pytest

from bot.intake.answers import (
    Invalid,
    Valid,
    mask_email,
    normalise_code,
    validate_details,
    validate_email,
    validate_name,
    validate_phone,
    validate_ticket_id,
)


@pytest.mark.parametrize("raw", ["wu.ting@example.com", " wu.ting@Example.COM ", "a+b@mail.megvii.cn"])
def test_valid_emails_are_accepted_with_lowercase_domain(raw: str) -> None:
    result = validate_email(raw)
    assert isinstance(result, Valid)
    assert result.value == result.value.strip() and result.value.split("@")[1].islower()


@pytest.mark.parametrize(
    ("raw", "reason_part"),
    [
        ("wu ting@example.com", "空格"),
        ("wu@exa\nmple.com", "空格或换行"),
        ("wuting.example.com", "@"),
        ("a@b@c.com", "一个"),
        ("wu@example", "域名"),
        ("", "不能为空"),
    ],
)
def test_invalid_emails_get_a_specific_reason(raw: str, reason_part: str) -> None:
    result = validate_email(raw)
    assert isinstance(result, Invalid)
    assert reason_part in result.reason


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "138-1234-5678",
        "008613812345678",
        "１３８１２３４５６７８",
    ],
)
def test_mainland_mobiles_are_normalised_to_eleven_digits(raw: str) -> None:
    assert validate_phone(raw) == Valid("13812345678")


@pytest.mark.parametrize(
    ("raw", "reason_part"),
    [("1381234567", "11 位"), ("12812345678", "13–19"), ("138abc45678", "只能包含数字")],
)
def test_bad_phone_numbers_say_why(raw: str, reason_part: str) -> None:
    result = validate_phone(raw)
    assert isinstance(result, Invalid) and reason_part in result.reason


def test_names_accept_chinese_and_latin() -> None:
    assert validate_name(" 吴婷 ") == Valid("吴婷")
    assert validate_name("Li  Lei") == Valid("Li Lei")
    assert validate_name("阿卜杜·热合曼") == Valid("阿卜杜·热合曼")


@pytest.mark.parametrize(
    ("raw", "reason_part"),
    [
        ("吴婷123", "数字"),
        ("<b>吴婷</b>", "特殊符号"),
        ("吴" * 51, "最多 50"),
        ("", "不能为空"),
        ("吴婷😀", "只能包含"),
    ],
)
def test_bad_names_say_why(raw: str, reason_part: str) -> None:
    result = validate_name(raw)
    assert isinstance(result, Invalid) and reason_part in result.reason


def test_details_limit_is_two_thousand_characters() -> None:
    assert isinstance(validate_details("删" * 2000), Valid)
    too_long = validate_details("删" * 2001)
    assert isinstance(too_long, Invalid) and "2001" in too_long.reason


def test_empty_details_are_refused() -> None:
    assert isinstance(validate_details("  "), Invalid)


@pytest.mark.parametrize(
    "raw", ["000000", "123456", "0000", "...", "？？", "xxx", "test", "N/A", "同上", "暂无", "啊啊啊"]
)
def test_a_code_number_or_placeholder_is_not_the_details(raw: str) -> None:
    result = validate_details(raw)
    assert isinstance(result, Invalid) and "描述" in result.reason


@pytest.mark.parametrize(
    "raw",
    ["删除2023年的简历", "改成 138 开头的号码", "test results from my interview", "CV", "138 0000 1111"],
)
def test_details_with_words_or_an_account_number_are_kept(raw: str) -> None:
    """A mobile number alone names the account to close (the account_closure details prompt asks for it)."""
    assert isinstance(validate_details(raw), Valid)


@pytest.mark.parametrize("raw", ["DSR-7K3M9Q", "dsr-7k3m9q", " DSR 7K3M9Q ", "DSR7K3M9Q", "编号是DSR-7K3M9Q"])
def test_ticket_ids_are_forgiving_about_case_and_spaces(raw: str) -> None:
    assert validate_ticket_id(raw) == Valid("DSR-7K3M9Q")


def test_malformed_ticket_id_is_refused() -> None:
    assert isinstance(validate_ticket_id("12345"), Invalid)


def test_codes_are_found_in_spaced_or_full_width_input() -> None:
    assert normalise_code("123 456") == "123456"
    assert normalise_code("验证码是１２３４５６") == "123456"
    assert normalise_code("12345") is None
    assert normalise_code("1234567") is None


def test_masked_email_hides_most_of_the_local_part() -> None:
    assert mask_email("wu.ting@example.com") == "wu***@example.com"
