"""The action server's kept filings (`pending` branch): created where missing, older files converted.

Files written before the table had a model (raw sqlite3) already hold `pending_request`, with times as
ISO text ("2026-12-02T14:00:00.123456+00:00"); SQLAlchemy's SQLite DateTime would misread those as
midnight, so they are rewritten to its own format in UTC. The same upgrade runs on the DSR database
(`heads`), where it only creates the (unused) table.

Revision ID: p001
Revises: (branch root)
Create Date: 2026-12-02 15:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "p001"
down_revision = None
branch_labels = ("pending",)
depends_on = None

TABLE = "pending_request"
INDEXES = {"ix_pending_request_state": "state", "ix_pending_request_ticket_id": "ticket_id"}


def upgrade() -> None:
    """Apply this revision."""
    inspector = sa.inspect(op.get_bind())
    if inspector.has_table(TABLE):
        _convert_older_file({index["name"] for index in inspector.get_indexes(TABLE)})
        return
    op.create_table(
        TABLE,
        sa.Column("idempotency_key", sa.String(128), primary_key=True),
        sa.Column("sealed_payload", sa.Text(), nullable=True),
        sa.Column("state", sa.String(16), nullable=False, server_default="waiting"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("ticket_id", sa.String(16), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    for name, column in INDEXES.items():
        op.create_index(name, TABLE, [column])


def _convert_older_file(indexes: set[str]) -> None:
    """A file the raw-sqlite3 store wrote: times to SQLAlchemy's format, the model's indexes added."""
    if op.get_bind().dialect.name == "sqlite":
        for column in ("created_at", "updated_at"):
            # SQLite reads the '+00:00' suffix and gives UTC; '%f' is SS.SSS, SQLAlchemy wants 6 digits.
            op.execute(
                f"UPDATE {TABLE} SET {column} = strftime('%Y-%m-%d %H:%M:%f', {column}) || '000'"
                f" WHERE {column} LIKE '%T%'"
            )
    for name, column in INDEXES.items():
        if name not in indexes:
            op.create_index(name, TABLE, [column])


def downgrade() -> None:
    """Revert this revision."""
    for name in INDEXES:
        op.drop_index(name, table_name=TABLE)
    op.drop_table(TABLE)
