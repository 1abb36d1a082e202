"""Kept requests the backend refused before refusals were reported: report them now.

Until this revision a refused row became `failed` and nobody was told. Such rows still hold their sealed
payload; moving them to `refused` makes the action server report them (a handoff for staff, a mail to
the person) on its next round. Their refusal code was not kept, so the mail gives the general reason.
No schema change: `state` is text and `refused` fits its 16 characters.

Revision ID: p002
Revises: p001
Create Date: 2026-12-02 19:30:00
"""

from __future__ import annotations

from alembic import op

revision = "p002"
down_revision = "p001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.execute(
        "UPDATE pending_request SET state = 'refused', last_error = 'refused'"
        " WHERE state = 'failed' AND sealed_payload IS NOT NULL"
    )


def downgrade() -> None:
    """Revert this revision: unreported refusals go back to the silent `failed`."""
    op.execute("UPDATE pending_request SET state = 'failed' WHERE state = 'refused'")
