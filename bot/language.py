"""Which language a message is written in, and whether the person asked to switch.

One owner for the conversation language: the NLU component (bot/nlu/language_detector.py) reports it as
entities, the domain keeps it in the `language` / `language_preference` slots, and actions and
responses read it from there. Mixed messages ("我想 delete my account") count as Chinese: people who write
Chinese mix in English terms far more often than the other way round.
"""

from __future__ import annotations

import re
from typing import Any, Literal

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")
DEFAULT: Language = "zh"

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Addresses, links, ticket ids and codes say nothing about the language of the sentence around them.
_NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|DSR-[0-9A-Z]+|\d+", re.IGNORECASE)
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Common words that make a Latin-script message English (function words, greetings, the desk's own topics).
# Short words Chinese writers use too ("ok", "hi", "bye", "yes") are left out on purpose.
_ENGLISH_WORD_TEXT = (
    "me my mine you your we our us it its is are am was be been do does did can could would will "
    "should shall may might must have has had get got the an and or but not of to in on at for with "
    "from about into by as if so this that these those what how why when where who whom which please "
    "pls plz thanks thank thx hello hey goodbye good morning afternoon evening sorry want need like "
    "know tell show send give help let make see talk speak answer reply data delete deletion remove "
    "erase account close closure access copy correct correction fix update change privacy policy "
    "personal information info request status ticket human agent person people bot robot real email "
    "mail phone number name cookie cookies company megvii right rights consent children child kids "
)
_ENGLISH_WORDS = frozenset(_ENGLISH_WORD_TEXT.split())
_SWITCH = {
    "en": re.compile(
        r"(answer|reply|respond|speak|talk|write|switch)\w*\s+(to\s+|in\s+)?english|english\s*(please|pls|plz)"
        r"|^\s*english\s*$|说英文|用英文|英文回答|英语回答|讲英语|说英语|用英语",
        re.IGNORECASE,
    ),
    "zh": re.compile(
        r"说中文|用中文|中文回答|讲中文|说汉语|中文吧|换成中文|切换中文|^\s*中文\s*$"
        r"|(answer|reply|respond|speak|talk|write|switch)\w*\s+(to\s+|in\s+)?chinese|chinese\s*(please|pls|plz)",
        re.IGNORECASE,
    ),
}


def requested_language(text: str) -> Language | None:
    """The language the person explicitly asks for ("please answer in English", "说中文"), if any."""
    for language, pattern in _SWITCH.items():
        if pattern.search(text):
            return language  # type: ignore[return-value]
    return None


def detect_language(text: str) -> Language | None:
    """zh when the message has Chinese characters, en when it reads as English, None when it cannot tell.

    English needs at least one common English word: "qwpeori zxmcnv" is gibberish, not English, and keeps
    the conversation's language.
    """
    words = _NOT_WORDS.sub(" ", text)
    if _HAN.search(words):
        return "zh"
    latin = [word.lower() for word in _LATIN_WORD.findall(words)]
    if any(word in _ENGLISH_WORDS for word in latin):
        return "en"
    return None


def effective_language(language: object, preference: object) -> Language:
    """What to answer in: the language asked for, else the one last written in, else Chinese."""
    for value in (preference, language):
        if value in LANGUAGES:
            return value  # type: ignore[return-value]
    return DEFAULT


# The answer to "please answer in English" / "说中文" when nothing else was asked (actions speak it).
SWITCHED: dict[Language, str] = {
    "en": "Sure, I'll answer in English from now on. How can I help?",
    "zh": "好的，接下来我用中文回答您。请问有什么可以帮您？",
}


def only_asks_to_switch(text: str) -> Language | None:
    """The language asked for when the message asks for nothing else ("please answer in English")."""
    requested = requested_language(text)
    if requested is None:
        return None
    rest = re.sub(r"[^\w]+", " ", _SWITCH[requested].sub(" ", text), flags=re.UNICODE)
    leftover = [word for word in rest.lower().split() if word not in _POLITE]
    return requested if not leftover else None


_POLITE = {
    "please",
    "pls",
    "plz",
    "can",
    "could",
    "you",
    "would",
    "ok",
    "okay",
    "hi",
    "hello",
    "thanks",
    "请",
    "麻烦",
    "吧",
    "可以",
    "吗",
}


def language_from_events(events: list[dict[str, Any]]) -> Language:
    """The effective language of a conversation from its tracker events (the backend's view of the slots)."""
    slots: dict[str, object] = {}
    for event in events:
        if event.get("event") == "slot" and event.get("name") in ("language", "language_preference"):
            slots[str(event["name"])] = event.get("value")
    return effective_language(slots.get("language"), slots.get("language_preference"))
