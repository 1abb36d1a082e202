"""The cluster's PostgreSQL databases: created on first start, so a fresh clone comes up."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def ensure_database(url: str) -> bool:
    """Create the database `url` names if it does not exist (the role needs CREATEDB); True if created."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        return False
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
            ).scalar()
            if exists:
                return False
            # Identifiers cannot be bound parameters; quote it as PostgreSQL does.
            name = '"' + str(parsed.database).replace('"', '""') + '"'
            connection.execute(text(f"CREATE DATABASE {name}"))
            return True
    finally:
        admin.dispose()
