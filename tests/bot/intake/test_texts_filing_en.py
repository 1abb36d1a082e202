"""Every text of bot/intake/texts_filing.py has an English twin: same format fields, no Chinese."""

from __future__ import annotations

import pytest

from bot.intake import texts_filing, texts_filing_en
from tests.bot.intake.twins import HAN, both, english_names, fields, untranslated


def test_every_chinese_text_has_an_english_version() -> None:
    assert untranslated(texts_filing, texts_filing_en) == set()


@pytest.mark.parametrize("name", english_names(texts_filing_en))
def test_english_texts_have_the_chinese_format_fields_and_no_chinese(name: str) -> None:
    chinese, english = both(texts_filing, texts_filing_en, name)
    assert [fields(text) for text in english] == [fields(text) for text in chinese]
    assert not [text for text in english if HAN.search(text)]
