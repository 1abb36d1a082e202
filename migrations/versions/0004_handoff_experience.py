"""Handoff as people see it: staff time zone and queues, handoff topic and first message.

Display names that are just the sign-in email's local part are replaced by "<id>号", so a
sign-in name never reaches a visitor (admins and agents can then set a real display name).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("staff_accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("time_zone", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("queues", sa.String(length=120), nullable=True))
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("topic", sa.String(length=16), nullable=False, server_default="general")
        )
        batch_op.add_column(sa.Column("first_message_enc", sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f("ix_handoffs_topic"), ["topic"], unique=False)
    accounts = sa.table(
        "staff_accounts",
        sa.column("id", sa.Integer),
        sa.column("email", sa.String),
        sa.column("display_name", sa.String),
    )
    connection = op.get_bind()
    for staff_id, email, name in connection.execute(
        sa.select(accounts.c.id, accounts.c.email, accounts.c.display_name)
    ).fetchall():
        if name == email.split("@")[0]:
            connection.execute(
                accounts.update().where(accounts.c.id == staff_id).values(display_name=f"{staff_id}号")
            )


def downgrade() -> None:
    """Revert this revision (display names stay as they are)."""
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handoffs_topic"))
        batch_op.drop_column("first_message_enc")
        batch_op.drop_column("topic")
    with op.batch_alter_table("staff_accounts", schema=None) as batch_op:
        batch_op.drop_column("queues")
        batch_op.drop_column("time_zone")
