"""HMAC-signed cookie values (the stdlib's hmac; itsdangerous is not among the pinned packages)."""

from __future__ import annotations

import base64
import hashlib
import hmac

from bot.secrets_compare import same_secret


def _mac(secret: str, purpose: str, value: str) -> str:
    digest = hmac.new(secret.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def sign(secret: str, purpose: str, value: str) -> str:
    """`value.mac`; the purpose keeps a login-form cookie from passing as a session cookie."""
    return f"{value}.{_mac(secret, purpose, value)}"


def unsign(secret: str, purpose: str, signed: str | None) -> str | None:
    """The value when the signature is right, else None (constant-time comparison)."""
    if not secret or not signed or "." not in signed:
        return None
    value, _, mac = signed.rpartition(".")
    return value if value and same_secret(mac, _mac(secret, purpose, value)) else None
