"""Time-based one-time passwords (RFC 6238) from the standard library, for the console's second factor.

pyotp is not among the pinned packages; TOTP is HOTP (RFC 4226) over a 30-second counter, which is
a few lines of hmac. Authenticator apps (Google Authenticator, 1Password, FreeOTP...) read the
`otpauth://` URI this module makes; they use SHA-1, six digits and 30 s, the defaults here.
"""

from __future__ import annotations

import base64
import hmac
import secrets
import struct
from urllib.parse import quote

STEP_SECONDS = 30
DIGITS = 6


def new_secret() -> str:
    """160 random bits in base32, the form authenticator apps expect."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def _key(secret: str) -> bytes:
    cleaned = secret.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(key: bytes, counter: int, *, digits: int = DIGITS, digest: str = "sha1") -> str:
    """RFC 4226: dynamic truncation of HMAC(key, counter)."""
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def totp(secret: str, unix_time: float, *, digits: int = DIGITS) -> str:
    """The code for the 30-second step containing `unix_time`."""
    return hotp(_key(secret), int(unix_time) // STEP_SECONDS, digits=digits)


def verify(secret: str, code: str, unix_time: float, *, drift_steps: int = 1) -> int | None:
    """The step a right code belongs to (one step of clock drift either way), else None.

    The caller stores the step and refuses it again, so a code read over a shoulder cannot be replayed.
    """
    given = code.strip().replace(" ", "") if isinstance(code, str) else ""
    if len(given) != DIGITS or not given.isdigit():
        return None
    try:
        key = _key(secret)
    except (ValueError, TypeError):
        return None
    step = int(unix_time) // STEP_SECONDS
    for candidate in range(step - drift_steps, step + drift_steps + 1):
        if hmac.compare_digest(hotp(key, candidate).encode(), given.encode()):
            return candidate
    return None


def provisioning_uri(secret: str, account: str, issuer: str = "旷视隐私助手") -> str:
    """What an authenticator app scans (or the person types in) to enrol."""
    label = quote(f"{issuer}:{account}")
    return f"otpauth://totp/{label}?secret={secret}&issuer={quote(issuer)}&algorithm=SHA1&digits=6&period=30"


__all__ = ["hotp", "new_secret", "provisioning_uri", "totp", "verify"]
