"""English twin of bot/intake/texts_declines.py, name for name and format field for format field."""

# ruff: noqa: E501  (a table of sentences: breaking them mid-phrase would make them harder to review)

from __future__ import annotations

from bot.intake.speech import CONTACT_EMAIL, Reply

THIRD_PARTY = Reply(
    "Sorry: to protect personal information I can only take a request from the person the information is "
    "about, and I never send anything to someone else's email address. The person themselves can chat with "
    f"me here (they will verify their own email), or write to {CONTACT_EMAIL} with their name, contact "
    'details and what they want. If it is your own information, tell me "it\'s my own data" and we start '
    "again. Is there anything else I can help with?"
)
NOT_WANTED = Reply("OK, no request was filed this time. Just tell me if you need one later.")

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
CANCEL_KEPT = "OK, the request is not cancelled. Let's carry on."
CANCELLED = Reply(
    "OK, cancelled: no request was filed and what you typed has been cleared. Is there anything else I can help with?"
)
ANYTHING_ELSE = Reply("OK. Is there anything else I can help with?")
