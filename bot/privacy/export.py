"""An access request's answer from the assistant itself: the ticket, the conversation, the mails sent.

Built on demand from what the stores hold now (nothing extra is kept, so there is nothing more to
erase), as JSON for systems and as a self-contained HTML page for the person; every user-supplied
string is escaped in the HTML.
"""

from __future__ import annotations

import html
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.crypto import CryptoError, FieldCipher
from bot.mail.models import OutboxMessage
from bot.privacy import stores
from bot.tickets import service as tickets
from bot.tickets.models import AuditEvent, Ticket

logger = logging.getLogger(__name__)
EXPORT_REASON = "exported"


class ExportNotAvailable(ValueError):
    """Only a completed access request has an export."""


@dataclass(frozen=True)
class PersonalExport:
    data: dict[str, Any]

    def to_json(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=2)

    def to_html(self) -> str:
        return render_html(self.data)


def _mails(session: Session, cipher: FieldCipher, address: str, ticket_ids: set[str]) -> list[dict[str, Any]]:
    """The outbox keeps subjects (bodies are cleared once delivered)."""
    mails = []
    for row in session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars():
        try:
            mine = row.ticket_id in ticket_ids or cipher.decrypt(row.to_enc).strip().lower() == address
            if not mine:
                continue
            subject = cipher.decrypt(row.subject_enc)
        except CryptoError:
            continue
        mails.append(
            {
                "subject": subject,
                "ticket_id": row.ticket_id,
                "queued_at": row.created_at.isoformat(),
                "delivered_at": row.delivered_at.isoformat() if row.delivered_at else None,
            }
        )
    return mails


def _for_requester(ticket: dict[str, Any]) -> dict[str, Any]:
    """Staff identities in the audit trail are internal; the rest is the person's own."""
    history = [{key: value for key, value in entry.items() if key != "actor"} for entry in ticket["history"]]
    return {**ticket, "history": history}


def build_export(
    *, session: Session, cipher: FieldCipher, external: stores.ExternalStores, ticket_id: str, now: datetime
) -> PersonalExport:
    """Everything the assistant holds about the requester of this completed access ticket."""
    view = tickets.get_ticket(session=session, cipher=cipher, ticket_id=ticket_id, now=now)
    if view.type != "access" or view.status != "completed":
        raise ExportNotAvailable(ticket_id)
    ticket = session.get(Ticket, ticket_id)
    address = view.email.strip().lower()
    linked = session.execute(select(Ticket).where(Ticket.email_hash == ticket.email_hash)).scalars().all()
    views = [tickets.get_ticket(session=session, cipher=cipher, ticket_id=t.id, now=now) for t in linked]
    conversations = sorted({t.conversation_id for t in linked if t.conversation_id})
    return PersonalExport(
        {
            "generated_at": now.astimezone(timezone.utc).isoformat(),
            "requester": {"name": view.name, "email": view.email, "phone": view.phone},
            "tickets": [_for_requester(other.to_dict()) for other in views],
            "conversations": {
                conversation: stores.conversation_lines(external.tracker, conversation)
                for conversation in conversations
            },
            "mails": _mails(session, cipher, address, {t.id for t in linked}),
            "mail_copies": [
                {"subject": subject, "text": body}
                for subject, body in stores.sink_mail_to(external.sink_dir, address)
            ],
        }
    )


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _time(stamp: Any) -> str:
    if isinstance(stamp, (int, float)):
        return datetime.fromtimestamp(stamp, timezone.utc).isoformat(timespec="seconds")
    return _e(stamp)


def render_html(data: dict[str, Any]) -> str:
    """A plain page the requester can read offline; no scripts, no external resources."""
    person = data["requester"]
    parts = [
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>",
        "<title>您的个人信息副本</title></head><body>",
        "<h1>旷视隐私助手保存的您的个人信息</h1>",
        f"<p>生成时间：{_e(data['generated_at'])}</p>",
        f"<h2>联系信息</h2><p>姓名：{_e(person['name'])}<br>邮箱：{_e(person['email'])}"
        f"<br>手机：{_e(person['phone'] or '—')}</p>",
        "<h2>申请</h2>",
    ]
    for ticket in data["tickets"]:
        parts.append(
            f"<h3>{_e(ticket['id'])}（{_e(ticket['type'])}，{_e(ticket['status'])}）</h3>"
            f"<p>提交于 {_e(ticket['created_at'])}；说明：{_e(ticket['details'])}</p><ul>"
        )
        for h in ticket["history"]:
            change = f"{_e(h['from_status'] or '')} → {_e(h['to_status'])}"
            parts.append(f"<li>{_e(h['at'])} {change} {_e(h.get('note') or '')}</li>")
        parts.append("</ul>")
    parts.append("<h2>对话记录</h2><p>（联系方式在存储时已部分遮盖。）</p>")
    for conversation, lines in data["conversations"].items():
        parts.append(f"<h3>{_e(conversation)}</h3><ul>")
        who = {"user": "您", "bot": "助手"}
        for line in lines:
            parts.append(f"<li>{_time(line['at'])} {who.get(line['who'], '')}：{_e(line['text'])}</li>")
        parts.append("</ul>")
    parts.append("<h2>发给您的邮件</h2><ul>")
    parts += [f"<li>{_e(mail['queued_at'])} {_e(mail['subject'])}</li>" for mail in data["mails"]]
    parts.append("</ul>")
    for copy in data["mail_copies"]:
        parts.append(f"<h3>{_e(copy['subject'])}</h3><pre>{_e(copy['text'])}</pre>")
    parts.append("</body></html>")
    return "\n".join(parts)


def record_download(*, session: Session, ticket_id: str, actor: str, fmt: str, now: datetime) -> None:
    """Who took a copy of a person's data, and when, belongs in the ticket's audit trail."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise ExportNotAvailable(ticket_id)
    session.add(
        AuditEvent(
            ticket=ticket,
            at=now,
            actor=actor[:120],
            from_status=ticket.status,
            to_status=ticket.status,
            reason=EXPORT_REASON,
            note_enc=None,
        )
    )
    logger.info("ticket %s: %s export downloaded by %s", ticket_id, fmt, actor)
