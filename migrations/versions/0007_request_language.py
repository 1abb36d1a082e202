"""The language a request is filed in (and a verification asked in): its mails are written in it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 15:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision: existing rows were all filed in Chinese."""
    for table in ("tickets", "verification_challenges"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("language", sa.String(8), nullable=False, server_default="zh"))


def downgrade() -> None:
    """Revert this revision."""
    for table in ("tickets", "verification_challenges"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("language")
