"""Every text of bot/intake/texts_declines.py has an English twin: same format fields, no Chinese."""

from __future__ import annotations

import pytest

from bot.intake import decisions, flow, texts_declines, texts_declines_en
from tests.bot.intake.twins import HAN, both, english_names, fields, untranslated


def test_every_chinese_text_has_an_english_version() -> None:
    assert untranslated(texts_declines, texts_declines_en) == set()


@pytest.mark.parametrize("name", english_names(texts_declines_en))
def test_english_texts_have_the_chinese_format_fields_and_no_chinese(name: str) -> None:
    chinese, english = both(texts_declines, texts_declines_en, name)
    assert [fields(text) for text in english] == [fields(text) for text in chinese]
    assert not [text for text in english if HAN.search(text)]


def test_the_english_cancel_buttons_answer_the_cancel_question() -> None:
    cancel, carry_on = (payload for _, payload in texts_declines_en.CANCEL_CONFIRM.buttons)
    assert decisions.cancel_answer({}, cancel).updates[flow.OUTCOME] == "cancelled"
    assert decisions.cancel_answer({}, carry_on).updates.get(flow.OUTCOME) is None
