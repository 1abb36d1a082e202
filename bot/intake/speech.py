"""How the request desk speaks: one Reply type, the language of this run, and English twins of its texts.

The flow reads `texts_x.NAME` at the moment it speaks; inside `speaking("en")` (the action server sets it
from the tracker's language slots for every action) that read gives NAME from `texts_x_en`, so the flow
itself never passes a language around. A name with no English version stays Chinese.
"""

from __future__ import annotations

import importlib
import re
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from bot.intake.answers_en import VALIDATION
from bot.language import DEFAULT as DEFAULT_LANGUAGE
from bot.language import Language

# Offered by texts in both languages whenever the desk cannot help; one owner for all of them.
CONTACT_EMAIL = "business@megvii.com"


@dataclass(frozen=True)
class Reply:
    """One bot message; buttons are (title, payload) pairs."""

    text: str
    buttons: tuple[tuple[str, str], ...] = ()


_speaking: ContextVar[Language] = ContextVar("intake_language", default=DEFAULT_LANGUAGE)


def current_language() -> Language:
    """The language the texts are served in for this action run (one asyncio task per request)."""
    return _speaking.get()


def set_language(language: Language) -> None:
    """Serve this run's texts in `language` (the action server calls this once per request)."""
    _speaking.set(language)


@contextmanager
def speaking(language: Language) -> Iterator[None]:
    """Serve the texts in `language` inside the block (tests, and code outside the action server)."""
    token = _speaking.set(language)
    try:
        yield
    finally:
        _speaking.reset(token)


def localised(text: str) -> str:
    """A reply's text in the language spoken: validation messages worded in answers.py are replaced."""
    if _speaking.get() != "en":
        return text
    for pattern, english in VALIDATION:
        text = re.sub(pattern, english, text)
    return text


class _BilingualTexts(types.ModuleType):
    """A texts module that answers its upper-case names and `due_text` from its `_en` twin in English."""

    def __getattribute__(self, name: str) -> Any:
        value = super().__getattribute__(name)
        if (name.isupper() or name == "due_text") and _speaking.get() == "en":
            english = importlib.import_module(super().__getattribute__("__name__") + "_en")
            return getattr(english, name, value)
        return value


def bilingual(module_name: str) -> None:
    """Serve the texts of module `module_name` from `<module_name>_en` while English is spoken."""
    sys.modules[module_name].__class__ = _BilingualTexts
