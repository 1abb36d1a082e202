"""The request's details inside a message that also names the request, its source, a name or a contact.

Kept apart from understanding.py (short answers) because it reads whole sentences, and from bare_name.py,
which it uses: a name typed beside the details is a field, not part of them.
"""

from __future__ import annotations

import re

from bot.intake import extraction
from bot.intake.bare_name import bare_name
from bot.intake.understanding import is_no, is_skip, is_yes

# Words that only name the request or where the data came from; what is left is the details.
_KEYWORDS = re.compile(
    r"删除|删掉|删了|删去|删|清除|清空|清掉|抹掉|移除|查阅|查看|查一下|查询|看看|看一下|看下|导出|更正|修改|改正|纠正|"
    r"写错|填错|改一下|改|注销|销户|关闭|应聘|招聘|求职|投递|投过|投的|售后|支持|商务|合作|咨询|那个|"
    r"全部|所有|都|想|把|帮|我|要|请|吧|了|的|你好|您好|麻烦|谢谢|个人|信息|数据|资料|东西|内容|"
    r"那边|这边|那里|你们|旷视|一下|申请|提交|账号|帐号|账户|副本|拷贝|一份|存|留|系统|里|那|是|这|用|哪些|什么|"
    r"\b(delete|remove|erase|close|access|copy|correct|update|fix|see|get|send|my|me|i|i'd|i'm|like|want|"
    r"to|please|pls|all|the|personal|data|info|information|account|acount|of|you|your|hold|have|about|a|an|"
    r"would|can|could|need|and|what|is|are|stored|on|in|for)\b|[，,。.!！~～'\s]",
    re.I,
)
_CONTACT_WORD = re.compile(
    r"^(我的)?(邮箱|电子邮箱|邮件|电邮|email|e-mail|电话|手机|手机号|手机号码|联系方式|姓名|名字)(地址)?(是|为)?[:：]?$",
    re.I,
)
_RIGHT_VALUE = re.compile(
    r"应为|应该是|改成|改为|换成|正确的?是|是.{1,12}不是|不是.{1,12}是|should be|[0-9@]", re.I
)
_GREETING = re.compile(r"^(你好|您好|hi|hello|嗨|谢谢|多谢|麻烦了|麻烦你了|请问)[啊呀哈!！~～]*$", re.I)


def carries_details(text: str) -> str | None:
    """The request's details in a message, when it says more than the bare request and its source.

    "我要删除个人信息" and "售后" carry none (they are asked for); "去年投过简历 想把面试记录删了" does.
    Names, contacts and greetings are left out; in a correction a number may be the right value, so it stays.
    """
    if text.startswith("/") or extraction.is_question(text) or is_yes(text) or is_no(text):
        return None
    correction = extraction.detect_request_type(text) == "correction"
    kept = []
    spaced = r"|\s+" if re.search(r"[\u4e00-\u9fff]", text) else ""
    for part in re.split(r"[，,。；;！!\n]" + spaced, text):
        part = part.strip()
        if not part or _GREETING.match(part) or _CONTACT_WORD.match(part) or extraction.find_name(part):
            continue
        if bare_name(part) or (is_skip(part) and re.search(r"手机|电话|phone|mobile", part, re.I)):
            continue  # "王磊，…，电话不留": the name and "no phone" are fields, not details
        if not correction and (extraction.find_email(part) or extraction.find_phone(part)):
            continue
        kept.append(part)
    details = "，".join(kept)
    if correction and not _RIGHT_VALUE.search(details):
        return None  # "简历上的信息写错了" says what is wrong but not what is right: ask for both
    return details if len(_KEYWORDS.sub("", details)) >= 2 else None
