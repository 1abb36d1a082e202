"""One typed settings object, read once from the environment.

Every process (Rasa launcher, action server, DSR backend, SMTP sink, tests) builds it with
`Settings.from_env(os.environ)`; tests pass a plain dict. Secrets that are unset are read from
`var/secrets/` where `ensure_secrets` generated them on first run.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

REPO_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SECRET_NAMES = ("RASA_TOKEN", "DSR_API_TOKEN", "DSR_ENCRYPTION_KEY", "SESSION_SECRET")


class SettingsError(ValueError):
    """A variable is present but unusable; the message names it."""


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None


def _bool(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


def _secret(environ: Mapping[str, str], name: str, var_dir: Path) -> str:
    value = environ.get(name, "").strip()
    if value:
        return value
    path = var_dir / "secrets" / name
    return path.read_text().strip() if path.exists() else ""


@dataclass(frozen=True)
class Settings:
    var_dir: Path
    # Ports and addresses (loopback by default).
    host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_server_port: int = 5055
    dsr_port: int = 8000
    dev_smtp_port: int = 1025
    public_url: str = ""
    # Secrets: from the environment, else generated into var/secrets/.
    rasa_token: str = field(default="", repr=False)
    dsr_api_token: str = field(default="", repr=False)
    encryption_key: str = field(default="", repr=False)
    session_secret: str = field(default="", repr=False)
    # Storage.
    dsr_database_url: str = ""
    tracker_database_url: str = ""
    redis_url: str = ""
    # Mail.
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_starttls: bool = False
    mail_from: str = "旷视隐私保护 <privacy-noreply@megvii.local>"
    mail_sink_dir: Path = Path("var/mail")
    mail_retry_base_ms: int = 2000
    mail_retry_max_seconds: int = 300
    mail_poll_ms: int = 1000
    # Telegram.
    telegram_token: str = field(default="", repr=False)
    telegram_webhook_secret: str = field(default="", repr=False)
    telegram_api_base_url: str = ""
    telegram_mode: str = "webhook"
    telegram_webhook_url: str = ""  # public https URL of /webhooks/telegram/webhook; empty: none is set
    # Staff console.
    staff_admin_email: str = ""
    staff_admin_password: str = field(default="", repr=False)
    secure_cookies: bool = False
    # Training: where the review inbox files labelled messages (the console page and `make review-apply`).
    training_data_dir: Path = REPO_DATA_DIR
    # Assistant behaviour.
    max_message_chars: int = 2000
    deadline_working_days: int = 15
    deadline_max_calendar_days: int = 30
    handoff_wait_minutes: int = 5
    # Intake: how often the action server retries requests kept while the backend was down.
    pending_retry_seconds: int = 30
    dsr_api_url: str = ""  # DSR_API_URL; empty means the local backend at dsr_url
    # Privacy (docs/privacy.md): how often the backend runs due erasures and the retention purge,
    # and how long each store keeps what it holds.
    erasure_poll_seconds: int = 15
    purge_interval_minutes: int = 60
    retention_conversation_days: int = 30  # conversations that led to no ticket
    retention_after_close_days: int = 180  # conversations of a ticket, counted from its closing
    retention_sink_mail_days: int = 7  # mail files of the embedded SMTP server
    retention_challenge_days: int = 1  # verification challenges, counted from their expiry
    retention_outbox_days: int = 30  # delivered outbox rows (bodies are cleared at delivery)

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        var_dir = Path(environ.get("VAR_DIR", "var")).resolve()
        smtp_host = environ.get("SMTP_HOST", "").strip()
        dev_smtp_port = _int(environ, "DEV_SMTP_PORT", 1025)
        telegram_mode = environ.get("TELEGRAM_MODE", "webhook").strip() or "webhook"
        if telegram_mode not in {"webhook", "polling"}:
            raise SettingsError(f"TELEGRAM_MODE must be webhook or polling, got {telegram_mode!r}")
        settings = cls(
            var_dir=var_dir,
            host=environ.get("BIND_HOST", "127.0.0.1"),
            rasa_port=_int(environ, "RASA_PORT", 5005),
            action_server_port=_int(environ, "ACTION_SERVER_PORT", 5055),
            dsr_port=_int(environ, "DSR_PORT", 8000),
            dev_smtp_port=dev_smtp_port,
            public_url=environ.get("PUBLIC_URL", "").rstrip("/"),
            rasa_token=_secret(environ, "RASA_TOKEN", var_dir),
            dsr_api_token=_secret(environ, "DSR_API_TOKEN", var_dir),
            encryption_key=_secret(environ, "DSR_ENCRYPTION_KEY", var_dir),
            session_secret=_secret(environ, "SESSION_SECRET", var_dir),
            dsr_database_url=environ.get("DSR_DATABASE_URL", "") or f"sqlite:///{var_dir / 'dsr.db'}",
            tracker_database_url=environ.get("TRACKER_DATABASE_URL", "")
            or f"sqlite:///{var_dir / 'tracker.db'}",
            redis_url=environ.get("REDIS_URL", ""),
            smtp_host=smtp_host or "127.0.0.1",
            smtp_port=_int(environ, "SMTP_PORT", 25 if smtp_host else dev_smtp_port),
            smtp_username=environ.get("SMTP_USERNAME", ""),
            smtp_password=environ.get("SMTP_PASSWORD", ""),
            smtp_starttls=_bool(environ, "SMTP_STARTTLS", False),
            mail_from=environ.get("MAIL_FROM", "") or cls.mail_from,
            mail_sink_dir=Path(environ.get("MAIL_SINK_DIR", "") or var_dir / "mail"),
            mail_retry_base_ms=_int(environ, "MAIL_RETRY_BASE_MS", 2000),
            mail_retry_max_seconds=_int(environ, "MAIL_RETRY_MAX_SECONDS", 300),
            mail_poll_ms=_int(environ, "MAIL_POLL_MS", 1000),
            telegram_token=environ.get("TELEGRAM_TOKEN", ""),
            telegram_webhook_secret=environ.get("TELEGRAM_WEBHOOK_SECRET", ""),
            telegram_api_base_url=environ.get("TELEGRAM_API_BASE_URL", "").rstrip("/"),
            telegram_mode=telegram_mode,
            telegram_webhook_url=environ.get("TELEGRAM_WEBHOOK_URL", "").strip(),
            staff_admin_email=environ.get("STAFF_ADMIN_EMAIL", ""),
            staff_admin_password=environ.get("STAFF_ADMIN_PASSWORD", ""),
            secure_cookies=_bool(environ, "SECURE_COOKIES", False),
            training_data_dir=Path(environ.get("TRAINING_DATA_DIR", "") or REPO_DATA_DIR).resolve(),
            max_message_chars=_int(environ, "MAX_MESSAGE_CHARS", 2000),
            deadline_working_days=_int(environ, "DEADLINE_WORKING_DAYS", 15),
            deadline_max_calendar_days=_int(environ, "DEADLINE_MAX_CALENDAR_DAYS", 30),
            handoff_wait_minutes=_int(environ, "HANDOFF_WAIT_MINUTES", 5),
            pending_retry_seconds=_int(environ, "PENDING_RETRY_SECONDS", 30),
            dsr_api_url=environ.get("DSR_API_URL", "").rstrip("/"),
            erasure_poll_seconds=_int(environ, "ERASURE_POLL_SECONDS", 15),
            purge_interval_minutes=_int(environ, "PURGE_INTERVAL_MINUTES", 60),
            retention_conversation_days=_int(environ, "RETENTION_CONVERSATION_DAYS", 30),
            retention_after_close_days=_int(environ, "RETENTION_AFTER_CLOSE_DAYS", 180),
            retention_sink_mail_days=_int(environ, "RETENTION_SINK_MAIL_DAYS", 7),
            retention_challenge_days=_int(environ, "RETENTION_CHALLENGE_DAYS", 1),
            retention_outbox_days=_int(environ, "RETENTION_OUTBOX_DAYS", 30),
        )
        if smtp_host == "" and environ.get("SMTP_PORT"):
            raise SettingsError(
                "SMTP_PORT is set but SMTP_HOST is not; set both, or neither for the embedded server"
            )
        return settings

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
        return f"http://{self.host}:{self.action_server_port}/webhook"


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
