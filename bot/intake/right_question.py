"""Asking about a right versus using it: "怎么注销账号" / "how do I close my account" ask how it works.

The classifier reads both as the request ("注销账号"); the assistant answers such a question from the policy
(the answer keeps its "start a request" button), and starts the request's form only when the person says
they want it done ("帮我注销", "我想删除我的简历 怎么弄", "just do it for me").
"""

from __future__ import annotations

import re

_HOW_TO = re.compile(
    r"^(请问|问下|问一下|想问下?|想知道)?\s*(我)?(该|要|应该)?(怎么|如何|咋|怎样|在哪|去哪)"
    r"|(怎么|如何|咋|怎样)(才能|可以|能)?(申请|办理|操作|提交|注销|删除|查阅|查看|更正|修改|销户|弄|办)"
    r"|(流程|步骤|手续|入口|渠道)(是|在)?(什么|啥|哪)|需要(什么|哪些|啥)(材料|手续|条件|资料)"
    r"|(收费|花钱|要钱|多久|几天)(吗|么|嘛)?\s*[?？]?\s*$"
    r"|^(how (do|can|would|should|to)\b|what'?s the (process|procedure|way)\b|where (do|can) i\b"
    r"|is there a way to\b|do i have to\b|is it possible to\b)",
    re.IGNORECASE,
)
_WISH = re.compile(
    r"帮我|给我|替我|直接|麻烦|我要|我想要|我想(?!知道|了解|问|咨询)|请(你|您)?(把|帮|尽快)|马上|赶紧|现在就"
    r"|just do it|for me\b|^(please|pls|plz)\b|\bi (want|need)\b|\bi'?d like\b",
    re.IGNORECASE,
)


def asks_how_to_use_right(text: str) -> bool:
    """A question about how a right works, with no wish to have it done now."""
    return bool(_HOW_TO.search(text.strip())) and not _WISH.search(text)
