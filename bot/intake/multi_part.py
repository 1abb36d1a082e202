"""Several questions in one message ("改简历在哪改？删账号找谁？要钱吗？"): answer each part.

The FAQ topic selector ranks topics for the whole message; when it asks two or three things, the topics
of the other parts follow the first one closely. Each such topic's answer is added after the first one,
so the person is not left to ask again. A single question never gets a second answer.

Parts end at punctuation, at a space between Chinese words, at a joining word (还有, 另外) and, in a run
typed or dictated without punctuation, after a question word with more words behind it. On the tuning sets
(eval/dev … dev7, 1,490 answerable questions) the joining words and question words answered 3 more
questions in full, at the cost of 10 more replies with a second answer.
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


# Words that join two questions ("要存多久还有会不会拿去做违法的事"): typed, or dictated without punctuation.
# In English, "and" before a question word ("When was it founded, and where is its office?") and a plus sign
# ("cookies how long + how to turn off") join two questions.
_JOINING_WORD = re.compile(
    r"还有|另外|以及|顺便问|再问|\band also\b|\balso,|\s\+\s"
    r"|,?\s+\band\s+(?=(?:where|how|what|when|who|which|why|is|are|do|does|can|will|should)\b)",
    re.IGNORECASE,
)
# Question words: an unpunctuated run with several apart asks several things ("哪年成立的总部在哪电话多少").
_QUESTION_WORD = re.compile(
    r"哪年|哪里|在哪|哪儿|多少|多久|几年|几天|什么时候|找谁|吗|怎么办|是否|能不能|会不会"
)
MIN_WORDS_BEFORE, MIN_WORDS_AFTER = 2, 3


def question_parts(text: str) -> list[str]:
    """The parts of a message that are long enough to be questions of their own."""
    text = EMAIL_IN_TEXT.sub("@", text)  # an address joins its neighbours, it is no break
    parts = [part.strip() for chunk in _PART_BREAK.split(text) for part in _JOINING_WORD.split(chunk)]
    return [piece for part in parts for piece in _by_question_words(part) if len(piece) >= MIN_PART_CHARS]


def _by_question_words(part: str) -> list[str]:
    """A part cut after each question word with words before it and more words after it."""
    pieces, start = [], 0
    for word in _QUESTION_WORD.finditer(part):
        if word.start() - start >= MIN_WORDS_BEFORE and len(part) - word.end() >= MIN_WORDS_AFTER:
            pieces.append(part[start : word.end()])
            start = word.end()
    pieces.append(part[start:])
    return [piece.strip() for piece in pieces]


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
