"""What the request desk says about the form's fields: labels, prompts, why each is asked, re-asking.

Read as `texts_fields.NAME` when speaking, not imported by name: in an English conversation that read
gives NAME from texts_fields_en.py (bot/intake/speech.py).
"""

from __future__ import annotations

from bot.intake.speech import CONTACT_EMAIL, Reply, bilingual
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

TYPE_LABELS = {kind.value: label for kind, label in TYPE_TEXT.items()}
SCENARIO_LABELS = {
    "business_inquiry": "商务合作与咨询",
    "after_sales": "售后与支持",
    "recruitment": "应聘旷视岗位",
    "product": "旷视客户的产品或服务",
    "other": "其他",
}
FIELD_LABELS = {
    INTAKE_TYPE: "申请类型",
    INTAKE_SCENARIO: "信息来源",
    INTAKE_NAME: "姓名",
    INTAKE_EMAIL: "邮箱",
    INTAKE_PHONE: "手机号",
    INTAKE_DETAILS: "请求说明",
}

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
NO_EMAIL = (
    "提交申请需要一个您本人的电子邮箱：身份验证码只能发到邮箱，申请编号和处理结果也通过邮件告诉您。"
    "{phone_kept}如果您暂时没有可用的邮箱，也可以之后用任何一个邮箱写信至 "
    f"{CONTACT_EMAIL}，写明姓名、联系方式和具体请求；或者回复“转人工”联系客服。"
)
PHONE_KEPT = "您的手机号我已经记下了，隐私团队需要时会用它联系您。"

NOT_UNDERSTOOD = {
    INTAKE_TYPE: "抱歉，我没有看懂您想办理哪一种。可以直接打字，例如“查阅”、“更正”、“删除”或“注销账号”。",
    INTAKE_SCENARIO: (
        "抱歉，我没有看懂。可以直接打字告诉我，例如“商务咨询”、“售后”、“简历”、“单位的门禁考勤”或“其他”。"
    ),
}
NOT_UNDERSTOOD_DEFAULT = "抱歉，我没有看懂，可以换个说法再告诉我吗？"
QUESTION_NOT_STORED = "这看起来像是一个问题，我没有把它当作您填写的内容。"
SMALL_TALK = {"greet": "您好！我们继续刚才的申请。", "thank": "不客气！我们继续。"}
HUMAN_BUTTON = ("转人工客服", "/human_handoff")
THREE_FAILURES = Reply(
    "看起来这一项填写得不太顺利。需要的话，我可以为您转接人工客服。", buttons=(HUMAN_BUTTON,)
)

# The form's first words when the opening message names the request (bot/intake/opening.py): what the desk
# does now, and section 7's own route, so "我想删掉我的数据，怎么弄" is answered whether it asked or wished.
OPENING = {
    "access": "好的，我来帮您提交查阅个人信息的申请。",
    "correction": "好的，我来帮您提交更正个人信息的申请。",
    "deletion": "好的，我来帮您提交删除个人信息的申请。",
    "account_closure": "好的，我来帮您提交注销账号的申请。",
}
ROUTE = (
    "根据《旷视个人信息与隐私保护政策》第七部分，这类请求也可以发邮件至 "
    f"{CONTACT_EMAIL}，写明您的姓名、联系方式和详细请求；合理的请求原则上不收取费用，处理前需要先验证您的身份。"
)
SELF_SERVICE_HINT = "售后与支持、应聘岗位的信息，还可以登录相应账号在“个人中心”随时查看、修改。"

CHANGE_WHICH = "请告诉我要修改哪一项，例如“邮箱改成 name@example.com”；信息无误的话回复“确认”即可。"
CHANGE_ACK = "好的，我们来修改{label}。"
TYPE_CHANGED = "好的，申请类型改为“{label}”，您已经填写的信息都保留。"
DETAILS_ADDED = "好的，已把这些补充到请求说明里。"


bilingual(__name__)
