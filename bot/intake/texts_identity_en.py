"""English twin of bot/intake/texts_identity.py, name for name and format field for format field."""

from __future__ import annotations

from bot.intake.speech import CONTACT_EMAIL

CODE_SENT = (
    "To make sure it's you, we have sent a 6-digit code to {email} (valid for 10 minutes). Please type the "
    'code here; didn\'t get it? Reply "resend". If the email is wrong, just tell me the right one.'
)
CODE_AGAIN = 'Please type the 6-digit code from the email (didn\'t get it? reply "resend").'
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
