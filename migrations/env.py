"""Alembic environment: the URL comes from Settings (DSR_DATABASE_URL) unless a caller passes a connection."""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context

from bot.db import load_models, make_engine
from bot.settings import Settings

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = load_models()


def _url() -> str:
    """An explicit sqlalchemy.url (set by bot.db.upgrade_database) wins over the environment."""
    return config.get_main_option("sqlalchemy.url") or Settings.from_env(os.environ).dsr_database_url


def run_migrations_offline() -> None:
    """Emit SQL without a database (alembic upgrade --sql)."""
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Use a connection handed over in config.attributes (tests), else open one from the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
