"""Texts are served in the language spoken: English inside `speaking("en")`, Chinese outside."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import bot.intake
from bot.intake import flow, texts_declines, texts_filing
from bot.intake.speech import speaking

CHINESE_TEXTS = sorted(
    info.name
    for info in pkgutil.iter_modules(bot.intake.__path__)
    if info.name.startswith("texts_") and not info.name.endswith("_en")
)


def test_texts_are_served_in_the_language_spoken_and_chinese_outside() -> None:
    with speaking("en"):
        assert texts_declines.CANCELLED.text.startswith("OK, cancelled")
        assert texts_filing.due_text("2026-05-08T00:00:00") == "8 May 2026"
        assert flow.notice({flow.SCENARIO: "product"}).text.startswith("First, a note")
    assert texts_declines.CANCELLED.text.startswith("好的，已取消")
    assert texts_filing.due_text("2026-05-08T00:00:00") == "2026年5月8日"


@pytest.mark.parametrize("name", CHINESE_TEXTS)
def test_every_texts_module_serves_its_english_twin_in_english(name: str) -> None:
    chinese = importlib.import_module(f"bot.intake.{name}")
    english = importlib.import_module(f"bot.intake.{name}_en")
    names = [text for text in vars(english) if text.isupper()]
    with speaking("en"):
        assert names and all(getattr(chinese, text) is getattr(english, text) for text in names)
