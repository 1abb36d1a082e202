"""Every text of bot/intake/texts_fields.py has an English twin: same format fields, no Chinese."""

from __future__ import annotations

import pytest

from bot.intake import extraction, flow, texts_fields, texts_fields_en
from tests.bot.intake.twins import HAN, both, english_names, fields, untranslated

SCENARIO_BUTTONS = texts_fields_en.PROMPTS[flow.SCENARIO].buttons


def test_every_chinese_text_has_an_english_version() -> None:
    assert untranslated(texts_fields, texts_fields_en) == set()


@pytest.mark.parametrize("name", english_names(texts_fields_en))
def test_english_texts_have_the_chinese_format_fields_and_no_chinese(name: str) -> None:
    chinese, english = both(texts_fields, texts_fields_en, name)
    assert [fields(text) for text in english] == [fields(text) for text in chinese]
    assert not [text for text in english if HAN.search(text)]


@pytest.mark.parametrize("payload", [payload for _, payload in SCENARIO_BUTTONS])
def test_every_english_scenario_button_is_understood(payload: str) -> None:
    assert extraction.detect_scenario(payload) is not None
