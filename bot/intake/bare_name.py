"""A message that is only a name ("王明", "欧阳娜娜", "Li Lei"), typed at a prompt that asked for more.

People answer the question they expect, not the one asked: the form keeps the name instead of asking again.
"""

from __future__ import annotations

import re

from bot.intake import extraction
from bot.intake.understanding import asks_why, changes_contact, is_no, is_yes

# The commonest surnames: a bare "王明" typed at another prompt is read as a name only with one of these.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧"
)
_NOT_NAMES = {"谢谢", "谢谢你", "谢谢您", "多谢", "你好", "您好", "再见", "拜拜", "高兴", "方便"}
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "慕容", "令狐", "皇甫", "尉迟", "公孙")


def bare_name(text: str) -> str | None:
    """A message that is only a name ("王明", "欧阳娜娜", "Li Lei"), read when typed at another prompt."""
    value = text.strip().strip("。.!！")
    if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", value):
        surname_ok = value[0] in _SURNAMES or value.startswith(_COMPOUND_SURNAMES)
        keyword = extraction.detect_request_type(value) or extraction.detect_scenario(value)
        reply = is_yes(value) or is_no(value) or asks_why(value) or changes_contact(value)
        if surname_ok and not keyword and not reply and value not in _NOT_NAMES and value[0] != value[1]:
            return value
    if re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}", value):
        return value
    return None
