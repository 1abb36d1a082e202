"""The request form's first message: what the desk is about to do, and the policy's own route for it.

"我想删掉我的数据，怎么弄" is as much a question as a wish. The form starts, and its first message also says
what section 7 of the policy says (the mailbox, no fee in principle, the identity check), so the person is
answered either way. A button payload gets no note: it follows an FAQ answer that already said all this.
"""

from __future__ import annotations

from bot.intake import texts_declines, texts_fields
from bot.intake.speech import Reply

# Requests the self-service pages can do themselves (viewing, changing); flow.needs_notice reads this too.
SELF_SERVICE_TYPES = ("access", "correction")


def opening_note(text: str, kind: str | None, scenario: str | None) -> Reply | None:
    """The note for a form opened by `text` with request type `kind`, or None."""
    if not kind or kind not in texts_fields.OPENING or text.lstrip().startswith("/"):
        return None
    note = texts_fields.OPENING[kind] + texts_fields.ROUTE
    # A scenario with its own self-service notice (flow.notice) gets that notice in this turn: no hint twice.
    if kind in SELF_SERVICE_TYPES and scenario not in texts_declines.SELF_SERVICE_NOTICE:
        note += texts_fields.SELF_SERVICE_HINT
    return Reply(note)
