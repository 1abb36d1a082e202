"""What the request desk says when someone checks the status of a filed request.

Read as `texts_status.NAME` when speaking, not imported by name: in an English conversation that read
gives NAME from texts_status_en.py (bot/intake/speech.py).
"""

from __future__ import annotations

from bot.intake.speech import CONTACT_EMAIL, bilingual

STATUS_LABELS = {
    "received": "已受理，等待处理",
    "in_progress": "处理中",
    "awaiting_requester": "等待您补充信息（请查看邮件）",
    "completed": "已完成",
    "rejected": "未予受理（原因已通过邮件告知）",
    "withdrawn": "已撤回",
}
STATUS_LOST_ID = (
    "申请编号在您提交申请后收到的确认邮件里（邮件标题含“申请已受理”，编号形如 DSR-7K3M9Q）。"
    "请在邮箱中搜索“DSR-”找到它，再来查询。若找不到邮件，可以发送邮件至 "
    f"{CONTACT_EMAIL} 说明情况。"
)
STATUS_CODE_SENT = (
    "如果这个编号有效，我们已向申请时登记的邮箱发送了 6 位验证码。请输入验证码，验证后即可查看进度。"
)
STATUS_RESULT = "申请 {ticket_id}（{type_label}）\n当前状态：{status_label}\n答复期限：{due}"


bilingual(__name__)
