"""Every intake text has an English version with the same format fields, served inside `speaking("en")`."""

from __future__ import annotations

import re
import string
from typing import Any

import pytest

from bot.intake import answers, decisions, extraction, flow, texts, texts_en
from bot.intake.texts import Reply

HAN = re.compile(r"[\u3400-\u9fff]")
IMPORTED = {"TYPE_TEXT", "DEFAULT_LANGUAGE"}


def _names() -> list[str]:
    return [name for name in vars(texts_en) if name.isupper() and name[0] != "_" and name != "VALIDATION"]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Reply):
        return [value.text, *(title for title, _ in value.buttons)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, tuple):
        return [text for item in value for text in _strings(item)]
    return []


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_chinese_text_has_an_english_version() -> None:
    chinese = {name for name in vars(texts) if name.isupper() and name not in IMPORTED}
    assert chinese - set(vars(texts_en)) == set()


@pytest.mark.parametrize("name", _names())
def test_english_texts_have_the_chinese_format_fields_and_no_chinese(name: str) -> None:
    with texts.speaking("zh"):
        chinese = _strings(getattr(texts, name))
    english = _strings(getattr(texts_en, name))
    assert [_fields(text) for text in english] == [_fields(text) for text in chinese]
    assert not [text for text in english if HAN.search(text)]


def test_texts_are_served_in_the_language_spoken_and_chinese_outside() -> None:
    with texts.speaking("en"):
        assert texts.CANCELLED.text.startswith("OK, cancelled")
        assert texts.due_text("2026-05-08T00:00:00") == "8 May 2026"
        assert flow.notice({flow.SCENARIO: "product"}).text.startswith("First, a note")
    assert texts.CANCELLED.text.startswith("好的，已取消")
    assert texts.due_text("2026-05-08T00:00:00") == "2026年5月8日"


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
    with texts.speaking("en"):
        english = texts.localised(result.reason)
    assert english != result.reason and not HAN.search(english)


@pytest.mark.parametrize("payload", [payload for _, payload in texts_en.PROMPTS[flow.SCENARIO].buttons])
def test_every_english_scenario_button_is_understood(payload: str) -> None:
    assert extraction.detect_scenario(payload) is not None


def test_the_english_cancel_buttons_answer_the_cancel_question() -> None:
    cancel, carry_on = (payload for _, payload in texts_en.CANCEL_CONFIRM.buttons)
    assert decisions.cancel_answer({}, cancel).updates[flow.OUTCOME] == "cancelled"
    assert decisions.cancel_answer({}, carry_on).updates.get(flow.OUTCOME) is None
