"""English chat shorthand read as the words meant: "what do u guys do with my pics", "pls delete ur copy";
also the privacy abbreviations people type (DSAR, PII) and the company's name as they misspell it (Megvi).

The classifiers learned from full words; "u" for "you" moved "what happens if u get hacked" from the
security-incident answer to a decline (eval/dev7). Only whole words are read, never part of an address or
a capitalised name ("u@x.cn", "Im Ji-woo" stay).
"""

from __future__ import annotations

import re

MEANT = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "ty": "thank you",
    "ppl": "people",
    "abt": "about",
    "bc": "because",
    "cuz": "because",
    "wanna": "want to",
    "gonna": "going to",
    "dont": "don't",
    "cant": "can't",
    "im": "i'm",
    "msg": "message",
    "acct": "account",
    "asap": "as soon as possible",
    "gtg": "got to go",
    "ttyl": "talk to you later",
    "idk": "i don't know",
    "dsar": "data subject access request",
    "pii": "personal information",
    # The company's name as people misspell it ("Megvi", "Megavii").
    "megvi": "megvii",
    "megavii": "megvii",
    "megvee": "megvii",
}
# Shorthand that is also a name when capitalised ("Im Ji-woo", "Ty Burrell").
_NAMES_TOO = {"Im", "Ty"}
_SHORTHAND = re.compile(r"(?<![\w@.'-])(" + "|".join(MEANT) + r")(?![\w@'-]|\.\w)", re.IGNORECASE)


def expand_chat_speak(text: str) -> str:
    """`text` with each whole shorthand word written out."""

    def meant(found: re.Match[str]) -> str:
        word = found.group()
        return word if word in _NAMES_TOO else MEANT[word.lower()]

    return _SHORTHAND.sub(meant, text)
