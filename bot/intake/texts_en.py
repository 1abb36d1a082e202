"""English versions of bot/intake/texts.py, name for name; a name missing here is said in Chinese.

bot/intake/texts.py serves these in place of its own when the conversation is English
(`texts.speaking("en")`); keep the format fields ({email}, {ticket_id}, …) the same as there.
"""

# ruff: noqa: E501  (a table of sentences: breaking them mid-phrase would make them harder to review)

from __future__ import annotations

from bot.intake.texts import Reply
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
from bot.tickets.english import english_day

CONTACT_EMAIL = "business@megvii.com"

TYPE_LABELS = {
    "access": "Access to my personal information",
    "correction": "Correction of my personal information",
    "deletion": "Deletion of my personal information",
    "account_closure": "Account closure",
}
SCENARIO_LABELS = {
    "business_inquiry": "Business cooperation and enquiries",
    "after_sales": "After-sales and support",
    "recruitment": "Applying for a job at Megvii",
    "product": "A product or service of a Megvii customer",
    "other": "Other",
}
STATUS_LABELS = {
    "received": "Received, waiting to be handled",
    "in_progress": "In progress",
    "awaiting_requester": "Waiting for more information from you (please check your email)",
    "completed": "Completed",
    "rejected": "Not accepted (the reason was sent to you by email)",
    "withdrawn": "Withdrawn",
}
FIELD_LABELS = {
    INTAKE_TYPE: "the request type",
    INTAKE_SCENARIO: "where the information comes from",
    INTAKE_NAME: "your name",
    INTAKE_EMAIL: "your email",
    INTAKE_PHONE: "your mobile number",
    INTAKE_DETAILS: "the request details",
}

HUMAN_BUTTON = ("Talk to a person", "/human_handoff")

THIRD_PARTY = Reply(
    "Sorry: to protect personal information I can only take a request from the person the information is "
    "about, and I never send anything to someone else's email address. The person themselves can chat with "
    f"me here (they will verify their own email), or write to {CONTACT_EMAIL} with their name, contact "
    'details and what they want. If it is your own information, tell me "it\'s my own data" and we start '
    "again. Is there anything else I can help with?"
)
NOT_WANTED = Reply("OK, no request was filed this time. Just tell me if you need one later.")
QUESTION_NOT_STORED = "That looks like a question, so I did not take it as your answer."
SMALL_TALK = {"greet": "Hello! Let's carry on with your request.", "thank": "You're welcome! Let's carry on."}
THREE_FAILURES = Reply(
    "This one does not seem to be going smoothly. If you like, I can put you through to a colleague.",
    buttons=(HUMAN_BUTTON,),
)
CHANGE_WHICH = (
    'Please tell me what to change, e.g. "change my email to name@example.com"; if everything is right, '
    'reply "confirm".'
)
CHANGE_ACK = "OK, let's change {label}."
NOT_A_CODE = 'The code is the 6 digits in the email; please type them here. Didn\'t get it? Reply "resend".'
WRONG_CODE = "That code is not right. You have {attempts_left} more tries."
CODE_EXPIRED = 'This code has expired (it is valid for 10 minutes). Reply "resend" to get a new one.'
CODE_LOCKED = (
    'Too many wrong codes: this code no longer works, even typed correctly. Reply "resend" to get a new one.'
)
RESENT = (
    "A new code is on its way; please check your email (and the spam folder). The old code no longer works."
)
RATE_LIMITED = 'That was too soon; please reply "resend" again in {seconds} seconds.'
DAILY_LIMIT = (
    "You have used today's verification attempts. To keep your information safe, please come back tomorrow. "
    'If you need help, reply "talk to a person".'
)
VERIFY_UNAVAILABLE = (
    "Sorry, the verification system cannot be reached right now and no code was sent. Please reply "
    f'"resend" in a little while, or send your request by email to {CONTACT_EMAIL}.'
)
VERIFIED = "Verified, thank you!"

