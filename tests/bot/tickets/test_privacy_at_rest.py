"""A raw database dump reveals no contact data, and the migration matches the models."""

from __future__ import annotations

import sqlite3

from sqlalchemy import MetaData, text
from sqlalchemy.engine import Engine

from bot.db import load_models, session_scope
from bot.verification import service as verification
from tests.support.factories import SECRET_DETAILS, SECRET_EMAIL, SECRET_NAME, SECRET_PHONE, file_ticket, move

SECRETS = (SECRET_NAME, SECRET_EMAIL, SECRET_PHONE, SECRET_DETAILS, "唯一标记XYZ", "zhang.secret")


def _fill(session_factory, cipher, clock) -> None:  # type: ignore[no-untyped-def]
    """Tickets, audit notes, a verification and queued emails all hold the secrets somewhere."""
    ticket = file_ticket(session_factory, cipher, clock, key="k-1")
    move(session_factory, cipher, clock, ticket.id, "in_progress", note=f"已联系 {SECRET_NAME}")
    with session_scope(session_factory) as session:
        verification.start_verification(
            session=session, cipher=cipher, purpose="file_request", email=SECRET_EMAIL, now=clock()
        )


def _all_text(engine: Engine) -> str:
    """Every value of every table, as text: what someone with a plain dump would see."""
    parts = []
    with engine.connect() as connection:
        for table in load_models().sorted_tables:
            for row in connection.execute(text(f"SELECT * FROM {table.name}")):
                parts.extend(str(value) for value in row)
    return "\n".join(parts)


def test_no_contact_data_in_any_table(session_factory, cipher, clock, db_engine) -> None:
    """SQLite and PostgreSQL: no name, email, phone or details in clear anywhere."""
    _fill(session_factory, cipher, clock)
    dump = _all_text(db_engine)
    assert len(dump) > 1000
    assert not [secret for secret in SECRETS if secret in dump]


def test_no_contact_data_in_sqlite_iterdump(session_factory, cipher, clock, db_engine) -> None:
    """The literal `sqlite3 .dump` of the file, schema and all."""
    if db_engine.dialect.name != "sqlite":
        return
    _fill(session_factory, cipher, clock)
    connection = sqlite3.connect(db_engine.url.database)
    dump = "\n".join(connection.iterdump())
    connection.close()
    assert "INSERT INTO" in dump
    assert not [secret for secret in SECRETS if secret in dump]


def test_migrated_schema_matches_the_models(db_engine) -> None:
    """Alembic's tables and columns are exactly what the models declare."""
    reflected = MetaData()
    reflected.reflect(db_engine)
    models = load_models()
    for table in models.sorted_tables:
        assert set(reflected.tables[table.name].columns.keys()) == set(table.columns.keys()), table.name
