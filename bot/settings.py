"""One typed settings object, read once per process from the environment.

Each process reads it at its entry point (`python -m bot.web`, `bot.action_server`, `bot.launch`, the
Rasa process through `bot/channels/process.py`, the sink, scripts and benchmarks) with
`Settings.from_env(os.environ)` and passes it on; tests pass a plain dict. Each setting is declared once:
its field names the variable (`env(...)`) and carries the default that both a direct `Settings(...)`
and `from_env` use. Secrets that are unset are read from `var/secrets/` where `ensure_secrets` put them.
"""

from __future__ import annotations

import secrets
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from bot.rate_limit import EdgeLimits

REPO_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SECRET_NAMES = ("RASA_TOKEN", "DSR_API_TOKEN", "DSR_ENCRYPTION_KEY", "SESSION_SECRET", "ACTION_SERVER_TOKEN")
# Internal services (action server, SMTP sink) listen here only: nobody outside the machine reaches them.
LOOPBACK = "127.0.0.1"
# In production these come from the environment (a secret manager), not from var/secrets/ beside the data.
PRODUCTION_SECRETS = ("DSR_ENCRYPTION_KEY", "SESSION_SECRET")


class SettingsError(ValueError):
    """A variable is present but unusable; the message names it."""


def _int(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None


def _bool(name: str, raw: str) -> bool:
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


def _secret_file(name: str, var_dir: Path) -> str:
    path = var_dir / "secrets" / name
    return path.read_text().strip() if path.exists() else ""


def env(
    name: str,
    default: Any = "",
    *,
    secret: bool = False,
    url: bool = False,
    resolve: bool = False,
    choices: tuple[str, ...] = (),
    under_var: Callable[[Path], Any] | None = None,
) -> Any:
    """A setting read from variable `name`; empty or unset gives `default` (or `under_var(var_dir)`)."""
    metadata = {"env": name, "secret": secret, "url": url, "resolve": resolve, "choices": choices}
    return field(default=default, repr=not secret, metadata={**metadata, "under_var": under_var})


def _parse(kind: Any, raw: str, meta: Mapping[str, Any]) -> Any:
    """One variable's text as the field's type, failing with a message that names the variable."""
    name = meta["env"]
    if kind is int:
        return _int(name, raw)
    if kind is bool:
        return _bool(name, raw)
    if meta["choices"] and raw not in meta["choices"]:
        raise SettingsError(f"{name} must be {' or '.join(meta['choices'])}, got {raw!r}")
    if kind is Path:
        return Path(raw).resolve() if meta["resolve"] else Path(raw)
    return raw.rstrip("/") if meta["url"] else raw


@dataclass(frozen=True)
class Settings:
    var_dir: Path = env("VAR_DIR", Path("var"), resolve=True)
    # Ports and addresses (loopback by default).
    host: str = env("BIND_HOST", "127.0.0.1")
    rasa_port: int = env("RASA_PORT", 5005)
    action_server_port: int = env("ACTION_SERVER_PORT", 5055)
    dsr_port: int = env("DSR_PORT", 8000)
    dev_smtp_port: int = env("DEV_SMTP_PORT", 1025)
    public_url: str = env("PUBLIC_URL", url=True)
    # True behind a proxy that serves Rasa's /socket.io/ on the backend's own origin (make run-cluster).
    widget_same_origin: bool = env("WIDGET_SAME_ORIGIN", False)
    # Secrets: from the environment, else generated into var/secrets/.
    rasa_token: str = env("RASA_TOKEN", secret=True)
    dsr_api_token: str = env("DSR_API_TOKEN", secret=True)
    encryption_key: str = env("DSR_ENCRYPTION_KEY", secret=True)
    session_secret: str = env("SESSION_SECRET", secret=True)
    action_server_token: str = env("ACTION_SERVER_TOKEN", secret=True)  # Rasa -> action server header
    # Storage.
    dsr_database_url: str = env("DSR_DATABASE_URL", under_var=lambda var: f"sqlite:///{var / 'dsr.db'}")
    tracker_database_url: str = env(
        "TRACKER_DATABASE_URL", under_var=lambda var: f"sqlite:///{var / 'tracker.db'}"
    )
    # Redis: Rasa's lock store and, when set, the socket.io message queue shared by several Rasa servers.
    redis_url: str = env("REDIS_URL")
    # Mail: with SMTP_HOST unset, the embedded server on 127.0.0.1:DEV_SMTP_PORT (see from_env).
    smtp_host: str = env("SMTP_HOST")
    smtp_port: int = env("SMTP_PORT", 25)
    smtp_username: str = env("SMTP_USERNAME")
    smtp_password: str = env("SMTP_PASSWORD", secret=True)
    smtp_starttls: bool = env("SMTP_STARTTLS", False)
    mail_from: str = env("MAIL_FROM", "旷视隐私保护 <privacy-noreply@megvii.local>")
    mail_sink_dir: Path = env("MAIL_SINK_DIR", Path("var/mail"), under_var=lambda var: var / "mail")
    mail_retry_base_ms: int = env("MAIL_RETRY_BASE_MS", 2000)
    mail_retry_max_seconds: int = env("MAIL_RETRY_MAX_SECONDS", 300)
    mail_poll_ms: int = env("MAIL_POLL_MS", 1000)
    # Telegram.
    telegram_token: str = env("TELEGRAM_TOKEN", secret=True)
    telegram_webhook_secret: str = env("TELEGRAM_WEBHOOK_SECRET", secret=True)
    telegram_api_base_url: str = env("TELEGRAM_API_BASE_URL", url=True)
    telegram_mode: str = env("TELEGRAM_MODE", "webhook", choices=("webhook", "polling"))
    # Public https URL of /webhooks/telegram/webhook; empty: none is set.
    telegram_webhook_url: str = env("TELEGRAM_WEBHOOK_URL")
    # Staff console.
    staff_admin_email: str = env("STAFF_ADMIN_EMAIL")
    staff_admin_password: str = env("STAFF_ADMIN_PASSWORD", secret=True)
    secure_cookies: bool = env("SECURE_COOKIES", False)
    staff_totp_required_for_admins: bool = env("STAFF_TOTP_REQUIRED_FOR_ADMINS", False)
    # Training: where the review inbox files labelled messages (the console page and `make review-apply`).
    training_data_dir: Path = env("TRAINING_DATA_DIR", REPO_DATA_DIR, resolve=True)
    # Assistant behaviour.
    max_message_chars: int = env("MAX_MESSAGE_CHARS", 2000)
    # Edges (#15): widget session lifetime, size caps, rate limits (per minute unless named).
    widget_session_days: int = env("WIDGET_SESSION_DAYS", 30)
    max_rest_body_bytes: int = env("MAX_REST_BODY_BYTES", 131072)  # 10,000 chars as \u escapes still fit
    max_metadata_bytes: int = env("MAX_METADATA_BYTES", 4096)
    max_api_body_bytes: int = env("MAX_API_BODY_BYTES", 65536)
    messages_per_sender: int = env("RATE_MESSAGES_PER_SENDER", 20)
    messages_per_ip: int = env("RATE_MESSAGES_PER_IP", 60)
    new_conversations_per_ip_hour: int = env("RATE_NEW_CONVERSATIONS_PER_IP", 30)
    verification_mails_per_minute: int = env("VERIFICATION_MAILS_PER_MINUTE", 30)
    verification_token_hours: int = env("VERIFICATION_TOKEN_HOURS", 72)  # outlives pending retries
    deadline_working_days: int = env("DEADLINE_WORKING_DAYS", 15)
    deadline_max_calendar_days: int = env("DEADLINE_MAX_CALENDAR_DAYS", 30)
    handoff_wait_minutes: int = env("HANDOFF_WAIT_MINUTES", 5)
    # Intake: how often the action server retries requests kept while the backend was down.
    pending_retry_seconds: int = env("PENDING_RETRY_SECONDS", 30)
    dsr_api_url: str = env("DSR_API_URL", url=True)  # empty means the local backend at dsr_url
    # Privacy (docs/privacy.md): how often the backend runs due erasures and the retention purge,
    # and how long each store keeps what it holds.
    erasure_poll_seconds: int = env("ERASURE_POLL_SECONDS", 15)
    purge_interval_minutes: int = env("PURGE_INTERVAL_MINUTES", 60)
    retention_conversation_days: int = env("RETENTION_CONVERSATION_DAYS", 30)  # conversations without ticket
    retention_after_close_days: int = env("RETENTION_AFTER_CLOSE_DAYS", 180)  # a ticket's, after closing
    retention_sink_mail_days: int = env("RETENTION_SINK_MAIL_DAYS", 7)  # mail files of the embedded server
    retention_challenge_days: int = env("RETENTION_CHALLENGE_DAYS", 1)  # challenges, after their expiry
    retention_outbox_days: int = env("RETENTION_OUTBOX_DAYS", 30)  # delivered outbox rows
    # Trainers and benchmarks (TRAINING.md, README's figures).
    nlu_report_cv_epochs: int = env("NLU_REPORT_CV_EPOCHS", 40)  # `make nlu-report` cross-validation epochs
    bench_rasa_url: str = env("RASA_URL", url=True)  # a Rasa server to benchmark; empty: the local one
    bench_postgres_url: str = env("TEST_POSTGRES_URL")  # `make bench-api` on PostgreSQL too when set
    # `make run-cluster` (bot/cluster): every port is this base plus a fixed offset; its own databases.
    cluster_base_port: int = env("CLUSTER_BASE_PORT", 18000)
    # nginx's public listener; 0.0.0.0 only inside a container (docker-compose.yml), where it must face out.
    cluster_public_host: str = env("CLUSTER_PUBLIC_HOST", "127.0.0.1")
    cluster_database_url: str = env(
        "CLUSTER_DATABASE_URL", "postgresql+psycopg2://dsr:dsr@127.0.0.1:5432/dsr_cluster"
    )
    cluster_tracker_database_url: str = env(
        "CLUSTER_TRACKER_DATABASE_URL", "postgresql+psycopg2://dsr:dsr@127.0.0.1:5432/dsr_cluster_tracker"
    )
    cluster_redis_url: str = env("CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/2")

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Every declared variable, parsed once; a present but unusable value fails naming it."""
        hints = typing.get_type_hints(cls)
        raw = {f.name: environ.get(f.metadata["env"], "") for f in fields(cls)}
        var_dir = Path(raw["var_dir"].strip() or "var").resolve()
        values: dict[str, Any] = {}
        for f in fields(cls):
            meta, text = f.metadata, raw[f.name]
            # Passwords and tokens are kept as given; generated secrets may come from var/secrets/.
            as_given = meta["secret"] and meta["env"] not in SECRET_NAMES and text.strip()
            text = text if as_given else text.strip()
            if not text and meta["env"] in SECRET_NAMES:
                text = _secret_file(meta["env"], var_dir)
            if text:
                values[f.name] = _parse(hints[f.name], text, meta)
            elif meta["under_var"] is not None:
                values[f.name] = meta["under_var"](var_dir)
            else:
                values[f.name] = f.default
        values["var_dir"] = var_dir
        if not raw["smtp_host"].strip():
            if raw["smtp_port"].strip():
                raise SettingsError(
                    "SMTP_PORT is set but SMTP_HOST is not; set both, or neither for the embedded server"
                )
            values["smtp_host"], values["smtp_port"] = "127.0.0.1", values["dev_smtp_port"]
        return cls(**values)

    def with_generated_secrets(self) -> Settings:
        """After `ensure_secrets`: each secret the environment left empty, from var/secrets/."""
        by_env = {f.metadata["env"]: f.name for f in fields(self)}
        found = {by_env[name]: _secret_file(name, self.var_dir) for name in SECRET_NAMES}
        return replace(self, **{name: getattr(self, name) or value for name, value in found.items()})

    def edge_limits(self) -> EdgeLimits:
        """Fresh in-memory limiters for one channel, from these settings."""
        return EdgeLimits.per_minute(
            sender=self.messages_per_sender,
            ip=self.messages_per_ip,
            new_conversations_per_hour=self.new_conversations_per_ip_hour,
        )

    @property
    def uses_embedded_smtp(self) -> bool:
        """True when no SMTP_HOST was given: `make run` then starts the aiosmtpd sink."""
        return self.smtp_host == "127.0.0.1" and self.smtp_port == self.dev_smtp_port

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def dsr_url(self) -> str:
        return f"http://{self.host}:{self.dsr_port}"

    @property
    def pending_store_path(self) -> Path:
        """The action server's requests kept while the backend was down (erasure reaches it too)."""
        return self.var_dir / "intake" / "pending.db"

    @property
    def action_server_url(self) -> str:
        return f"http://{LOOPBACK}:{self.action_server_port}/webhook"


def production_problem(environ: Mapping[str, str]) -> str | None:
    """Why this environment must not start with DSR_ENV=production, or None."""
    if environ.get("DSR_ENV", "").strip().lower() != "production":
        return None
    missing = [name for name in PRODUCTION_SECRETS if not environ.get(name, "").strip()]
    if missing:
        return (
            f"DSR_ENV=production but {', '.join(missing)} not set in the environment: a key generated into "
            "var/secrets/ sits beside the data it protects. Supply it from your secret store and start again."
        )
    return None


def ensure_secrets(var_dir: Path) -> None:
    """Generate each missing secret once into var/secrets/ (mode 600), so restarts keep them."""
    secret_dir = var_dir / "secrets"
    secret_dir.mkdir(parents=True, exist_ok=True)
    secret_dir.chmod(0o700)
    for name in SECRET_NAMES:
        path = secret_dir / name
        if not path.exists():
            path.write_text(secrets.token_urlsafe(32))
            path.chmod(0o600)
