"""What the person reads during a handoff (Chinese; English in ENGLISH), and the canned replies for agents."""

from __future__ import annotations

CONTACT_EMAIL = "business@megvii.com"
CONTACT_PHONE = "+86 400-6700-866"

WAITING = (
    "好的，正在为您转接人工客服，同事稍后就会加入对话，请稍候。您可以先把问题写下来，同事接入后就能看到。"
)
UNAVAILABLE = (
    "抱歉，目前没有人工客服在线。您可以把问题留作申请，我来帮您提交；"
    f"也可以发送邮件至 {CONTACT_EMAIL}，或致电 {CONTACT_PHONE}，我们的同事会尽快处理。"
)
UNAVAILABLE_BUTTONS = (("提交申请", "我想提交个人信息申请"),)
TAKEN = "您好，我是{agent}，已接入对话。请问有什么可以帮您？"  # agent: agent_label(display name)
ENDED = "人工客服已结束本次对话，接下来由旷视隐私助手继续为您服务。还有其他可以帮您的吗？"
WAIT_NOTICE = (
    "抱歉让您久等了，目前人工客服都在忙。您可以继续等待，同事接入后会直接回复您；"
    f"也可以把问题留作申请：点击“提交申请”由我帮您办理，或发送邮件至 {CONTACT_EMAIL}、致电 {CONTACT_PHONE}。"
)
WAIT_NOTICE_BUTTONS = (("提交申请", "我想提交个人信息申请"), ("继续等待人工", "/human_handoff"))

# What the assistant itself says in an English conversation (actions/handoff.py), by the Chinese name.
ENGLISH = {
    "WAITING": (
        "OK, I'm putting you through to a colleague, who will join the conversation shortly. "
        "You can write down your question meanwhile; they will see it when they join."
    ),
    "UNAVAILABLE": (
        "Sorry, no colleague is available right now. I can help you file your question as a request; you can "
        f"also email {CONTACT_EMAIL} or call {CONTACT_PHONE}, and a colleague will get back to you soon."
    ),
    "TAKEN": "Hello, this is {agent}; I have joined the conversation. How can I help?",
    "ENDED": (
        "The colleague has left the conversation; Megvii's privacy assistant is here for you again. "
        "Is there anything else I can help with?"
    ),
    "WAIT_NOTICE": (
        "Sorry to keep you waiting: all colleagues are busy right now. You can keep waiting and a "
        'colleague will answer you here; or leave your question as a request: press "File a request" '
        f"and I'll help, or email {CONTACT_EMAIL} or call {CONTACT_PHONE}."
    ),
}
ENGLISH_WAIT_NOTICE_BUTTONS = (
    ("File a request", "I want to make a request about my personal data"),
    ("Keep waiting", "/human_handoff"),
)
ENGLISH_UNAVAILABLE_BUTTONS = (("File a request", "I want to make a request about my personal data"),)


def agent_label(display_name: str, language: str = "zh") -> str:
    """How visitors see a colleague: "客服 小李" / "Agent 小李" (the display name, never the sign-in one)."""
    return f"Agent {display_name}" if language == "en" else f"客服 {display_name}"


def visitor_text(name: str, language: str) -> str:
    """TAKEN, ENDED, WAIT_NOTICE… in the conversation's language."""
    return ENGLISH[name] if language == "en" and name in ENGLISH else str(globals()[name])


REASON_TEXT = {
    "asked": "用户要求转人工",
    "fallback": "连续两次未能理解",
    "validation": "多次填写未通过校验",
    "complaint": "投诉",
    "filing_failed": "待提交请求被拒",
}
# The first message of a filing_failed handoff (bot/handoff/filing_failure.py): no contact data in it.
FILING_FAILED_NOTE = (
    "【系统】后台暂时无法访问时，助手保存了一份“{type_text}”申请；后台恢复后提交被拒绝（{why}）。"
    "已按申请人的语言（{language_text}）发邮件告知：申请未能提交，可重新提交或发邮件至 {contact}。"
    "请接入对话或通过邮件跟进。参考号 {reference}。"
)
FILING_FAILED_MAIL_MISSING = "邮件未能发送（地址无效），请通过对话跟进。"
LANGUAGE_TEXT = {"zh": "中文", "en": "英文"}
STATE_TEXT = {"waiting": "等待接入", "taken": "处理中", "ended": "已结束"}
CHANNEL_TEXT = {"socketio": "网站挂件", "telegram": "Telegram", "rest": "REST"}

CANNED_REPLIES: tuple[tuple[str, str], ...] = (
    ("问候", "您好，很高兴为您服务，请问有什么可以帮您？"),
    ("请稍候", "好的，我查一下，请您稍等片刻。"),
    (
        "提交申请",
        "您可以在对话中提交个人信息查阅、更正、删除或注销账号的申请，我们会在 15 个工作日内答复。",
    ),
    ("核实身份", "为了保护您的信息安全，我们需要先核实您的身份，请提供您提交申请时使用的邮箱。"),
    ("联系方式", f"您也可以发送邮件至 {CONTACT_EMAIL}，或致电 {CONTACT_PHONE} 与我们联系。"),
    (
        "客户产品",
        "如果您的信息来自旷视客户的产品，该客户是个人信息的控制者，建议您先联系该客户；我们也可以协助转达。",
    ),
    ("结束语", "感谢您的耐心，还有其他可以帮您的吗？"),
)
