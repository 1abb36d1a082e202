"""What the request desk says to confirm a request and when it files it: summary, outcome, deadline.

Read as `texts_filing.NAME` when speaking, not imported by name: in an English conversation that read
gives NAME from texts_filing_en.py (bot/intake/speech.py).
"""

from __future__ import annotations

from bot.intake.speech import CONTACT_EMAIL, bilingual

SUMMARY = (
    "请确认以下信息：\n· 申请类型：{type}\n· 信息来源：{scenario}\n· 姓名：{name}\n"
    "· 邮箱：{email}（已验证）\n· 手机号：{phone}\n· 请求说明：{details}\n"
    "确认无误请回复“确认”（或点击“确认提交”）；需要修改就直接告诉我，例如“姓名改成…”、“邮箱换一个：…”。"
)
PHONE_NOT_GIVEN = "未提供"
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


bilingual(__name__)
