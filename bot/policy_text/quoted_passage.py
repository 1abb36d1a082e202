"""A message that quotes the policy ("政策里有一条“…投诉渠道发生变化时”，这条是在说啥？"): the quoted passage.

Careful readers paste a sentence, often cut with "…", and ask what it means. The topic selector ranks by the
words around the quote, so such questions got the answer of a nearby topic (eval/dev9). The passage holding
every long piece of the quote names the answer: the FAQ topic that cites it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bot.policy_text.passages import Passage

MIN_PIECE_CHARS = 6  # shorter pieces ("我们将", "一道") are in many passages
_QUOTED = re.compile(rf"[“\"「『]([^”\"」』]{{{MIN_PIECE_CHARS},}})[”\"」』]")
_PIECE_BREAK = re.compile(r"…+|\.{3,}|[，,。；;、：:！!？?\s]+")


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def quoted_passage_ids(text: str, passages: Sequence[Passage]) -> list[str]:
    """Ids of the passages that hold every long piece of a sentence the message quotes, in policy order."""
    found: list[str] = []
    for quote in _QUOTED.findall(text):
        pieces = [piece for piece in _PIECE_BREAK.split(quote) if len(piece) >= MIN_PIECE_CHARS]
        if not pieces:
            continue
        for passage in passages:
            body = _compact(passage.text)
            if passage.id not in found and all(piece in body for piece in pieces):
                found.append(passage.id)
    return found


def topics_citing(passage_ids: Iterable[str], responses: Mapping[str, list[dict[str, Any]]]) -> set[str]:
    """The response names ("utter_faq/major_changes") whose answer cites one of `passage_ids`."""
    wanted = set(passage_ids)
    return {
        name
        for name, variants in responses.items()
        for variant in variants
        if wanted & set((variant.get("metadata") or {}).get("passages") or ())
    }
