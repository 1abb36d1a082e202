from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.settings import SECRET_NAMES, Settings, SettingsError, ensure_secrets

_SECRETS = {"rasa_token", "dsr_api_token", "encryption_key", "session_secret"}


def test_defaults_follow_the_contract(tmp_path: Path) -> None:
    settings = Settings.from_env({"VAR_DIR": str(tmp_path)})
    assert (settings.rasa_port, settings.action_server_port, settings.dsr_port, settings.dev_smtp_port) == (
        5005,
        5055,
        8000,
        1025,
    )
    assert settings.host == "127.0.0.1"
    assert settings.dsr_database_url == f"sqlite:///{tmp_path / 'dsr.db'}"
    assert settings.tracker_database_url == f"sqlite:///{tmp_path / 'tracker.db'}"
    assert settings.mail_sink_dir == tmp_path / "mail"
    assert settings.uses_embedded_smtp
    assert (settings.smtp_host, settings.smtp_port) == ("127.0.0.1", 1025)


def test_training_data_dir_defaults_to_the_repository_data(tmp_path: Path) -> None:
    repo_data = Path(__file__).resolve().parents[2] / "data"
    assert Settings.from_env({"VAR_DIR": str(tmp_path)}).training_data_dir == repo_data
    moved = Settings.from_env({"VAR_DIR": str(tmp_path), "TRAINING_DATA_DIR": str(tmp_path / "d")})
    assert moved.training_data_dir == tmp_path / "d"


def test_every_port_can_be_changed(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "VAR_DIR": str(tmp_path),
            "RASA_PORT": "6005",
            "ACTION_SERVER_PORT": "6055",
            "DSR_PORT": "9000",
            "DEV_SMTP_PORT": "2025",
        }
    )
    assert (settings.rasa_port, settings.action_server_port, settings.dsr_port) == (6005, 6055, 9000)
    assert settings.smtp_port == 2025
    assert settings.action_server_url == "http://127.0.0.1:6055/webhook"


def test_external_smtp_turns_the_embedded_server_off(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "VAR_DIR": str(tmp_path),
            "SMTP_HOST": "mail.example.com",
            "SMTP_PORT": "587",
            "SMTP_STARTTLS": "yes",
        }
    )
    assert not settings.uses_embedded_smtp
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_starttls) == ("mail.example.com", 587, True)


@pytest.mark.parametrize(
    ("name", "value"),
    [("RASA_PORT", "five"), ("SMTP_STARTTLS", "maybe"), ("TELEGRAM_MODE", "carrier-pigeon")],
)
def test_unusable_values_fail_naming_the_variable(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({"VAR_DIR": str(tmp_path), name: value})


def test_secrets_come_from_the_environment_first(tmp_path: Path) -> None:
    ensure_secrets(tmp_path)
    settings = Settings.from_env({"VAR_DIR": str(tmp_path), "RASA_TOKEN": "from-env"})
    assert settings.rasa_token == "from-env"
    assert settings.dsr_api_token == (tmp_path / "secrets" / "DSR_API_TOKEN").read_text()


def test_generated_secrets_are_stable_private_and_distinct(tmp_path: Path) -> None:
    ensure_secrets(tmp_path)
    first = Settings.from_env({"VAR_DIR": str(tmp_path)})
    ensure_secrets(tmp_path)
    second = Settings.from_env({"VAR_DIR": str(tmp_path)})
    assert first == second
    values = {(tmp_path / "secrets" / name).read_text() for name in SECRET_NAMES}
    assert len(values) == len(SECRET_NAMES) and all(len(value) >= 32 for value in values)
    assert oct((tmp_path / "secrets" / "RASA_TOKEN").stat().st_mode & 0o777) == "0o600"


def test_secrets_are_not_in_the_repr(tmp_path: Path) -> None:
    settings = Settings.from_env({"VAR_DIR": str(tmp_path), "DSR_API_TOKEN": "s3cr3t-value"})
    assert "s3cr3t-value" not in repr(settings)


def test_every_setting_names_its_variable_and_its_default_is_the_declared_one(tmp_path: Path) -> None:
    read = Settings.from_env({"VAR_DIR": str(tmp_path)})
    derived = {"var_dir", "dsr_database_url", "tracker_database_url", "mail_sink_dir"}
    derived |= {"smtp_host", "smtp_port"}  # the embedded SMTP server when SMTP_HOST is unset
    for field in dataclasses.fields(Settings):
        assert field.metadata.get("env"), field.name
        if field.name not in derived and field.name not in _SECRETS:
            assert getattr(read, field.name) == field.default, field.name


def test_generated_secrets_fill_only_what_the_environment_left_empty(tmp_path: Path) -> None:
    settings = Settings.from_env({"VAR_DIR": str(tmp_path), "RASA_TOKEN": "from-env"})
    ensure_secrets(tmp_path)
    filled = settings.with_generated_secrets()
    assert filled.rasa_token == "from-env"
    assert filled.dsr_api_token == (tmp_path / "secrets" / "DSR_API_TOKEN").read_text().strip()


ENTRY_POINTS = {
    "bot/action_server.py",
    "bot/launch.py",
    "bot/readiness.py",
    "bot/retention.py",
    "bot/web/__main__.py",
    "bot/mail/sink.py",
    "bot/staff/__main__.py",
    "bot/channels/telegram_polling.py",
    "bot/process_settings.py",
    "bot/cluster/__main__.py",
    "scripts/review.py",
    "scripts/nlu_report.py",
    "benchmarks/bench_api.py",
    "benchmarks/bench_intake.py",
    "benchmarks/bench_policy.py",
    "benchmarks/load_cluster.py",
    "benchmarks/faults_cluster.py",
    "benchmarks/bench_load.py",
}


def test_only_entry_points_read_the_environment_into_settings() -> None:
    root = Path(__file__).resolve().parents[2]
    readers = {
        path.relative_to(root).as_posix()
        for folder in ("bot", "actions", "scripts", "benchmarks")
        for path in (root / folder).rglob("*.py")
        if "Settings.from_env(" in path.read_text(encoding="utf-8") and path.name != "settings.py"
    }
    assert readers <= ENTRY_POINTS
