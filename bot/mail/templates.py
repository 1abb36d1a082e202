"""Render the email templates (plain text and HTML): Chinese under bot/mail/templates/, English under en/."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATE_DIR = Path(__file__).parent / "templates"

SUBJECTS: dict[str, str] = {
    "verification_code": "【旷视隐私保护】您的验证码",
    "ticket_received": "【旷视隐私保护】已收到您的请求 {ticket_id}",
    "status_changed": "【旷视隐私保护】您的请求 {ticket_id} 状态更新：{status_text}",
    "ticket_rejected": "【旷视隐私保护】关于您的请求 {ticket_id} 的处理结果",
    "ticket_completed": "【旷视隐私保护】您的请求 {ticket_id} 已处理完成",
    "filing_failed": "【旷视隐私保护】您的请求未能提交",
}

SUBJECTS_EN: dict[str, str] = {
    "verification_code": "[Megvii Privacy Protection] Your verification code",
    "ticket_received": "[Megvii Privacy Protection] We have received your request {ticket_id}",
    "status_changed": "[Megvii Privacy Protection] Your request {ticket_id} is now: {status_text}",
    "ticket_rejected": "[Megvii Privacy Protection] The outcome of your request {ticket_id}",
    "ticket_completed": "[Megvii Privacy Protection] Your request {ticket_id} has been completed",
    "filing_failed": "[Megvii Privacy Protection] Your request could not be filed",
}

# PIPL art. 50 (court) and art. 65 (complaints to the authorities) give every requester this recourse.
RECOURSE = (
    "如您对处理结果有异议，可发送邮件至 business@megvii.com 与我们进一步沟通；"
    "您也有权向履行个人信息保护职责的部门（如网信部门）投诉、举报，或依法向人民法院提起诉讼。"
)

RECOURSE_EN = (
    "If you disagree with the outcome, you can email business@megvii.com to discuss it with us; "
    "you also have the right to complain to or report to the authorities responsible for personal "
    "information protection (such as the cyberspace administration), or to bring a lawsuit before a "
    "people's court in accordance with the law."
)


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """One Jinja environment; StrictUndefined turns a missing variable into an error, not a blank."""
    return Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render(template: str, context: dict[str, Any], language: str = "zh") -> RenderedMail:
    """Subject, plain text and HTML for one template name, in the requester's language (zh or en)."""
    if template not in SUBJECTS:
        raise KeyError(f"unknown mail template {template!r}")
    english = language == "en"
    full = {"recourse": RECOURSE_EN if english else RECOURSE, **context}
    folder = "en/" if english else ""
    env = _environment()
    return RenderedMail(
        subject=(SUBJECTS_EN if english else SUBJECTS)[template].format(**full),
        text=env.get_template(f"{folder}{template}.txt").render(full),
        html=env.get_template(f"{folder}{template}.html").render(full),
    )
