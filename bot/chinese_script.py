"""Traditional characters read as simplified: "請刪除我的個人資料" is understood as "请删除我的个人资料".

The training examples, the FAQ topics and every cue in bot/intake are written in simplified characters, so
a message in traditional characters (Hong Kong, Taiwan, overseas readers) was declined or misread
(eval/dev7). The reading is one character for one character, so it has the length of what was typed, and
a value read from it (a name) is taken back from the same place in what was typed (`as_typed`): the
request of "陳嘉欣" is filed for 陳嘉欣, not 陈嘉欣.
"""

from __future__ import annotations

from bot.traditional_chars import SIMPLIFIED, TRADITIONAL

# The parse key for what the person typed; bot/nlu/typed_text_reader.py sets it when the reading differs.
TYPED_TEXT = "typed_text"
_TO_SIMPLIFIED = str.maketrans(TRADITIONAL, SIMPLIFIED)


def to_simplified(text: str) -> str:
    """`text` with every traditional character in its simplified form; everything else as typed."""
    return text.translate(_TO_SIMPLIFIED)


def as_typed(value: str, reading: str, typed: str) -> str:
    """`value`, found in `reading`, as it stands at the same place in `typed` (the two differ only in script).

    A value that is not a stretch of the reading (a default, a combined answer) is returned unchanged.
    """
    if reading == typed or len(reading) != len(typed) or not value:
        return value
    at = reading.find(value)
    return typed[at : at + len(value)] if at >= 0 else value
