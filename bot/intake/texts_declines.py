"""What the desk says when a request is not filed: someone else's data, another route first, cancelling.

Read as `texts_declines.NAME` when speaking, not imported by name: in an English conversation that read
gives NAME from texts_declines_en.py (bot/intake/speech.py).
"""

from __future__ import annotations

from bot.intake.speech import CONTACT_EMAIL, Reply, bilingual

THIRD_PARTY = Reply(
    "抱歉，出于保护个人信息的考虑，我只能受理本人关于自己个人信息的申请，也不会向他人的邮箱发送任何内容。"
    "可以提出申请的是信息主体本人：请他/她本人在这里和我对话提交（需要验证本人邮箱），"
    f"或由本人发送邮件至 {CONTACT_EMAIL}，写明姓名、联系方式和具体请求。"
    "如果是您自己的信息，告诉我“是我本人的信息”，我们重新开始。还有其他可以帮您的吗？"
)
NOT_WANTED = Reply("好的，这次没有提交任何申请。如之后需要，随时告诉我。")

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
CANCEL_KEPT = "好的，申请没有取消，我们接着来。"
CANCELLED = Reply("好的，已取消，没有提交任何申请，填写的信息也已清除。还有其他可以帮您的吗？")
ANYTHING_ELSE = Reply("好的。还有其他可以帮您的吗？")


bilingual(__name__)
