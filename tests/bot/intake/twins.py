"""What the tests of every English twin (bot/intake/texts_*_en.py) read off a pair of texts modules."""

from __future__ import annotations

import re
import string
from types import ModuleType
from typing import Any

from bot.intake.speech import Reply, speaking

HAN = re.compile(r"[\u3400-\u9fff]")
IMPORTED = {"TYPE_TEXT"}


def english_names(english: ModuleType) -> list[str]:
    return [name for name in vars(english) if name.isupper() and name[0] != "_"]


def untranslated(chinese: ModuleType, english: ModuleType) -> set[str]:
    """Chinese names the twin lacks: they would be said in Chinese in an English conversation."""
    return {name for name in vars(chinese) if name.isupper() and name not in IMPORTED} - set(vars(english))


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Reply):
        return [value.text, *(title for title, _ in value.buttons)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, tuple):
        return [text for item in value for text in strings(item)]
    return []


def both(chinese: ModuleType, english: ModuleType, name: str) -> tuple[list[str], list[str]]:
    """The strings of `name` in Chinese (read outside English) and in the twin."""
    with speaking("zh"):
        said_in_chinese = strings(getattr(chinese, name))
    return said_in_chinese, strings(getattr(english, name))


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
