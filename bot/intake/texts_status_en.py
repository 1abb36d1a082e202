"""English twin of bot/intake/texts_status.py, name for name and format field for format field."""

from __future__ import annotations

from bot.intake.speech import CONTACT_EMAIL

STATUS_LABELS = {
    "received": "Received, waiting to be handled",
    "in_progress": "In progress",
    "awaiting_requester": "Waiting for more information from you (please check your email)",
    "completed": "Completed",
    "rejected": "Not accepted (the reason was sent to you by email)",
    "withdrawn": "Withdrawn",
}
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
