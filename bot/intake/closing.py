"""A closing remark is read by its last act: "好的谢谢 拜拜" ends the conversation (goodbye).

The classifier weighs the whole message, and thanks words outnumber the farewell in most closing
remarks, so it says `thank` where the person has said goodbye; the reply then asks what else it can
do for someone who has already left.
"""

from __future__ import annotations

import re

_FAREWELL_LAST = re.compile(
    r"(拜拜|拜了|再见|再會|再会|回见|下次见|先这样|先这样吧|就这样吧?|(?<![0-9a-z])88|(?<![0-9a-z])886"
    r"|bye|bye-bye|goodbye|see (you|ya)|cya|ciao|have a (good|nice) (day|one))[\s!！。.~～😀-🙏👋]*$",
    re.IGNORECASE,
)


def ends_with_farewell(text: str) -> bool:
    """True when the message's last words take leave."""
    return bool(_FAREWELL_LAST.search(text.strip()))
