from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from bot.launch import (
    TRACKER_STORE_TYPE,
    endpoints_config,
    lock_store_config,
    prepare,
    tracker_store_config,
)
from bot.settings import Settings


def test_sqlite_tracker_store_keeps_the_path() -> None:
    config = tracker_store_config("sqlite:////srv/var/tracker.db")
    assert config == {"type": TRACKER_STORE_TYPE, "dialect": "sqlite", "db": "/srv/var/tracker.db"}


def test_postgres_tracker_store_is_split_into_parts() -> None:
    config = tracker_store_config("postgresql+psycopg2://rasa:pw@db.internal:5433/tracker")
    assert config == {
        "type": TRACKER_STORE_TYPE,
        "dialect": "postgresql+psycopg2",
        "db": "tracker",
        "url": "db.internal",
        "port": 5433,
        "username": "rasa",
        "password": "pw",
    }


def test_redis_lock_store_only_when_redis_url_is_set(tmp_path: Path) -> None:
    plain = endpoints_config(Settings.from_env({"VAR_DIR": str(tmp_path)}))
    assert "lock_store" not in plain
    with_redis = endpoints_config(
        Settings.from_env({"VAR_DIR": str(tmp_path), "REDIS_URL": "redis://h:6380/2"})
    )
    assert with_redis["lock_store"] == lock_store_config("redis://h:6380/2")
    assert with_redis["lock_store"] == {"type": "redis", "url": "h", "port": 6380, "db": 2}


def test_prepare_creates_var_secrets_and_endpoints(tmp_path: Path) -> None:
    settings = Settings.from_env({"VAR_DIR": str(tmp_path / "var"), "ACTION_SERVER_PORT": "6055"})
    prepare(settings)
    written = yaml.safe_load((tmp_path / "var" / "endpoints.yml").read_text())
    assert written["action_endpoint"]["url"] == "http://127.0.0.1:6055/webhook"
    assert (tmp_path / "var" / "secrets" / "RASA_TOKEN").exists()
    assert (tmp_path / "var" / "mail").is_dir()


def test_prepare_gives_rasa_the_generated_action_server_token(tmp_path: Path) -> None:
    """Finding 2: Rasa sends the shared secret with every action call; the file is private."""
    prepare(Settings.from_env({"VAR_DIR": str(tmp_path)}))
    token = (tmp_path / "secrets" / "ACTION_SERVER_TOKEN").read_text().strip()
    endpoints = tmp_path / "endpoints.yml"
    written = yaml.safe_load(endpoints.read_text())
    assert len(token) >= 32
    assert written["action_endpoint"]["headers"] == {"Authorization": f"Bearer {token}"}
    assert endpoints.stat().st_mode & 0o077 == 0


def test_internal_services_are_reached_on_loopback_whatever_the_public_bind(tmp_path: Path) -> None:
    settings = Settings.from_env({"VAR_DIR": str(tmp_path), "BIND_HOST": "0.0.0.0"})
    assert endpoints_config(settings)["action_endpoint"]["url"].startswith("http://127.0.0.1:")  # type: ignore[index]


@pytest.mark.skipif(
    not os.environ.get("TEST_REDIS_URL"), reason="needs TEST_REDIS_URL (a real Redis; .ci/run starts one)"
)
async def test_rasa_lock_store_works_against_real_redis(tmp_path: Path) -> None:
    from rasa.core.lock_store import LockStore
    from rasa.utils.endpoints import EndpointConfig

    settings = Settings.from_env({"VAR_DIR": str(tmp_path), "REDIS_URL": os.environ["TEST_REDIS_URL"]})
    config = endpoints_config(settings)["lock_store"]
    assert isinstance(config, dict)
    store = LockStore.create(EndpointConfig.from_dict(config))
    async with store.lock("conversation-1"):
        assert store.get_lock("conversation-1") is not None
    assert type(store).__name__ == "RedisLockStore"


def test_prepare_makes_var_owner_only_even_when_it_existed(tmp_path: Path) -> None:
    var = tmp_path / "var"
    (var / "mail").mkdir(parents=True)
    (var / "mail" / "old.eml").write_text("x")
    (var / "mail" / "old.eml").chmod(0o644)
    var.chmod(0o755)
    prepare(Settings.from_env({"VAR_DIR": str(var)}))
    modes = {path.relative_to(var).as_posix(): path.stat().st_mode & 0o777 for path in var.rglob("*")}
    assert var.stat().st_mode & 0o777 == 0o700
    assert modes["mail"] == 0o700 and modes["mail/old.eml"] == 0o600
    assert modes["endpoints.yml"] == 0o600 and modes["secrets/RASA_TOKEN"] == 0o600


def test_services_start_with_an_owner_only_umask(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = (
        "import os, bot.launch as l; os.umask(0o022); "
        "l.os.execve = lambda *a: print(oct(os.umask(0))); l.main(['backend'])"
    )
    env = {**os.environ, "VAR_DIR": str(tmp_path / "var")}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0o77"


def test_production_refuses_to_start_without_the_keys_from_the_environment(tmp_path: Path) -> None:
    """Finding 9: in production the encryption key must not be the one generated beside the data."""
    from bot.launch import main

    environ = {"DSR_ENV": "production", "VAR_DIR": str(tmp_path)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "environ", environ)
        with pytest.raises(SystemExit) as stopped:
            main(["prepare"])
    assert "DSR_ENCRYPTION_KEY" in str(stopped.value) and "SESSION_SECRET" in str(stopped.value)
    assert not (tmp_path / "secrets").exists()


def test_production_starts_with_keys_from_the_environment() -> None:
    from bot.settings import production_problem

    assert (
        production_problem({"DSR_ENV": "production", "DSR_ENCRYPTION_KEY": "k", "SESSION_SECRET": "s"})
        is None
    )
    assert production_problem({}) is None
