"""Render the Chinese email templates (plain text and HTML) under bot/mail/templates/."""

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
}

# PIPL art. 50 (court) and art. 65 (complaints to the authorities) give every requester this recourse.
RECOURSE = (
    "如您对处理结果有异议，可发送邮件至 business@megvii.com 与我们进一步沟通；"
    "您也有权向履行个人信息保护职责的部门（如网信部门）投诉、举报，或依法向人民法院提起诉讼。"
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


def render(template: str, context: dict[str, Any]) -> RenderedMail:
    """Subject, plain text and HTML for one template name."""
    if template not in SUBJECTS:
        raise KeyError(f"unknown mail template {template!r}")
    full = {"recourse": RECOURSE, **context}
    env = _environment()
    return RenderedMail(
        subject=SUBJECTS[template].format(**full),
        text=env.get_template(f"{template}.txt").render(full),
        html=env.get_template(f"{template}.html").render(full),
    )
