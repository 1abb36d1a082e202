"""What the request desk says while it checks by an emailed code that the requester owns the email.

Read as `texts_identity.NAME` when speaking, not imported by name: in an English conversation that read
gives NAME from texts_identity_en.py (bot/intake/speech.py).
"""

from __future__ import annotations

from bot.intake.speech import CONTACT_EMAIL, bilingual

CODE_SENT = (
    "为确认是您本人，我们已向 {email} 发送了 6 位验证码（10 分钟内有效）。"
    "请在这里输入验证码；没收到的话可以回复“重发”，邮箱填错了可以直接告诉我正确的邮箱。"
)
CODE_AGAIN = "请输入邮件中的 6 位验证码（没收到可以回复“重发”）。"
NOT_A_CODE = "验证码是邮件中的 6 位数字，请直接输入；没收到的话可以回复“重发”。"
WRONG_CODE = "验证码不正确，您还可以再试 {attempts_left} 次。"
CODE_EXPIRED = "这个验证码已过期（有效期 10 分钟）。回复“重发”即可获取新的验证码。"
CODE_LOCKED = "验证码错误次数过多，这个验证码已失效，即使输入正确也无法通过。回复“重发”即可获取新的验证码。"

RESENT = "新的验证码已发送，请查收邮件（也请看看垃圾邮件箱）。之前的验证码将不再有效。"
RATE_LIMITED = "发送太频繁了，请在 {seconds} 秒后再回复“重发”。"
DAILY_LIMIT = "今天的验证次数已经用完了，为保护您的信息安全，请明天再来办理。如需帮助，可以回复“转人工”。"
VERIFY_UNAVAILABLE = (
    "抱歉，验证系统暂时无法连接，验证码没能发出。请稍后回复“重发”再试，"
    f"或发送邮件至 {CONTACT_EMAIL} 提交申请。"
)
VERIFIED = "验证成功，谢谢！"


bilingual(__name__)
