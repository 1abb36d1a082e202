"""The request form's first message: what the desk is about to do, and the policy's own route for it.

"我想删掉我的数据，怎么弄" is as much a question as a wish. The form starts, and its first message also says
what section 7 of the policy says (the mailbox, no fee in principle, the identity check), so the person is
answered either way. A button payload gets no note: it follows an FAQ answer that already said all this.
"""

from __future__ import annotations

from bot.intake import texts_fields
from bot.intake.speech import Reply

SELF_SERVICE_TYPES = ("access", "correction")
# Scenarios whose self-service note (bot/intake/flow.notice) follows in the same turn: no hint twice.
NOTICED_SCENARIOS = ("after_sales", "recruitment")


def opening_note(text: str, kind: str | None, scenario: str | None) -> Reply | None:
    """The note for a form opened by `text` with request type `kind`, or None."""
    if not kind or kind not in texts_fields.OPENING or text.lstrip().startswith("/"):
        return None
    note = texts_fields.OPENING[kind] + texts_fields.ROUTE
    if kind in SELF_SERVICE_TYPES and scenario not in NOTICED_SCENARIOS:
        note += texts_fields.SELF_SERVICE_HINT
    return Reply(note)
