"""Per-contact verification counters (daily caps, serialised sends).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "verification_contacts",
        sa.Column("contact_hash", sa.String(length=64), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("sends_today", sa.Integer(), nullable=False),
        sa.Column("wrong_today", sa.Integer(), nullable=False),
        sa.Column("last_sent_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("contact_hash"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("verification_contacts")
