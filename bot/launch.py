"""Starts each service of `make run` (one Procfile line each) from the one settings object.

`python -m bot.launch prepare` creates var/, generates missing secrets and writes the Rasa endpoint
file; `python -m bot.launch <service>` then replaces itself with that service's process, so the
supervisor (honcho) signals the real process and Ctrl-C leaves nothing behind.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import yaml

from bot.settings import Settings, ensure_secrets, production_problem

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("smtp", "backend", "actions", "rasa", "ready")
TRACKER_STORE_TYPE = "bot.tracker_store.PrivateSQLTrackerStore"


def tracker_store_config(url: str) -> dict[str, object]:
    """Rasa's SQLTrackerStore takes parts, not a URL: split TRACKER_DATABASE_URL.

    The type is our subclass, which masks and encrypts contact data before it is written.
    """
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    config: dict[str, object] = {
        "type": TRACKER_STORE_TYPE,
        "dialect": parsed.drivername,
        "db": parsed.database or "",
    }
    if parsed.host:
        config["url"] = parsed.host
    if parsed.port:
        config["port"] = parsed.port
    if parsed.username:
        config["username"] = parsed.username
    if parsed.password:
        config["password"] = parsed.password
    return config


def lock_store_config(url: str) -> dict[str, object]:
    """Redis lock store, so several Rasa workers never handle one conversation at once."""
    from urllib.parse import urlparse

    parsed = urlparse(url)
    config: dict[str, object] = {"type": "redis", "url": parsed.hostname or "localhost"}
    if parsed.port:
        config["port"] = parsed.port
    if parsed.password:
        config["password"] = parsed.password
    db = parsed.path.lstrip("/")
    if db:
        config["db"] = int(db)
    return config


def endpoints_config(settings: Settings) -> dict[str, object]:
    config: dict[str, object] = {
        "action_endpoint": {
            "url": settings.action_server_url,
            # Checked by bot/action_server.py: only Rasa may ask the action server to act.
            "headers": {"Authorization": f"Bearer {settings.action_server_token}"},
        },
        "tracker_store": tracker_store_config(settings.tracker_database_url),
        # The domain's responses, plus the answers to the other parts of a multi-part question.
        "nlg": {"type": "bot.multi_part_nlg.MultiPartAnswers"},
    }
    if settings.redis_url:
        config["lock_store"] = lock_store_config(settings.redis_url)
    return config


# Owner-only: var/ holds conversations, mail, databases and (in endpoints.yml) database passwords.
PRIVATE_UMASK = 0o077


def make_private(directory: Path) -> None:
    """Directories 0700 and files 0600 under `directory`, also for a var/ made by an older version."""
    if not directory.is_dir():
        return
    directory.chmod(0o700)
    for path in directory.rglob("*"):
        if path.is_symlink():
            continue
        path.chmod(0o700 if path.is_dir() else 0o600)


def prepare(settings: Settings) -> None:
    """Create var/ (owner-only) and its secrets, and write the endpoint file Rasa reads."""
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    (settings.var_dir / "logs").mkdir(exist_ok=True)
    settings.mail_sink_dir.mkdir(parents=True, exist_ok=True)
    ensure_secrets(settings.var_dir)
    settings = settings.with_generated_secrets()
    endpoints = settings.var_dir / "endpoints.yml"
    endpoints.write_text(yaml.safe_dump(endpoints_config(settings), allow_unicode=True))
    endpoints.chmod(0o600)  # it carries the action server token
    make_private(settings.var_dir)
    if not settings.mail_sink_dir.is_relative_to(settings.var_dir):
        make_private(settings.mail_sink_dir)


def service_command(service: str, settings: Settings) -> list[str]:
    """The service's command line; each runs through bot.quiet, which filters library deprecation noise."""
    python, quiet = sys.executable, "bot.quiet"
    if service == "smtp":
        return [python, "-m", quiet, "bot.mail.sink"]
    if service == "backend":
        return [python, "-m", quiet, "bot.web"]
    if service == "actions":
        return [python, "-m", quiet, "bot.action_server"]
    if service == "rasa":
        return [
            python,
            "-m",
            quiet,
            "rasa",
            "run",
            "--model",
            str(ROOT / "models" / "current.tar.gz"),
            "--enable-api",
            "--auth-token",
            settings.rasa_token,
            "--interface",
            settings.host,
            "--port",
            str(settings.rasa_port),
            "--credentials",
            str(ROOT / "credentials.yml"),
            "--endpoints",
            str(settings.var_dir / "endpoints.yml"),
            "--cors",
            "*",
        ]
    if service == "ready":
        return [python, "-m", quiet, "bot.readiness"]
    raise SystemExit(f"unknown service {service!r}; expected one of {', '.join(SERVICES)}")


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit(f"usage: python -m bot.launch prepare|{'|'.join(SERVICES)}")
    problem = production_problem(os.environ)
    if problem:
        raise SystemExit(problem)
    settings = Settings.from_env(os.environ)
    os.umask(PRIVATE_UMASK)  # inherited through exec: every file a service creates is owner-only
    if argv[0] == "prepare":
        prepare(settings)
        return
    if argv[0] == "smtp" and not settings.uses_embedded_smtp:
        print(f"SMTP_HOST is set ({settings.smtp_host}): the embedded SMTP server is not needed.", flush=True)
        signal.pause()  # stay up: the supervisor stops everything when one process exits
        return
    # Children rebuild Settings from the same environment; VAR_DIR is made absolute for them.
    env = dict(
        os.environ,
        VAR_DIR=str(settings.var_dir),
        RASA_TELEMETRY_ENABLED="false",
        PYTHONPATH=str(ROOT),
    )
    os.chdir(ROOT)
    command = service_command(argv[0], settings)
    os.execve(command[0], command, env)


if __name__ == "__main__":
    main(sys.argv[1:])
