"""A message that is one bare keyword of the policy's own ("出境", "cookie?", "删除权？").

People who type search-box style send a term and expect its section. The classifiers learned from
questions, so such a message was declined as out of scope although the topic selector was sure of the
answer (eval/dev9: "出境" ranked out_of_scope with topic cross_border_transfer at 0.99). A term the policy
uses literally is in scope whatever it ranked; an out-of-scope word ("天气", "抖音") is not in the policy.
"""

from __future__ import annotations

import re

MIN_KEYWORD_CHARS = 2
MAX_KEYWORD_CHARS = 8  # a longer message is a question, for the classifiers
_NOT_A_WORD = re.compile(r"[\W_]+")


def policy_words(policy_text: str) -> str:
    """The policy text as keywords are looked up in it: lower case, without white space."""
    return re.sub(r"\s+", "", policy_text).lower()


def is_policy_keyword(text: str, words: str) -> bool:
    """True when the whole message, without punctuation, is a short term found in the policy (`words`,
    from `policy_words`)."""
    keyword = _NOT_A_WORD.sub("", text).lower()
    return MIN_KEYWORD_CHARS <= len(keyword) <= MAX_KEYWORD_CHARS and keyword in words
