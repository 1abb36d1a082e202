"""Several questions in one message ("改简历在哪改？删账号找谁？要钱吗？"): answer each part.

The FAQ topic selector ranks topics for the whole message; when it asks two or three things, the topics
of the other parts follow the first one closely. Each such topic's answer is added after the first one,
so the person is not left to ask again. A single question never gets a second answer.
"""

from __future__ import annotations

import re

from bot.contact import EMAIL_IN_TEXT

# Question marks, full stops and semicolons end a part; so does a space between two Chinese characters
# ("被收购了数据咋办 警察来要你们给不给"), which people type instead of punctuation.
_PART_BREAK = re.compile(r"[？?。；;！!\n]+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
MIN_PART_CHARS = 3  # "要钱吗" is a question of its own
MAX_EXTRA_ANSWERS = 2
# Tuned on the tuning sets (eval/dev … dev6): at 0.1, 68 of about 1,280 answered questions got a second
# answer and 9 more had every fact asked for; at 0.05 more answers grew for no more facts.
MIN_EXTRA_CONFIDENCE = 0.1


def question_parts(text: str) -> list[str]:
    """The parts of a message that are long enough to be questions of their own."""
    text = EMAIL_IN_TEXT.sub("@", text)  # an address joins its neighbours, it is no break
    return [part.strip() for part in _PART_BREAK.split(text) if len(part.strip()) >= MIN_PART_CHARS]


def extra_topics(
    text: str, ranking: list[tuple[str, float]], min_confidence: float = MIN_EXTRA_CONFIDENCE
) -> list[str]:
    """Topics after the first to answer too: only for a message of several parts, at most one per part."""
    parts = question_parts(text)
    if len(parts) < 2 or not ranking:
        return []
    limit = min(len(parts) - 1, MAX_EXTRA_ANSWERS)
    first = ranking[0][0]
    extra = [topic for topic, confidence in ranking[1:] if confidence >= min_confidence and topic != first]
    return extra[:limit]