PRODUCT_NOTICE = (
    "First, a note: under Part 7 of Megvii's Personal Information and Privacy Protection Policy, in a specific "
    "product or service (for example an employer's attendance system or the access control of a building), "
    "the controller of the personal information is usually our customer that uses the system (your employer, "
    "property manager, etc.); Megvii does not hold that data directly. We suggest you read that organisation's "
    "privacy policy and ask them first (or their HR, administration or property office), and they will "
    "pass it on to us where needed. If you would still like Megvii to look at it, I can file the request for "
    "you and the privacy team will coordinate."
)
SELF_SERVICE_NOTICE = {
    "after_sales": (
        "Tip: under Part 7 of the policy, you can see and change after-sales and support information yourself "
        'at any time: sign in to your service account and open "Personal centre - My messages / My questions / '
        'My posts / My follows / My profile". That is usually quicker than a request.'
    ),
    "recruitment": (
        "Tip: under Part 7 of the policy, you can see and change your application at any time: sign in to "
        "Megvii's recruitment system and open \"Personal centre - My applications / My CV / Saved jobs / "
        'Account settings". That is usually quicker than a request.'
    ),
}
PROCEED_QUESTION = (
    'Would you still like me to file this request for you? (Reply "yes" to go on, or "no thanks".)'
)
PROCEED_BUTTONS = (("Go on", "/affirm"), ("No thanks", "/deny"))
PROCEED_AGAIN = 'Would you still like to file this request? Just reply "yes" or "no thanks".'

CANCEL_CONFIRM = Reply(
    'Do you want to cancel the whole request? Nothing will be filed. Reply "yes, cancel" to cancel, or '
    '"continue" to carry on.',
    (("Yes, cancel the request", "yes, cancel"), ("No, carry on", "no, continue")),
)
DETAILS_ADDED = "OK, I have added that to the request details."
CANCEL_KEPT = "OK, the request is not cancelled. Let's carry on."
ANYTHING_ELSE = Reply("OK. Is there anything else I can help with?")
TYPE_CHANGED = 'OK, the request type is now "{label}"; everything you have given so far is kept.'
NO_EMAIL = (
    "A request needs an email address of your own: the verification code can only go to an email, and the "
    "request number and the outcome are sent there too. {phone_kept}If you have no email you can use now, "
    f"you can later write from any address to {CONTACT_EMAIL} with your name, contact details and what you "
    'want; or reply "talk to a person".'
)
PHONE_KEPT = "I have noted your mobile number; the privacy team will use it if they need to reach you. "
RETENTION = (
    "It is used for this request only: kept encrypted with the request as the record of how we handled it; "
    "the chat is deleted some time after the request is closed (180 days by default); if you cancel before "
    "filing, what you typed here is deleted at once."
)
FIELD_PURPOSES = {
    INTAKE_TYPE: (
        "The request type tells the privacy team what to do for you (access, correct, delete or close an "
        "account). It is required."
    ),
    INTAKE_SCENARIO: (
        "Where the information comes from tells us which system holds your data (business enquiries, "
        "after-sales, recruitment, or a customer's product) and who controls it. It is required; if you are "
        'not sure, answer "other".'
    ),
    INTAKE_NAME: f"Your name is used to find your records in that system and to address you. It is required. {RETENTION}",
    INTAKE_EMAIL: (
        "Your email receives the verification code that shows the request really comes from you, and the "
        f"request number and outcome. It is required. {RETENTION}"
    ),
    INTAKE_PHONE: (
        "Your mobile number is only used if the privacy team needs to check something with you, never for "
        f'marketing. It is optional; reply "skip" if you\'d rather not give it. {RETENTION}'
    ),
    INTAKE_DETAILS: (
        "The details tell the privacy team which information to show, correct or delete. They are required. "
        f"Please do not include ID card or bank card numbers or other sensitive data the request does not need. {RETENTION}"
    ),
    INTAKE_CODE: (
        "The code confirms that this email is really yours, so nobody else can see or delete your information "
        "in your name. It is valid for 10 minutes, works once, and is used for nothing else."
    ),
    INTAKE_CONFIRMED: "This is the last check before filing: please review the details above; nothing is filed until you confirm.",
}
NOT_UNDERSTOOD = {
    INTAKE_TYPE: (
        'Sorry, I could not tell which kind of request you mean. You can type it, e.g. "access", "correct", '
        '"delete" or "close my account".'
    ),
    INTAKE_SCENARIO: (
        'Sorry, I did not follow. You can type it, e.g. "business enquiry", "after-sales", "job application", '
        '"my employer\'s access control" or "other".'
    ),
}
NOT_UNDERSTOOD_DEFAULT = "Sorry, I did not follow. Could you say it another way?"

