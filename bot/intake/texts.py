"""User-facing text of the request flow, in Chinese here and in English in bot/intake/texts_en.py.

The flow reads `texts.NAME` at the moment it speaks; inside `speaking("en")` (the action server sets it
from the tracker's language slots for every action) that read gives the English version of NAME, so the
flow itself never passes a language around. A name with no English version stays Chinese.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from bot.language import DEFAULT as DEFAULT_LANGUAGE
from bot.language import Language
from bot.slots import (
    INTAKE_CODE,
    INTAKE_CONFIRMED,
    INTAKE_DETAILS,
    INTAKE_EMAIL,
    INTAKE_NAME,
    INTAKE_PHONE,
    INTAKE_SCENARIO,
    INTAKE_TYPE,
    STATUS_TICKET_ID,
)
from bot.tickets.states import TYPE_TEXT

CONTACT_EMAIL = "business@megvii.com"

TYPE_LABELS = {kind.value: label for kind, label in TYPE_TEXT.items()}
SCENARIO_LABELS = {
    "business_inquiry": "商务合作与咨询",
    "after_sales": "售后与支持",
    "recruitment": "应聘旷视岗位",
    "product": "旷视客户的产品或服务",
    "other": "其他",
}
STATUS_LABELS = {
    "received": "已受理，等待处理",
    "in_progress": "处理中",
    "awaiting_requester": "等待您补充信息（请查看邮件）",
    "completed": "已完成",
    "rejected": "未予受理（原因已通过邮件告知）",
    "withdrawn": "已撤回",
}
FIELD_LABELS = {
    INTAKE_TYPE: "申请类型",
    INTAKE_SCENARIO: "信息来源",
    INTAKE_NAME: "姓名",
    INTAKE_EMAIL: "邮箱",
    INTAKE_PHONE: "手机号",
    INTAKE_DETAILS: "请求说明",
}


@dataclass(frozen=True)
class Reply:
    """One bot message; buttons are (title, payload) pairs."""

    text: str
    buttons: tuple[tuple[str, str], ...] = ()


HUMAN_BUTTON = ("转人工客服", "/human_handoff")

THIRD_PARTY = Reply(
    "抱歉，出于保护个人信息的考虑，我只能受理本人关于自己个人信息的申请，也不会向他人的邮箱发送任何内容。"
    "可以提出申请的是信息主体本人：请他/她本人在这里和我对话提交（需要验证本人邮箱），"
    f"或由本人发送邮件至 {CONTACT_EMAIL}，写明姓名、联系方式和具体请求。"
    "如果是您自己的信息，告诉我“是我本人的信息”，我们重新开始。还有其他可以帮您的吗？"
)
NOT_WANTED = Reply("好的，这次没有提交任何申请。如之后需要，随时告诉我。")
QUESTION_NOT_STORED = "这看起来像是一个问题，我没有把它当作您填写的内容。"
SMALL_TALK = {"greet": "您好！我们继续刚才的申请。", "thank": "不客气！我们继续。"}
THREE_FAILURES = Reply(
    "看起来这一项填写得不太顺利。需要的话，我可以为您转接人工客服。", buttons=(HUMAN_BUTTON,)
)
CHANGE_WHICH = "请告诉我要修改哪一项，例如“邮箱改成 name@example.com”；信息无误的话回复“确认”即可。"
CHANGE_ACK = "好的，我们来修改{label}。"
NOT_A_CODE = "验证码是邮件中的 6 位数字，请直接输入；没收到的话可以回复“重发”。"
WRONG_CODE = "验证码不正确，您还可以再试 {attempts_left} 次。"
CODE_EXPIRED = "这个验证码已过期（有效期 10 分钟）。回复“重发”即可获取新的验证码。"
CODE_LOCKED = "验证码错误次数过多，这个验证码已失效，即使输入正确也无法通过。回复“重发”即可获取新的验证码。"
RESENT = "新的验证码已发送，请查收邮件（也请看看垃圾邮件箱）。之前的验证码将不再有效。"
RATE_LIMITED = "发送太频繁了，请在 {seconds} 秒后再回复“重发”。"
DAILY_LIMIT = "今天的验证次数已经用完了，为保护您的信息安全，请明天再来办理。如需帮助，可以回复“转人工”。"
VERIFY_UNAVAILABLE = (
    "抱歉，验证系统暂时无法连接，验证码没能发出。请稍后回复“重发”再试，"
    f"或发送邮件至 {CONTACT_EMAIL} 提交申请。"
)
VERIFIED = "验证成功，谢谢！"

PRODUCT_NOTICE = (
    "先说明一下：根据《旷视个人信息与隐私保护政策》第七部分，在具体的产品或服务场景下（例如单位的考勤、"
    "小区或园区的门禁等系统），个人信息的控制者通常是使用该系统的我们的客户（您所在的公司或单位、物业等），"
    "旷视并不直接掌握这些数据。建议您先查看该单位的隐私政策，并通过其中的联系方式（或单位的人事、行政、"
    "物业服务中心）直接向它提出请求，由其视情况向我们转交。"
    "如您仍希望旷视也看一下，我可以替您提交申请，由隐私团队协调处理。"
)
SELF_SERVICE_NOTICE = {
    "after_sales": (
        "小提示：根据《旷视个人信息与隐私保护政策》第七部分，售后与支持的信息可以登录您的服务账号，在"
        "“个人中心-我的消息/我的提问/我的发表/我的关注/我的资料”中随时查看、修改，通常比提交申请更快。"
    ),
    "recruitment": (
        "小提示：根据《旷视个人信息与隐私保护政策》第七部分，应聘信息可以登录旷视招聘系统，在"
        "“个人中心-我的申请/我的简历/已收藏的职位/账户设置”中随时查看、修改，通常比提交申请更快。"
    ),
}
PROCEED_QUESTION = "您仍希望我为您提交这个申请吗？（回复“是”继续，或“不用了”）"
PROCEED_BUTTONS = (("继续提交", "/affirm"), ("不用了", "/deny"))
PROCEED_AGAIN = "您是否仍希望提交这个申请？可以直接回复“是”或“不用了”。"

CANCEL_CONFIRM = Reply(
    "您是想取消整个申请吗？取消后不会提交任何内容。回复“是，取消”取消申请，回复“继续”接着填写。",
    (("是，取消申请", "是，取消申请"), ("不，继续填写", "不，继续填写")),
)
DETAILS_ADDED = "好的，已把这些补充到请求说明里。"
CANCEL_KEPT = "好的，申请没有取消，我们接着来。"
ANYTHING_ELSE = Reply("好的。还有其他可以帮您的吗？")
TYPE_CHANGED = "好的，申请类型改为“{label}”，您已经填写的信息都保留。"
NO_EMAIL = (
    "提交申请需要一个您本人的电子邮箱：身份验证码只能发到邮箱，申请编号和处理结果也通过邮件告诉您。"
    "{phone_kept}如果您暂时没有可用的邮箱，也可以之后用任何一个邮箱写信至 "
    f"{CONTACT_EMAIL}，写明姓名、联系方式和具体请求；或者回复“转人工”联系客服。"
)
PHONE_KEPT = "您的手机号我已经记下了，隐私团队需要时会用它联系您。"
# How long request data is kept: one sentence, so a retention rule changes it in one place.
# Matches README "What the assistant keeps": the ticket is the legal record; chats go after closing.
RETENTION = (
    "它只用于这次申请：随申请记录加密保存，作为处理您申请的记录；"
    "聊天记录在申请办结后一段时间（默认 180 天）删除；如果您在提交前取消，这里填写的内容会立即删除。"
)
FIELD_PURPOSES = {
    INTAKE_TYPE: "申请类型决定隐私团队要为您做什么（查阅、更正、删除或注销），这一项是必填的。",
    INTAKE_SCENARIO: (
        "信息来源用来找到您的数据在哪个系统里（商务咨询、售后、招聘，或客户的产品），"
        "也决定谁是这些数据的控制者。这一项是必填的，不确定可以回答“其他”。"
    ),
    INTAKE_NAME: f"姓名用来在对应系统中查找您的记录，并在回复中称呼您。这一项是必填的。{RETENTION}",
    INTAKE_EMAIL: (
        "邮箱用来发送验证码，确认申请确实是您本人提出的，申请编号和处理结果也会发到这里。这一项是必填的。"
        f"{RETENTION}"
    ),
    INTAKE_PHONE: (
        "手机号只在隐私团队需要和您核实情况时用来联系您，不会用于营销。这一项是可选的，"
        f"不想提供可以回复“跳过”。{RETENTION}"
    ),
    INTAKE_DETAILS: (
        "请求说明告诉隐私团队具体要查阅、更正或删除哪些信息，这一项是必填的。请不要在这里填写身份证号、"
        f"银行卡号等与请求无关的敏感信息。{RETENTION}"
    ),
    INTAKE_CODE: (
        "验证码用来确认这个邮箱确实属于您，防止别人冒用您的身份查看或删除您的信息。验证码 10 分钟内有效，"
        "验证后即失效，不会用于其他用途。"
    ),
    INTAKE_CONFIRMED: "这是提交前的最后确认：请核对以上信息，确认无误后我们才会提交申请。",
}
NOT_UNDERSTOOD = {
    INTAKE_TYPE: "抱歉，我没有看懂您想办理哪一种。可以直接打字，例如“查阅”、“更正”、“删除”或“注销账号”。",
    INTAKE_SCENARIO: (
        "抱歉，我没有看懂。可以直接打字告诉我，例如“商务咨询”、“售后”、“简历”、“单位的门禁考勤”或“其他”。"
    ),
}
NOT_UNDERSTOOD_DEFAULT = "抱歉，我没有看懂，可以换个说法再告诉我吗？"

SUMMARY = (
    "请确认以下信息：\n· 申请类型：{type}\n· 信息来源：{scenario}\n· 姓名：{name}\n"
    "· 邮箱：{email}（已验证）\n· 手机号：{phone}\n· 请求说明：{details}\n"
    "确认无误请回复“确认”（或点击“确认提交”）；需要修改就直接告诉我，例如“姓名改成…”、“邮箱换一个：…”。"
)
PHONE_NOT_GIVEN = "未提供"
CODE_SENT = (
    "为确认是您本人，我们已向 {email} 发送了 6 位验证码（10 分钟内有效）。"
    "请在这里输入验证码；没收到的话可以回复“重发”，邮箱填错了可以直接告诉我正确的邮箱。"
)
CODE_AGAIN = "请输入邮件中的 6 位验证码（没收到可以回复“重发”）。"
SUMMARY_BUTTONS = (
    ("确认提交", "/affirm"),
    ("修改姓名", "修改姓名"),
    ("修改邮箱", "修改邮箱"),
    ("修改手机号", "修改手机号"),
    ("修改请求说明", "修改请求说明"),
    ("取消申请", "/stop"),
)

FILED = (
    "申请已提交！\n申请编号：{ticket_id}\n申请类型：{type_label}\n答复期限：{due}之前\n"
    "接下来：隐私团队会核实并处理您的请求，如需补充信息会通过邮件联系您；确认邮件已发送至 {email}。"
    "请保存好申请编号，之后可以随时对我说“查询申请进度”。"
)
DUPLICATE = (
    "您已经有一个同类型的申请正在处理中：编号 {ticket_id}，状态：{status_label}。我们不会重复创建新的申请。\n"
    "另外提醒：根据政策第七部分，对于合理的请求原则上不收取费用，但对多次重复、超出合理限度的请求，"
    "我们可能在合法限度内收取一定成本费用或予以拒绝。"
)
KEPT_FOR_LATER = (
    "抱歉，申请系统暂时无法连接。您的申请已安全保存，系统恢复后会自动提交，"
    "届时申请编号和答复期限将通过邮件发送至 {email}，您无需重新申请。"
)
FILING_FAILED = (
    f"抱歉，申请没能提交（身份验证已失效或信息有误）。请重新发起申请，或发送邮件至 {CONTACT_EMAIL}。"
)
STATUS_LOST_ID = (
    "申请编号在您提交申请后收到的确认邮件里（邮件标题含“申请已受理”，编号形如 DSR-7K3M9Q）。"
    "请在邮箱中搜索“DSR-”找到它，再来查询。若找不到邮件，可以发送邮件至 "
    f"{CONTACT_EMAIL} 说明情况。"
)
STATUS_CODE_SENT = (
    "如果这个编号有效，我们已向申请时登记的邮箱发送了 6 位验证码。请输入验证码，验证后即可查看进度。"
)
STATUS_RESULT = "申请 {ticket_id}（{type_label}）\n当前状态：{status_label}\n答复期限：{due}"


def due_text(due_at: str | None) -> str:
    """ISO timestamp → 2026年5月8日; the backend computes the working-day deadline."""
    if not due_at:
        return "法定期限内"
    date = due_at[:10]
    try:
        year, month, day = (int(part) for part in date.split("-"))
    except ValueError:
        return date
    return f"{year}年{month}月{day}日"


PROMPTS = {
    INTAKE_TYPE: Reply(
        "好的，我来帮您提交申请。请问您想办理哪一种？",
        (
            ("查阅我的个人信息", "/request_access"),
            ("更正我的个人信息", "/request_correction"),
            ("删除我的个人信息", "/request_deletion"),
            ("注销账号", "/request_account_closure"),
        ),
    ),
    INTAKE_SCENARIO: Reply(
        "这些个人信息是在什么场景下提供给旷视的？",
        (
            ("商务合作与咨询", "商务合作与咨询"),
            ("售后与支持（服务账号）", "售后与支持（服务账号）"),
            ("应聘旷视岗位（简历）", "应聘旷视岗位（简历）"),
            ("旷视客户的产品（如门禁、考勤）", "旷视客户的产品（如门禁、考勤）"),
            ("其他", "其他"),
        ),
    ),
    INTAKE_NAME: Reply("请问您的姓名是？"),
    INTAKE_EMAIL: Reply("请提供您的电子邮箱：身份验证码和申请确认都会发送到这个邮箱。"),
    INTAKE_PHONE: Reply(
        "方便的话，请留一个中国大陆手机号，便于隐私团队联系您（可选）。不想提供请回复“跳过”。",
        (("跳过", "跳过"),),
    ),
    STATUS_TICKET_ID: Reply(
        "请提供您的申请编号（形如 DSR-7K3M9Q），它在您提交申请后收到的确认邮件里。"
        "找不到的话，告诉我“编号找不到了”。"
    ),
}
DETAILS_PROMPTS = {
    "access": "请说明您想查阅哪些信息（例如：“我在售后支持中留下的资料和工单记录”）。",
    "correction": (
        "请说明哪项信息有误，以及正确的内容是什么"
        "（例如：“简历上的手机号 13800000000 写错了，应为 13900000000”）。"
    ),
    "deletion": "请说明您希望删除哪些信息（例如：“我的简历和应聘记录”）。",
    "account_closure": "请提供要注销的账号的用户名或注册手机号；如方便，也可以说明注销原因。",
}
CANCELLED = Reply("好的，已取消，没有提交任何申请，填写的信息也已清除。还有其他可以帮您的吗？")


_speaking: ContextVar[Language] = ContextVar("intake_language", default=DEFAULT_LANGUAGE)


def current_language() -> Language:
    """The language the texts are served in for this action run (one asyncio task per request)."""
    return _speaking.get()


def set_language(language: Language) -> None:
    """Serve this run's texts in `language` (the action server calls this once per request)."""
    _speaking.set(language)


@contextmanager
def speaking(language: Language) -> Iterator[None]:
    """Serve the texts in `language` inside the block (tests, and code outside the action server)."""
    token = _speaking.set(language)
    try:
        yield
    finally:
        _speaking.reset(token)


def localised(text: str) -> str:
    """A reply's text in the language spoken: validation messages worded in answers.py are replaced."""
    if _speaking.get() != "en":
        return text
    from bot.intake import texts_en

    for pattern, english in texts_en.VALIDATION:
        text = re.sub(pattern, english, text)
    return text


class _BilingualTexts(types.ModuleType):
    """This module, answering each upper-case table or `due_text` in the language being spoken."""

    def __getattribute__(self, name: str) -> Any:
        value = super().__getattribute__(name)
        if (name.isupper() or name == "due_text") and _speaking.get() == "en":
            from bot.intake import texts_en

            return getattr(texts_en, name, value)
        return value


sys.modules[__name__].__class__ = _BilingualTexts
