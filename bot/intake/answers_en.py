"""English for the validation messages bot/intake/answers.py words in Chinese where it checks.

They are replaced where they appear in a reply (`speech.localised`), since a failure may be followed by
the prompt again; a message changed in answers.py needs its pattern changed here.
"""

# ruff: noqa: E501  (a table of sentences: breaking them mid-phrase would make them harder to review)

from __future__ import annotations

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
