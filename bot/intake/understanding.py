"""How people answer a prompt in their own words: yes, no, cancel, skip, a choice, a correction, a question.

Typed answers must work as well as buttons, so each reading is a pure function over the text, tried
before the NLU's intent (which is trained on whole requests, not on "嗯 提交吧").
"""

from __future__ import annotations

import re

from bot.intake import extraction
from bot.slots import INTAKE_CODE, INTAKE_DETAILS, INTAKE_EMAIL, INTAKE_NAME, INTAKE_PHONE, INTAKE_SCENARIO

_PUNCT = re.compile(r"[\s，,。.!！~～…、:：;；?？\"'“”‘’()（）]+")
_PARTICLES = ("吧", "啊", "呀", "哦", "嘛", "了", "的", "呢", "哈", "噢", "喔", "please", "pls", "thanks")


def _longest_first(words: str) -> list[str]:
    return sorted(words.split(), key=len, reverse=True)


_YES_WORDS = _longest_first(
    "确认提交 确认无误 没问题 继续提交 帮我提交 可以提交 确认 确定 提交 继续 是的 是 对的 对 "
    "好的 好 嗯嗯 嗯 恩 行 可以 要的 要 需要 没错 正确 无误 麻烦 麻烦你 仍然 依然 吧 "
    "ok okay yes yep yeah sure goahead go ahead confirm submit correct right y fine doit "
    "yup yea ya absolutely definitely ofcourse alright allright proceed sendit fileit pleasedo "
    "soundsgood lgtm affirmative exactly 👍"
)
# Said around a yes ("yes that's right now", "对 现在没问题了"); a yes word is still needed.
_YES_FILLER = _longest_first("现在 这样 都 就 也 now thats that is its it all looks good great perfect fine")
_NO_WORDS = _longest_first(
    "不用了 不用 不要了 不要 不了 算了 不需要 不必了 不必 没必要 否 不 先不 暂时不 还是不 "
    "还是算了 不提交 不想 "
    "no nope nah nothanks nevermind notnow notyet noneed dont donot notreally 👎"
)
_EXPLICIT_CANCEL = re.compile(
    r"取消(整个|这个|本次)?(申请|请求)?|不(想)?申请了|不(想)?提交了|不办了|不弄了|不做了|放弃|退出|停止|"
    r"cancel|stop|quit|abort|forget it",
    re.I,
)
_SKIP = re.compile(
    r"^(跳过|略过|不提供|不想提供|不想给|不想留|不留|不方便|没有|无|不填|不用留|skip|none|n/?a|pass)", re.I
)
_NO_EMAIL = re.compile(
    r"没有邮箱|没邮箱|邮箱没有|无邮箱|不用邮箱|不想(留|给|提供)邮箱|不能(留|给)邮箱|只有(手机|电话)|留(个)?(电话|手机)|"
    r"(用|打)(电话|手机)|(no|don'?t have an?) e-?mail|phone instead",
    re.I,
)
_WHY = re.compile(
    r"为什么|为啥|为何|干嘛|干什么|做什么用|有什么用|什么用|用来|用途|必须|一定要|非要|必要吗|凭什么|"
    r"why|what for|what do you need|what is it for",
    re.I,
)
FIELD_PATTERNS = (
    (INTAKE_PHONE, re.compile(r"手机|电话|号码|phone|mobile", re.I)),
    (INTAKE_EMAIL, re.compile(r"邮箱|邮件|电邮|e-?mail", re.I)),
    (INTAKE_CODE, re.compile(r"验证码|code", re.I)),
    (INTAKE_NAME, re.compile(r"姓名|名字|真名|全名|姓|(?<![a-z])name", re.I)),
    (INTAKE_SCENARIO, re.compile(r"场景|来源|哪里来|从哪|scenario|source", re.I)),
    (INTAKE_DETAILS, re.compile(r"说明|详情|描述|细节|details|describe", re.I)),
)
_THIS = re.compile(r"这个|这些|这项|这一项|this|that", re.I)
_CHANGE = re.compile(
    r"修改|更改|改一下|改成|改为|改下|换成|换一个|换个|写错|填错|打错|输错|搞错|弄错|错了|不对|有误|更正|"
    r"应该是|应为|少打|多打|漏了|打成|写成|instead|other email|another|new email|new number|"
    r"change|wrong|typo|fix",
    re.I,
)
_FORM_REFERENCE = re.compile(
    r"刚才|刚刚|上面|前面|我填的|我输入的|我给你的|我发的|等等|等一下|等下|打错|输错|sorry|oops", re.I
)
_TYPE_SWITCH = re.compile(
    r"改成|改为|换成|还是|其实|算了|不是.{0,8}是|instead|rather|change it to|actually", re.I
)
_ORDINALS = {
    "1": 0,
    "一": 0,
    "第一": 0,
    "第一个": 0,
    "first": 0,
    "2": 1,
    "二": 1,
    "第二": 1,
    "第二个": 1,
    "second": 1,
    "3": 2,
    "三": 2,
    "第三": 2,
    "第三个": 2,
    "third": 2,
    "4": 3,
    "四": 3,
    "第四": 3,
    "第四个": 3,
    "fourth": 3,
    "5": 4,
    "五": 4,
    "第五": 4,
    "第五个": 4,
    "fifth": 4,
}


def _squash(text: str) -> str:
    return _PUNCT.sub("", text.strip().lower())


_LONGEST_ANSWER = 60


