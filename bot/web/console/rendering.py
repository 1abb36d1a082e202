"""Jinja2 pages with autoescape on; user text is only ever inserted as escaped text."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from starlette.requests import Request
from starlette.responses import HTMLResponse

from bot.handoff.texts import CHANNEL_TEXT, REASON_TEXT, STATE_TEXT, agent_label
from bot.handoff.topics import TOPIC_TEXT
from bot.secrets_compare import same_secret
from bot.staff.roles import ROLE_TEXT, Permission, Role, allows
from bot.staff.zones import format_time, zone_label
from bot.tickets.states import (
    LANGUAGE_TEXT,
    REJECTION_TEXT,
    STATUS_TEXT,
    TYPE_TEXT,
    RejectionReason,
    Status,
    TicketType,
)

CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'"
SCENARIO_TEXT = {
    "business_inquiry": "商务咨询",
    "after_sales": "售后服务",
    "recruitment": "招聘",
    "product": "客户产品",
    "other": "其他",
}


def local_time(moment: datetime | None, zone_name: str | None = None) -> str:
    """The console's one time format: China time, or the staff member's chosen zone named after it."""
    return format_time(moment, zone_name)


@pass_context
def _local_time_filter(context: Context, moment: datetime | None) -> str:
    me = context.get("me")
    return format_time(moment, getattr(me, "time_zone", None))


def waited(seconds: int) -> str:
    minutes, rest = divmod(max(0, seconds), 60)
    return f"{minutes} 分 {rest} 秒" if minutes else f"{rest} 秒"


MAIL_TEXT = {
    "verification_code": "验证码",
    "ticket_received": "受理确认",
    "status_changed": "状态更新",
    "ticket_rejected": "拒绝通知",
    "ticket_completed": "完成通知",
}


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
        undefined=StrictUndefined,
    )
    env.filters["local_time"] = _local_time_filter
    env.filters["waited"] = waited
    env.globals.update(
        STATUS_TEXT={status.value: text for status, text in STATUS_TEXT.items()},
        TYPE_TEXT={kind.value: text for kind, text in TYPE_TEXT.items()},
        REJECTION_TEXT={reason.value: text for reason, text in REJECTION_TEXT.items()},
        SCENARIO_TEXT=SCENARIO_TEXT,
        REASON_TEXT=REASON_TEXT,
        STATE_TEXT=STATE_TEXT,
        CHANNEL_TEXT=CHANNEL_TEXT,
        LANGUAGE_TEXT=LANGUAGE_TEXT,
        TOPIC_TEXT=TOPIC_TEXT,
        agent_label=agent_label,
        ROLE_TEXT={role.value: text for role, text in ROLE_TEXT.items()},
        STATUSES=[status.value for status in Status],
        TYPES=[kind.value for kind in TicketType],
        REASONS=[reason.value for reason in RejectionReason],
        MAIL_TEXT=MAIL_TEXT,
    )
    return env


# Notices travel in the redirect URL (post/redirect/get); a MAC from a per-process key keeps anyone
# from making the console show their own text with a crafted `?msg=` link. A restart only drops one.
_FLASH_KEY = secrets.token_bytes(32)


def flash_signature(message: str) -> str:
    return hmac.new(_FLASH_KEY, message.encode(), hashlib.sha256).hexdigest()[:32]


def flash_of(request: Request) -> str:
    """The `?msg=` notice when this process signed it, else nothing."""
    message, signature = request.query_params.get("msg", ""), request.query_params.get("sig", "")
    return message if message and same_secret(signature, flash_signature(message)) else ""


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """Render a page; `me` and `csrf` come from the signed-in session when there is one."""
    signed_in = getattr(request.state, "signed_in", None)
    role = signed_in.staff.role if signed_in else ""
    full = {
        "me": signed_in.staff if signed_in else None,
        "csrf": signed_in.csrf_token if signed_in else context.get("csrf", ""),
        "can": {perm.value: bool(role) and allows(role, perm) for perm in Permission},
        "roles": [role.value for role in Role],
        "flash": flash_of(request),
        "zone_label": zone_label(signed_in.staff.time_zone if signed_in else None),
        **context,
    }
    html = environment().get_template(template).render(full)
    headers = {
        "Cache-Control": "no-store",
        "X-Frame-Options": "DENY",
        "Content-Security-Policy": CSP,
        "Referrer-Policy": "same-origin",
    }
    return HTMLResponse(html, status_code=status_code, headers=headers)