SUMMARY = (
    "Please check your request:\n· Request type: {type}\n· Where the information comes from: {scenario}\n"
    "· Name: {name}\n· Email: {email} (verified)\n· Mobile: {phone}\n· Details: {details}\n"
    'If everything is right, reply "confirm" (or press "Confirm and file"); to change something just say '
    'so, e.g. "change my name to …", "use another email: …".'
)
PHONE_NOT_GIVEN = "not given"
CODE_SENT = (
    "To make sure it's you, we have sent a 6-digit code to {email} (valid for 10 minutes). Please type the "
    'code here; didn\'t get it? Reply "resend". If the email is wrong, just tell me the right one.'
)
CODE_AGAIN = 'Please type the 6-digit code from the email (didn\'t get it? reply "resend").'
SUMMARY_BUTTONS = (
    ("Confirm and file", "/affirm"),
    ("Change name", "change my name"),
    ("Change email", "change my email"),
    ("Change mobile", "change my mobile number"),
    ("Change details", "change the details"),
    ("Cancel request", "/stop"),
)

FILED = (
    "Your request has been filed!\nRequest number: {ticket_id}\nRequest type: {type_label}\n"
    "We will answer by: {due}\nWhat happens next: the privacy team will check and handle your request and will "
    "email you if they need more information; a confirmation has been sent to {email}. Please keep the request "
    'number: you can ask me "check my request" at any time.'
)
DUPLICATE = (
    "You already have a request of this type in progress: number {ticket_id}, status: {status_label}. "
    "We will not file a second one.\nAlso, under Part 7 of the policy reasonable requests are free of charge, "
    "but for repeated requests beyond a reasonable limit we may charge a reasonable cost within the law, or refuse."
)
KEPT_FOR_LATER = (
    "Sorry, the request system cannot be reached right now. Your request is saved safely and will be filed "
    "automatically when the system is back; the request number and deadline will then be emailed to {email}. "
    "You do not need to ask again."
)
FILING_FAILED = (
    "Sorry, the request could not be filed (the verification has expired or something was wrong). Please "
    f"start the request again, or email {CONTACT_EMAIL}."
)
STATUS_LOST_ID = (
    "The request number is in the confirmation email you got after filing (its subject says the request was "
    'received; the number looks like DSR-7K3M9Q). Search your mailbox for "DSR-", then come back. If you '
    f"cannot find the email, write to {CONTACT_EMAIL}."
)
STATUS_CODE_SENT = (
    "If this number is valid, we have sent a 6-digit code to the email given with the request. Please type "
    "the code to see the status."
)
STATUS_RESULT = "Request {ticket_id} ({type_label})\nStatus: {status_label}\nAnswer due by: {due}"


def due_text(due_at: str | None) -> str:
    """ISO timestamp → 8 May 2026; the backend computes the working-day deadline."""
    if not due_at:
        return "the legal deadline"
    date = due_at[:10]
    try:
        year, month, day = (int(part) for part in date.split("-"))
        return english_day(year, month, day)
    except (ValueError, IndexError):
        return date


PROMPTS = {
    INTAKE_TYPE: Reply(
        "Sure, I'll help you file a request. Which kind would you like?",
        (
            ("See my personal information", "/request_access"),
            ("Correct my personal information", "/request_correction"),
            ("Delete my personal information", "/request_deletion"),
            ("Close my account", "/request_account_closure"),
        ),
    ),
    INTAKE_SCENARIO: Reply(
        "In what context did you give this personal information to Megvii?",
        (
            ("Business cooperation and enquiries", "business enquiry"),
            ("After-sales and support (service account)", "after-sales support"),
            ("Applying for a job at Megvii (CV)", "job application"),
            (
                "A Megvii customer's product (e.g. access control, attendance)",
                "a Megvii customer product (access control, attendance)",
            ),
            ("Other", "other"),
        ),
    ),
    INTAKE_NAME: Reply("What is your name?"),
    INTAKE_EMAIL: Reply(
        "Please give your email address: the verification code and the confirmation go there."
    ),
    INTAKE_PHONE: Reply(
        "If you like, leave a mainland China mobile number so the privacy team can reach you (optional). "
        'Reply "skip" if you\'d rather not.',
        (("Skip", "skip"),),
    ),
    STATUS_TICKET_ID: Reply(
        "Please give your request number (like DSR-7K3M9Q); it is in the confirmation email you got after filing. "
        'If you cannot find it, tell me "I lost the number".'
    ),
}
DETAILS_PROMPTS = {
    "access": 'Which information would you like to see? (e.g. "the details and tickets I left with after-sales support")',
    "correction": (
        'Which information is wrong, and what should it be? (e.g. "the mobile number on my CV, 13800000000, '
        'should be 13900000000")'
    ),
    "deletion": 'Which information would you like deleted? (e.g. "my CV and application records")',
    "account_closure": (
        "Please give the user name or registered mobile number of the account to close; you can add why, if you like."
    ),
}
CANCELLED = Reply(
    "OK, cancelled: no request was filed and what you typed has been cleared. Is there anything else I can help with?"
)

