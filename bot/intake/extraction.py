"""Pull request fields out of free Chinese text, so nobody is asked twice for what they said.

Heuristic by design (no entity model is trained): precise patterns for emails, phones and names,
keyword lists for request types and scenarios, and guards for questions and third-party requests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.contact import EMAIL_IN_TEXT, MOBILE_IN_TEXT
from bot.intake.answers import to_half_width
from bot.intake.third_party import is_third_party
from bot.tickets.states import Scenario, TicketType

REQUEST_TYPES = tuple(kind.value for kind in TicketType)
SCENARIOS = tuple(scenario.value for scenario in Scenario)

_NAME = re.compile(
    r"(?:我叫|我的名字(?:是|叫)|名字(?:是|叫)|姓名(?:是|为)?[:：\s]*|本人|my name is\s*)"
    r"([\u4e00-\u9fff·]{2,8}|[A-Za-z][A-Za-z .'\-]{1,40}[A-Za-z])",
    re.IGNORECASE,
)
_WO_SHI = re.compile(r"(?:^|[，,。\s])我是([\u4e00-\u9fff]{2,3})(?=$|[，,。；;！!\s])")
_NOT_NAMES = {"旷视", "用户", "客户", "员工", "本人", "候选人", "应聘者", "想问", "来问", "想要", "自己"}

_TYPE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "account_closure",
        re.compile(
            r"注销|销户|销号|(关闭|删除|删掉|关掉|停用|close|delete)\s*(我的|my\s)?\s*(服务|招聘)?(账号|帐号|账户|帐户|account)"
            r"|(账号|帐号|账户).{0,2}(注销|关闭|删除|删掉|删了|删|不用了)|close\s+(my\s+)?account",
            re.IGNORECASE,
        ),
    ),
    (
        "deletion",
        re.compile(
            r"删除|删掉|删了|删去|(能|可以|想|要)删|(帮|给|替)我删|删一下|抹掉|抹除|清除|清空|移除|销毁|遗忘|delete|remove|erase",
            re.I,
        ),
    ),
    (
        "correction",
        re.compile(
            r"更正|改正|纠正|修改|修正|更新|改成|改为|改一下|写错|填错|有误|不对|不正确|错了|帮我改|要改|"
            r"(邮箱|手机号?|电话|名字|姓名|地址)[^，。,.？?]{0,4}(要换|换成|换一下|换个|换了)|"
            r"correct|update|fix|change it to",
            re.I,
        ),
    ),
    (
        "access",
        re.compile(
            r"查阅|查看|调阅|访问|导出|副本|拷贝|复印|看看|看一下|看下|查一下|查下|查查|存了我|查询我的|哪些(个人)?(信息|数据)"
            r"|(数据|信息|资料)[^，。,.？?]{0,10}发(给|到)?我|发(一份)?(给|到)?我[^，。,.？?]{0,4}邮箱"
            r"|access|copy of|export|\bsee (what|my|which)\b|what (data|information)|view my",
            re.I,
        ),
    ),
)
_SCENARIO_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "product",
        re.compile(
            r"客户的?产品|门禁|闸机|考勤|刷脸|人脸识别(设备|系统)|摄像头|小区|物业|单位的?系统|公司的?系统|商场|"
            r"智慧|园区|学校的?系统|旷视客户|"
            r"attendance|employer|access control|face recognition (system|device)",
            re.I,
        ),
    ),
    (
        "recruitment",
        re.compile(
            r"简历|应聘|招聘|求职|面试|投递|岗位|职位|校招|社招|实习|offer|候选人|resume|\bcv\b|recruit|"
            r"job|candidate|applied|application|interview",
            re.I,
        ),
    ),
    (
        "after_sales",
        re.compile(r"售后|工单|技术支持|售后支持|服务账号|维修|故障|报修|support|after-?sales", re.I),
    ),
    (
        "business_inquiry",
        re.compile(r"商务|合作|咨询|询价|报价|洽谈|销售|business|inquiry|enquiry|partner", re.I),
    ),
    ("other", re.compile(r"^(其他|其它|别的|都不是|不清楚|不知道|other)", re.I)),
)
_QUESTION = re.compile(
    r"[？?]\s*$|多久|多长时间|几天|为什么|为何|怎么办|怎么样|是什么|[有是]哪些|(吗|呢|么)\s*[。.!！~～]?\s*$|^(为什么|为啥|怎么|如何|什么|哪些|哪里|哪个|是否|能否|可否|请问|"
    r"有没有|是不是|能不能|可不可以|会不会|要不要|干嘛|凭什么|why|how|what|when|where|can you|do you)",
    re.IGNORECASE,
)
_CANCEL = re.compile(
    r"^(算了|取消|不弄了|不办了|不要了|不用了|不提交了|不申请了|停止|退出|放弃|cancel|stop|quit)", re.I
)
_SKIP = re.compile(r"^(跳过|不提供|不想提供|没有|无|不用|不需要|不填|略过|skip|no|none|n/a)[。.!！]?$", re.I)
_RESEND = re.compile(r"重发|重新发|再发|没收到|收不到|没有收到|resend|again", re.I)
_LOST_ID = re.compile(r"忘了|忘记|找不到|不记得|丢了|没有编号|不知道编号|不知道|lost|forgot", re.I)
_CONTACT_INTRO = re.compile(
    r"(我的)?(邮箱|电子邮箱|邮件|电邮|email|e-mail|电话|手机|手机号|手机号码|联系方式)(地址)?(是|为)?", re.I
)
_GENERIC = re.compile(
    r"我想|我要|想要|我需要|需要|麻烦|你好|您好|请|帮我|帮忙|申请|提交|一下|我的|个人|信息|数据|资料|全部|所有|"
    r"删除|删掉|查阅|查看|更正|修改|注销|账号|帐号|在|你们|旷视|那里|这里|的|了|吧|啊|哦|呀|一个|[，,。.!！~～\s]"
)


@dataclass(frozen=True)
class Extraction:
    """Everything one message revealed; None where it said nothing."""

    request_type: str | None = None
    scenario: str | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    details: str | None = None
    third_party: bool = False
    is_question: bool = False


# Pinyin input slips on the desk's own words (same sound, wrong character): 删出 for 删除, 简里 for 简历.
# Only the reading of type and source sees the fixed text; what the person typed is kept as written.
_HOMOPHONES = (
    (re.compile(r"删[出处初触储]|山除"), "删除"),
    (re.compile(r"简[里力立厉利]|[减剪检]历"), "简历"),
    (re.compile(r"注[消宵]|住销|助销"), "注销"),
    (re.compile(r"[更跟][政证]|耕正"), "更正"),
    (re.compile(r"售[候厚]|兽后"), "售后"),
    (re.compile(r"应[骋乘]"), "应聘"),
)


def fix_typos(text: str) -> str:
    """The text with the commonest pinyin slips on request words undone (for reading, not for storing)."""
    for pattern, word in _HOMOPHONES:
        text = pattern.sub(word, text)
    return text


def detect_request_type(text: str) -> str | None:
    """The first matching type, most specific first (closing an account beats deleting)."""
    text = fix_typos(text)
    for request_type, pattern in _TYPE_PATTERNS:
        if pattern.search(text):
            return request_type
    return None


# "还是想让你们查一下", "帮我看看": looking into the matter, not a request for a copy of the data.
_VAGUE_LOOK = re.compile(r"查一下|查下|查查|看看|看一下|看下")
_WHAT_IS_HELD = re.compile(r"我的(个人)?(数据|信息|资料|记录)|存了|哪些|什么|\bmy (data|info)", re.I)


def vaguely_typed(text: str) -> bool:
    """The only request word is a vague "查一下/看看" and no data is named: it names no type of its own
    ("查一下我的数据" is access)."""
    if detect_request_type(text) != "access" or _WHAT_IS_HELD.search(text):
        return False
    return detect_request_type(_VAGUE_LOOK.sub(" ", text)) is None


def detect_scenario(text: str) -> str | None:
    """Where the data came from, when the words say so."""
    text = fix_typos(text.strip())
    for scenario, pattern in _SCENARIO_PATTERNS:
        if pattern.search(text):
            return scenario
    return None


def is_question(text: str) -> bool:
    """Questions are answered, never stored as a field value."""
    return bool(_QUESTION.search(text.strip()))


def is_cancel(text: str) -> bool:
    return bool(_CANCEL.search(text.strip()))


def is_skip(text: str) -> bool:
    return bool(_SKIP.match(text.strip()))


def wants_resend(text: str) -> bool:
    return bool(_RESEND.search(text))


def lost_ticket_id(text: str) -> bool:
    return bool(_LOST_ID.search(text))


def find_email(text: str) -> str | None:
    match = EMAIL_IN_TEXT.search(to_half_width(text))
    return match.group(0).rstrip(".") if match else None


def find_phone(text: str) -> str | None:
    match = MOBILE_IN_TEXT.search(to_half_width(text))
    return match.group(0) if match else None


def find_name(text: str) -> str | None:
    """A name introduced as such ("我叫吴婷", "姓名：Li Lei"); bare text is not guessed here."""
    match = _NAME.search(text) or _WO_SHI.search(text)
    if not match:
        return None
    name = match.group(1).strip()
    if name in _NOT_NAMES or any(word in name for word in ("邮箱", "手机", "电话", "申请", "删除", "想")):
        return None
    return name


def _clauses(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[，,。；;！!\n]", text) if part.strip()]


def find_details(text: str) -> str | None:
    """The clauses that say what the request is about, once names and contacts are removed."""
    kept = []
    for clause in _clauses(text):
        bare_contact = EMAIL_IN_TEXT.sub("", MOBILE_IN_TEXT.sub("", to_half_width(clause))).strip(" :：")
        if find_name(clause) or _CONTACT_INTRO.fullmatch(bare_contact) or not bare_contact:
            continue
        kept.append(clause)
    details = "，".join(kept)
    if len(_GENERIC.sub("", details)) < 2 or is_question(details):
        return None
    return details


def extract(text: str) -> Extraction:
    """Read every field one message carries ("我叫吴婷，邮箱 wu.ting@example.com，删除我的简历")."""
    question = is_question(text)
    return Extraction(
        request_type=detect_request_type(text),
        scenario=detect_scenario(text),
        name=find_name(text),
        email=find_email(text),
        # In a correction the number may be the wrong or the right value, not a contact.
        phone=None if detect_request_type(text) == "correction" else find_phone(text),
        details=None if question else find_details(text),
        third_party=is_third_party(text),
        is_question=question,
    )