def _words_of(text: str, words: list[str], filler: tuple[str, ...] = ()) -> list[str] | None:
    """The message read as these words (particles and `filler` dropped), or None if anything else is in it.

    Every way of cutting the message is tried (from its end, no recursion), so "all good" is not lost to
    "go" matching first.
    """
    squashed = _squash(text)
    if not squashed or len(squashed) > _LONGEST_ANSWER:
        return None  # a yes, a no or a cancel is never a paragraph
    pieces = (*words, *filler, *_PARTICLES)
    # reading[i]: the yes/no words of squashed[i:] when it can be read whole, else None.
    reading: list[list[str] | None] = [None] * len(squashed) + [[]]
    for start in range(len(squashed) - 1, -1, -1):
        for word in pieces:
            rest = reading[start + len(word)] if squashed.startswith(word, start) else None
            if rest is not None:
                reading[start] = ([word] if word in words else []) + rest
                break
    return reading[0]


def _only(text: str, words: list[str]) -> bool:
    """True when the message is nothing but these words (and particles), in any order or repetition."""
    return _words_of(text, words) is not None


def is_yes(text: str) -> bool:
    """对 / 好的 / 嗯 提交吧 / 可以的 / yes / "yes that's right now", and nothing else in the message."""
    return not is_no(text) and bool(_words_of(text, _YES_WORDS, tuple(_YES_FILLER)))


def is_no(text: str) -> bool:
    """不用了 / 算了 / 不要 / no / nope: a refusal, but not yet "cancel the whole request"."""
    squashed = _squash(text)
    starts = any(squashed.startswith(word) for word in _NO_WORDS if len(word) > 1 or squashed == word)
    return starts and _only(text, [*_NO_WORDS, "这个", "提交", "申请", "thank", "you", "谢谢"])


def is_explicit_cancel(text: str) -> bool:
    """The person says to cancel the request itself ("取消申请", "不申请了", "cancel")."""
    if extraction.detect_request_type(text) or extraction.find_email(text) or extraction.find_phone(text):
        return False
    return bool(_EXPLICIT_CANCEL.search(text)) and len(_squash(text)) <= 16


_REFUSE = re.compile(r"不留|不给|不提供|不想给|不想留|不方便|不用了|就算了|不要了|rather not|no phone", re.I)


def is_skip(text: str) -> bool:
    """跳过 / 不提供 / "电话就不留了": the optional field stays empty."""
    refused = bool(_REFUSE.search(text)) and not re.search(r"\d{5,}", text)
    return bool(_SKIP.match(_squash(text))) or is_no(text) or refused


def has_no_email(text: str) -> bool:
    """The person offers a phone instead of an email, or says they have none."""
    return bool(_NO_EMAIL.search(text))


def asks_why(text: str) -> bool:
    """The person asks why something is needed ("为啥要填", "why")."""
    return bool(_WHY.search(text))


def field_questioned(text: str, requested: str | None) -> str | None:
    """The field whose purpose is asked ("手机号是干嘛用的", "why do you need my email"), else None."""
    if not _WHY.search(text):
        return None
    for clause in re.split(r"[？?。！!，,；;]", text):  # "邮箱为啥要填？我只想留手机号": the email is asked
        if _WHY.search(clause):
            named = [(hit.start(), slot) for slot, rule in FIELD_PATTERNS if (hit := rule.search(clause))]
            if named:
                return min(named)[1]
    for slot, pattern in FIELD_PATTERNS:
        if pattern.search(text):
            return slot
    if requested and (_THIS.search(text) or len(_squash(text)) <= 8):
        return requested
    return None


def correction_target(text: str, requested: str | None, request_type: str | None) -> str | None:
    """The field the person wants to change ("邮箱换一个：…", "等等，姓写错了"), else None.

    While the details of a correction request are asked, "手机号写错了" is those details unless the
    person points back at what they typed ("刚才的手机号写错了").
    """
    if not _CHANGE.search(text):
        return None
    if requested == INTAKE_DETAILS and request_type == "correction" and not _FORM_REFERENCE.search(text):
        return None
    for slot, pattern in FIELD_PATTERNS:
        if slot != INTAKE_CODE and pattern.search(text):
            return slot
    return None


def changes_contact(text: str) -> bool:
    """Words that say a contact given earlier was wrong ("哦邮箱少打了个g 应该是…")."""
    return bool(_CHANGE.search(text))


def type_switch(text: str, current: str | None) -> str | None:
    """A new request type asked for mid-way ("改成删除", "算了不改了，还是帮我删掉吧"), else None."""
    if not _TYPE_SWITCH.search(text):
        return None
    found = _last_type(text)
    if found == "access" and not re.search(r"查阅|查看|导出|副本|access", text, re.I):
        return None  # "还是想让旷视看一下" asks to go on, not to change the request
    return found if found and found != current else None


def _last_type(text: str) -> str | None:
    """The type named last: in "不改了，还是删掉" the person settles on deleting."""
    clauses = [part for part in re.split(r"[，,。；;！!\s]|还是|改成|改为|换成", text) if part.strip()]
    for clause in reversed(clauses):
        if re.match(r"^(不|别|不用|不要)", clause.strip()):
            continue
        found = extraction.detect_request_type(clause)
        if found:
            return found
    return None


def choice(text: str, options: tuple[str, ...]) -> str | None:
    """An option picked by its position ("第二个", "2")."""
    index = _ORDINALS.get(_squash(text).removesuffix("吧").removesuffix("个").removeprefix("选"))
    if index is None:
        index = _ORDINALS.get(_squash(text).removeprefix("选"))
    return options[index] if index is not None and index < len(options) else None
