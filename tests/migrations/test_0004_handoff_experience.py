"""Migration 0004: a display name that is the sign-in email's local part never reaches a visitor."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

ROOT = Path(__file__).resolve().parents[2]


def alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["configure_logger"] = False
    return config


def test_sign_in_names_become_numbers_and_chosen_names_stay(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'dsr.db'}"
    command.upgrade(alembic_config(url), "0003")
    engine = sa.create_engine(url, future=True)
    with engine.begin() as connection:
        for email, name in (("admin@megvii.com", "admin"), ("li@megvii.com", "小李")):
            connection.execute(
                sa.text(
                    "INSERT INTO staff_accounts (email, display_name, password_hash, role, active,"
                    " failed_attempts, created_at) VALUES (:e, :n, 'x', 'agent', 1, 0, '2026-12-01 00:00:00')"
                ),
                {"e": email, "n": name},
            )
    command.upgrade(alembic_config(url), "heads")
    with engine.connect() as connection:
        names = dict(connection.execute(sa.text("SELECT email, display_name FROM staff_accounts")).all())
        topics = connection.execute(sa.text("SELECT count(*) FROM handoffs WHERE topic IS NULL")).scalar()
    assert names == {"admin@megvii.com": "1号", "li@megvii.com": "小李"}
    assert topics == 0
    engine.dispose()
