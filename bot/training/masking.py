"""Masks personal data in user messages before a trainer sees or stores them."""

from __future__ import annotations

import re

from bot.contact import EMAIL_CLEAR_OR_MASKED_IN_TEXT, MOBILE_IN_TEXT, MOBILE_MASKED_IN_TEXT

# Order matters: longer, more specific patterns first (an ID card number contains a phone-like run).
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Masked forms too: the tracker store keeps zh***@example.com and 138****8000 (bot/privacy/redaction.py).
    (EMAIL_CLEAR_OR_MASKED_IN_TEXT, "[邮箱]"),
    (MOBILE_MASKED_IN_TEXT, "[电话]"),
    (re.compile(r"(?i)\bDSR[-_ ]?[A-Z0-9]{4,10}\b", re.ASCII), "[工单号]"),
    (re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])"), "[证件号]"),
    # Mobile numbers with optional +86 and separators, landlines like 010-12345678, 400 numbers.
    (MOBILE_IN_TEXT, "[电话]"),
    (re.compile(r"(?<!\d)(?:\+?86[- ]?)?(?:0\d{2,3}|400)[- ]?\d{3,4}[- ]?\d{3,4}(?!\d)"), "[电话]"),
    (re.compile(r"(?<!\d)\d{6}(?!\d)"), "[验证码]"),
    (re.compile(r"(?<!\d)\d{7,}(?!\d)"), "[号码]"),
)
NAME = "[姓名]"
# Chinese postal addresses: place names ending in 省/市/区/县, then a road, village or town and what
# follows up to the next punctuation; or whatever follows 地址：. A cue before the place stays.
_STOP = r"[^，,。；;！!？?\s]"
_ADDRESS = re.compile(
    rf"(?:[\u4e00-\u9fff]{{1,9}}?(?:省|自治区|市|区|县))+{_STOP}*?(?:路|街|大道|巷|弄|胡同|村|镇){_STOP}*"
)
_ADDRESS_CUE = re.compile(r"^(?:我家住在|我住在|我家在|家住|住在|寄到|送到|位于)")
_ADDRESS_AFTER_CUE = re.compile(rf"(地址\s*[是为:：]\s*)({_STOP}{{5,60}})")


def _mask_address(match: re.Match[str]) -> str:
    cue = _ADDRESS_CUE.match(match.group(0))
    return (cue.group(0) if cue else "") + "[地址]"


# Control characters, and the characters Rasa reads as markup in a training example ([entity](type),
# {"entity": …}); a tag we add ([邮箱]) is kept.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_MARKUP_OR_TAG = re.compile(r"(\[(?:邮箱|工单号|证件号|电话|验证码|号码|姓名|地址)\])|[\[\]{}()]")
# 我叫 / 姓名 / 名字是 / 本人 are followed by a name; 我是 only when a surname follows
# (我是想问… is not a name).
_NAME_CUE = re.compile(
    r"(我叫|叫我|姓名\s*[:：是为]?\s*|名字\s*[:：是叫为]?\s*|本人\s*[:：]?\s*|联系人\s*[:：是]?\s*)"
    r"([\u4e00-\u9fff·]{1,4}|[A-Za-z]+(?: [A-Za-z]+)?)"
)
_I_AM_LATIN = re.compile(r"(我是|I am |I'm |my name is )([A-Z][a-z]+(?: [A-Z][a-z]+)?)")
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任"
    "卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔"
)
_I_AM = re.compile(rf"(我是|我姓)([{_SURNAMES}][\u4e00-\u9fff]{{0,2}})(?=$|[\s，,。.!！?？；;、]|的)")
_PLACEHOLDER = re.compile(r"\[(邮箱|工单号|证件号|电话|验证码|号码|姓名|地址)\]")
# Harmless stand-ins when a masked message becomes a training example.
STAND_INS = {
    "邮箱": "zhangsan@example.com",
    "工单号": "DSR-7K3M9Q",
    "证件号": "110101199003071234",
    "电话": "13800138000",
    "验证码": "123456",
    "号码": "12345678",
    "姓名": "张三",
    "地址": "北京市海淀区示例路1号",
}


def clean(text: str) -> str:
    """Drop control characters and Rasa markup, so a filed example is plain text; keep our tags."""
    text = _CONTROL.sub(" ", text)
    return _MARKUP_OR_TAG.sub(lambda m: m.group(1) or "", text).strip()


def mask(text: str) -> str:
    """Replace emails, phone and ID numbers, codes, ticket ids, addresses and names with tags."""
    masked = clean(text)
    for pattern, tag in _PATTERNS:
        masked = pattern.sub(tag, masked)
    masked = _ADDRESS.sub(_mask_address, masked)
    masked = _ADDRESS_AFTER_CUE.sub(lambda m: m.group(1) + "[地址]", masked)
    masked = _NAME_CUE.sub(lambda m: m.group(1) + NAME, masked)
    masked = _I_AM_LATIN.sub(lambda m: m.group(1) + NAME, masked)
    return _I_AM.sub(lambda m: m.group(1) + NAME, masked)


def unmask_with_stand_ins(text: str) -> str:
    """Tags become fictitious values, so an example keeps its shape without anyone's data."""
    return _PLACEHOLDER.sub(lambda m: STAND_INS[m.group(1)], text)
