"""English twin of bot/intake/texts_fields.py, name for name and format field for format field."""

# ruff: noqa: E501  (a table of sentences: breaking them mid-phrase would make them harder to review)

from __future__ import annotations

from bot.intake.speech import CONTACT_EMAIL, Reply
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
FIELD_LABELS = {
    INTAKE_TYPE: "the request type",
    INTAKE_SCENARIO: "where the information comes from",
    INTAKE_NAME: "your name",
    INTAKE_EMAIL: "your email",
    INTAKE_PHONE: "your mobile number",
    INTAKE_DETAILS: "the request details",
}

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
NO_EMAIL = (
    "A request needs an email address of your own: the verification code can only go to an email, and the "
    "request number and the outcome are sent there too. {phone_kept}If you have no email you can use now, "
    f"you can later write from any address to {CONTACT_EMAIL} with your name, contact details and what you "
    'want; or reply "talk to a person".'
)
PHONE_KEPT = "I have noted your mobile number; the privacy team will use it if they need to reach you. "

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
QUESTION_NOT_STORED = "That looks like a question, so I did not take it as your answer."
SMALL_TALK = {"greet": "Hello! Let's carry on with your request.", "thank": "You're welcome! Let's carry on."}
HUMAN_BUTTON = ("Talk to a person", "/human_handoff")
THREE_FAILURES = Reply(
    "This one does not seem to be going smoothly. If you like, I can put you through to a colleague.",
    buttons=(HUMAN_BUTTON,),
)

OPENING = {
    "access": "All right, I'll help you file a request to access your personal information.",
    "correction": "All right, I'll help you file a request to correct your personal information.",
    "deletion": "All right, I'll help you file a request to delete your personal information.",
    "account_closure": "All right, I'll help you file a request to close your account.",
}
ROUTE = (
    f" Under Part 7 of Megvii's privacy policy you can also email such a request to {CONTACT_EMAIL}, giving your name, contact details and the request in detail; "
    "reasonable requests are free of charge in principle, and we first need to verify your identity."
)
SELF_SERVICE_HINT = " Information from after-sales support or a job application can also be viewed and changed at any time in the Personal Center of that account."

CHANGE_WHICH = (
    'Please tell me what to change, e.g. "change my email to name@example.com"; if everything is right, '
    'reply "confirm".'
)
CHANGE_ACK = "OK, let's change {label}."
TYPE_CHANGED = 'OK, the request type is now "{label}"; everything you have given so far is kept.'
DETAILS_ADDED = "OK, I have added that to the request details."
