"""Every validation message of bot/intake/answers.py reads in English inside `speaking("en")`."""

from __future__ import annotations

from typing import Any

import pytest

from bot.intake import answers
from bot.intake.speech import localised, speaking
from tests.bot.intake.twins import HAN


@pytest.mark.parametrize(
    ("validate", "raw"),
    [
        (answers.validate_email, ""),
        (answers.validate_email, "wang li@example.com"),
        (answers.validate_email, "wangli163.com"),
        (answers.validate_email, "a@b@c.com"),
        (answers.validate_email, "wang@example"),
        (answers.validate_email, "wang@exa!mple.com"),
        (answers.validate_phone, "abc"),
        (answers.validate_phone, "1380000"),
        (answers.validate_phone, "10000000000"),
        (answers.validate_name, "王1"),
        (answers.validate_name, "x" * 60),
        (answers.validate_name, "<b>"),
        (answers.validate_name, "李@"),
        (answers.validate_details, "x"),
        (answers.validate_details, "000000"),
        (answers.validate_details, "x" * 2100),
        (answers.validate_ticket_id, "ticket 12"),
    ],
)
def test_every_validation_message_reads_in_english(validate: Any, raw: str) -> None:
    result = validate(raw)
    assert isinstance(result, answers.Invalid)
    with speaking("en"):
        english = localised(result.reason)
    assert english != result.reason and not HAN.search(english)
