"""Written Cantonese read as Mandarin: "幫我刪咗我喺你哋度嘅資料" is understood as "帮我删了我在你们那的资料".

Hong Kong and Guangdong users write the words they speak (咗, 喺, 嘅, 唔, 冇, 點樣), and the classifiers and
every cue in bot/intake learned Mandarin, so such a message was misread or declined (eval/dev9). Each word is
read as a Mandarin word of the same length, so the reading keeps every offset and a name is filed as typed
(bot/chinese_script.py `as_typed`). It runs before the traditional characters are simplified, so each word
is listed in both scripts where they differ. Only words that mean nothing else in Mandarin are listed: 係 is
read as 是 except in 關係 / 联係 (relationship, contact), 呢 only before a measure word.
"""

from __future__ import annotations

import re

MEANT = {
    # Longer words first where a shorter one is inside them (the pattern below tries the longest first).
    "搞成點": "怎么样",
    "搞成点": "怎么样",
    "係咪": "是否",
    "系咪": "是否",
    "唔好": "不要",
    "唔該": "谢谢",
    "唔该": "谢谢",
    "點樣": "怎样",
    "点样": "怎样",
    "點解": "为何",
    "点解": "为何",
    "邊度": "哪里",
    "边度": "哪里",
    "邊個": "哪个",
    "边个": "哪个",
    "幾耐": "多久",
    "几耐": "多久",
    "而家": "现在",
    "乜嘢": "什么",
    "咩嘢": "什么",
    "哋度": "们那",
    "有啲": "有些",
    "返工": "上班",
    "前度": "前任",
    "呢個": "这个",
    "呢个": "这个",
    "呢度": "这里",
    "呢份": "这份",
    "呢啲": "这些",
    "咗": "了",
    "喺": "在",
    "哋": "们",
    "嘅": "的",
    "冇": "没",
    "唔": "不",
    "㗎": "的",
    "嚟": "来",
    "佢": "他",
    "啲": "的",
    "嗰": "那",
    "睇": "看",
    "攞": "拿",
    "畀": "给",
    "俾": "给",
    "揾": "找",
    "搵": "找",
    "咩": "啥",
    "乜": "啥",
    "啱": "对",
    "咁": "这",
    "噉": "这",
}
_WORDS = "|".join(sorted(MEANT, key=len, reverse=True))
# 係 is "is" unless it is part of 關係 / 联係 / 體係 (relationship, contact, system).
_CANTONESE = re.compile(rf"{_WORDS}|(?<![關关聯联體体干幹派])係")


def read_cantonese(text: str) -> str:
    """`text` with each written-Cantonese word read as the Mandarin word of the same length."""
    return _CANTONESE.sub(lambda found: MEANT.get(found.group(), "是"), text)
