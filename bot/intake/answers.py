"""Field validation for data-subject requests: each check says in Chinese exactly what is wrong.

The reasons are shown to the person verbatim, so they name the problem and how to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.contact import EMAIL_ADDRESS, MOBILE_IN_TEXT, MOBILE_NUMBER

MAX_NAME_CHARS = 50
MAX_DETAILS_CHARS = 2000
TICKET_ID_PATTERN = re.compile(r"DSR-[0-9A-Z]{6}")


@dataclass(frozen=True)
class Valid:
    """A value that passed, in its normalised form."""

    value: str


@dataclass(frozen=True)
class Invalid:
    """A refused value; `reason` is a polite Chinese sentence for the person."""

    reason: str


FieldResult = Valid | Invalid

_MARKUP = re.compile(r"[<>{}\[\]\\`]|https?://|&[a-z]+;", re.IGNORECASE)
_DIGIT = re.compile(r"[0-9０-９]")
_NAME_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z·.\-' ]+")


def to_half_width(text: str) -> str:
    """Full-width digits and letters (common with Chinese IMEs) become ASCII."""
    out = []
    for char in text:
        code = ord(char)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def validate_email(raw: str) -> FieldResult:
    """One address, no spaces or line breaks: the code and the confirmation go there."""
    text = to_half_width(raw).strip()
    if not text:
        return Invalid("邮箱地址不能为空，请输入您的邮箱，例如 name@example.com。")
    if any(char.isspace() for char in text):
        return Invalid("邮箱地址中不能包含空格或换行，请检查后重新输入。")
    if "@" not in text:
        return Invalid("这个邮箱地址缺少“@”，请输入完整的邮箱，例如 name@example.com。")
    if text.count("@") > 1:
        return Invalid("邮箱地址只能包含一个“@”，请只输入一个邮箱。")
    if len(text) > 254:
        return Invalid("邮箱地址太长了（超过 254 个字符），请检查后重新输入。")
    if not EMAIL_ADDRESS.fullmatch(text):
        domain = text.rsplit("@", 1)[1]
        if "." not in domain:
            return Invalid("邮箱“@”后面的域名不完整（例如 example.com），请检查后重新输入。")
        return Invalid("邮箱地址格式不正确，请检查是否有多余的符号，例如 name@example.com。")
    local, domain = text.rsplit("@", 1)
    return Valid(f"{local}@{domain.lower()}")


def validate_phone(raw: str) -> FieldResult:
    """Mainland mobile numbers, with or without +86, spaces or dashes; stored as 11 digits."""
    text = to_half_width(raw).strip()
    compact = re.sub(r"[\s\-()（）]", "", text)
    if compact.startswith("+86"):
        compact = compact[3:]
    elif compact.startswith("0086"):
        compact = compact[4:]
    elif compact.startswith("86") and len(compact) == 13:
        compact = compact[2:]
    if not compact:
        return Invalid("手机号不能为空；如不想提供，可以回复“跳过”。")
    if not compact.isdigit():
        return Invalid(
            "手机号只能包含数字（可带 +86、空格或短横线），请重新输入；如不想提供，可以回复“跳过”。"
        )
    if len(compact) != 11:
        return Invalid(f"中国大陆手机号应为 11 位数字，您输入的是 {len(compact)} 位，请检查后重新输入。")
    if not MOBILE_NUMBER.fullmatch(compact):
        return Invalid("这不像是中国大陆手机号（应以 13–19 开头），请检查后重新输入。")
    return Valid(compact)


def validate_name(raw: str) -> FieldResult:
    """1-50 characters, no digits or markup: the privacy team addresses the person by it."""
    text = " ".join(to_half_width(raw).split())
    if not text:
        return Invalid("姓名不能为空，请输入您的姓名。")
    if len(text) > MAX_NAME_CHARS:
        return Invalid(f"姓名最多 {MAX_NAME_CHARS} 个字，您输入了 {len(text)} 个字，请只填写姓名。")
    if _DIGIT.search(text):
        return Invalid("姓名中不能包含数字，请输入您的真实姓名。")
    if _MARKUP.search(text):
        return Invalid("姓名中不能包含网址或 <、>、{ } 等特殊符号，请只输入您的姓名。")
    if not _NAME_CHARS.fullmatch(text):
        return Invalid("姓名只能包含中文、英文字母、空格和“·”，请检查后重新输入。")
    return Valid(text)


# A details answer that says nothing: no letter or Chinese character at all ("000000", "..."), one character
# repeated ("xxx", "啊啊啊"), or a placeholder word. A code typed at the details question is not the details;
# a mobile number is (an account to close is named by its registered number, texts_fields.DETAILS_PROMPTS).
_WORDLESS = re.compile(r"[^A-Za-z\u4e00-\u9fff]*")
_PLACEHOLDER = re.compile(
    r"(.)\1{2,9}|无|没有|暂无|略|同上|如上|见上|不知道|随便|待定|测试|test(ing)?|asdf|abc|n/?a|none|null|nil|tbd",
    re.IGNORECASE,
)


def validate_details(raw: str) -> FieldResult:
    """Up to 2,000 characters; an empty description, a bare number or a placeholder gives the team nothing."""
    text = raw.strip()
    if len(text) < 2:
        return Invalid("请简单描述一下您的请求内容（例如要查阅、更正或删除哪些信息）。")
    wordless = _WORDLESS.fullmatch(text) and not MOBILE_IN_TEXT.fullmatch(to_half_width(text))
    if wordless or _PLACEHOLDER.fullmatch(text.strip(" .。!！?？~～")):
        return Invalid(
            "这只是一串数字或占位内容（例如验证码），不能作为请求说明。"
            "请用文字简单描述您的请求（例如要查阅、更正或删除哪些信息）。"
        )
    if len(text) > MAX_DETAILS_CHARS:
        return Invalid(
            f"请求说明最多 {MAX_DETAILS_CHARS} 字，您输入了 {len(text)} 字。请精简后再发送，"
            "或通过邮件 business@megvii.com 提交较长的材料。"
        )
    return Valid(text)


def validate_ticket_id(raw: str) -> FieldResult:
    """Ticket ids look like DSR-7K3M9Q; case and spaces are forgiven."""
    text = re.sub(r"\s", "", to_half_width(raw)).upper().replace("—", "-").replace("_", "-")
    match = TICKET_ID_PATTERN.search(text)
    if match:
        return Valid(match.group(0))
    bare = re.fullmatch(r"DSR([0-9A-Z]{6})", text)
    if bare:
        return Valid(f"DSR-{bare.group(1)}")
    return Invalid("申请编号的格式应为 DSR- 加 6 位字母或数字（例如 DSR-7K3M9Q），请查看确认邮件后重新输入。")


def normalise_code(raw: str) -> str | None:
    """A 6-digit verification code, tolerant of spaces and full-width digits."""
    digits = re.sub(r"[\s\-]", "", to_half_width(raw))
    match = re.search(r"(?<!\d)\d{6}(?!\d)", digits)
    return match.group(0) if match else None


def mask_email(email: str) -> str:
    """Shown in chat instead of the full address, so a screen glance reveals little."""
    local, _, domain = email.partition("@")
    if not domain:
        return "***"
    visible = local[:2] if len(local) > 2 else local[:1]
    return f"{visible}***@{domain}"


def mask_phone(phone: str) -> str:
    """138****5678."""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else "***"