# bot/intake/answers.py words its validation messages in Chinese where it checks; in English they are
# replaced where they appear in a reply (a failure may be followed by the prompt again).
VALIDATION: tuple[tuple[str, str], ...] = (
    (
        r"邮箱地址不能为空，请输入您的邮箱，例如 name@example\.com。",
        "Please type your email address, e.g. name@example.com.",
    ),
    (
        r"邮箱地址中不能包含空格或换行，请检查后重新输入。",
        "An email address has no spaces or line breaks; please check and type it again.",
    ),
    (
        r"这个邮箱地址缺少“@”，请输入完整的邮箱，例如 name@example\.com。",
        'This email address has no "@"; please type the whole address, e.g. name@example.com.',
    ),
    (
        r"邮箱地址只能包含一个“@”，请只输入一个邮箱。",
        'An email address has only one "@"; please type just one address.',
    ),
    (
        r"邮箱地址太长了（超过 254 个字符），请检查后重新输入。",
        "That email address is too long (over 254 characters); please check it.",
    ),
    (
        r"邮箱“@”后面的域名不完整（例如 example\.com），请检查后重新输入。",
        'The part after "@" is incomplete (it should look like example.com); please check it.',
    ),
    (
        r"邮箱地址格式不正确，请检查是否有多余的符号，例如 name@example\.com。",
        "That does not look like an email address; please check for stray characters, e.g. name@example.com.",
    ),
    (
        r"手机号不能为空；如不想提供，可以回复“跳过”。",
        'Please type a mobile number, or reply "skip" if you\'d rather not give one.',
    ),
    (
        r"手机号只能包含数字（可带 \+86、空格或短横线），请重新输入；如不想提供，可以回复“跳过”。",
        'A mobile number has only digits (+86, spaces and dashes are fine); please type it again, or reply "skip".',
    ),
    (
        r"中国大陆手机号应为 11 位数字，您输入的是 (\d+) 位，请检查后重新输入。",
        r"A mainland China mobile number has 11 digits; you typed \1. Please check it.",
    ),
    (
        r"这不像是中国大陆手机号（应以 13–19 开头），请检查后重新输入。",
        "That does not look like a mainland China mobile number (they start with 13 to 19); please check it.",
    ),
    (r"姓名不能为空，请输入您的姓名。", "Please type your name."),
    (
        r"姓名最多 (\d+) 个字，您输入了 (\d+) 个字，请只填写姓名。",
        r"A name has at most \1 characters and you typed \2; please type just your name.",
    ),
    (r"姓名中不能包含数字，请输入您的真实姓名。", "A name has no digits; please type your real name."),
    (
        r"姓名中不能包含网址或 <、>、\{ \} 等特殊符号，请只输入您的姓名。",
        "A name has no links or symbols such as <, > or { }; please type just your name.",
    ),
    (
        r"姓名只能包含中文、英文字母、空格和“·”，请检查后重新输入。",
        'A name may contain Chinese characters, letters, spaces and "·" only; please check it.',
    ),
    (
        r"请简单描述一下您的请求内容（例如要查阅、更正或删除哪些信息）。",
        "Please describe your request briefly (e.g. which information to see, correct or delete).",
    ),
    (
        r"这只是一串数字或占位内容（例如验证码），不能作为请求说明。请用文字简单描述您的请求（例如要查阅、更正或删除哪些信息）。",
        "That is only a number or a placeholder (such as a verification code), not the request details. "
        "Please describe your request in words (e.g. which information to see, correct or delete).",
    ),
    (
        r"请求说明最多 (\d+) 字，您输入了 (\d+) 字。请精简后再发送，或通过邮件 business@megvii\.com 提交较长的材料。",
        r"The details can be at most \1 characters and you typed \2. Please shorten them, or send longer material to business@megvii.com.",
    ),
    (
        r"申请编号的格式应为 DSR- 加 6 位字母或数字（例如 DSR-7K3M9Q），请查看确认邮件后重新输入。",
        "A request number is DSR- followed by 6 letters or digits (e.g. DSR-7K3M9Q); please check the confirmation email.",
    ),
)
