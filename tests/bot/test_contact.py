"""Contact patterns: one owner (bot/contact.py), and what each accepts and finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.contact import EMAIL_ADDRESS, EMAIL_IN_TEXT, MOBILE_IN_TEXT, MOBILE_NUMBER

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "address", ["li.lei@example.com", "a+b@mail.example.cn", "x_y@sub-domain.example.org"]
)
def test_plain_addresses_are_accepted(address: str) -> None:
    assert EMAIL_ADDRESS.fullmatch(address)


@pytest.mark.parametrize(
    "address",
    ["a..b@example.com", ".a@example.com", "a@example", "a@x.c0m", "a b@x.com", "a@b.com\nBcc: c@d.com"],
)
def test_addresses_that_could_confuse_a_mail_header_are_refused(address: str) -> None:
    assert not EMAIL_ADDRESS.fullmatch(address)


def test_email_and_mobile_are_found_inside_text() -> None:
    text = "我叫李雷，邮箱 li.lei@example.com，电话 +86 138-0013-8000，谢谢"
    assert EMAIL_IN_TEXT.search(text).group(0) == "li.lei@example.com"
    assert MOBILE_IN_TEXT.search(text).group(0) == "+86 138-0013-8000"


def test_an_id_card_number_is_not_read_as_a_mobile() -> None:
    assert MOBILE_IN_TEXT.search("证件号 110101199003071234") is None


def test_mobile_number_is_eleven_digits_from_13_to_19() -> None:
    assert MOBILE_NUMBER.fullmatch("13800138000")
    assert not MOBILE_NUMBER.fullmatch("12800138000")


def test_no_other_module_writes_an_email_or_mobile_pattern() -> None:
    writes_one = re.compile(r"1\[3-9\]|\]\+@|@\[")
    owners = [
        path.relative_to(ROOT).as_posix()
        for folder in ("bot", "actions", "scripts", "benchmarks")
        for path in (ROOT / folder).rglob("*.py")
        if writes_one.search(path.read_text(encoding="utf-8"))
    ]
    assert owners == ["bot/contact.py"]
