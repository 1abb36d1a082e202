"""Widget session ids issued by the server and signed, so a browser cannot name someone else's session.

A token is `<id>.<issued unix seconds>.<mac>`, the mac an HMAC-SHA256 over id and issue time with a
key derived from SESSION_SECRET. The conversation id is `web:<id>`; the token is what the widget keeps.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

_TOKEN = re.compile(r"([0-9a-f]{32})\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})")


@dataclass(frozen=True)
class SessionSigner:
    """Issues and checks widget session tokens; `max_age` bounds how long one is honoured."""

    secret: str
    max_age: timedelta = timedelta(days=30)

    def _mac(self, session_id: str, issued: int) -> str:
        key = hmac.new(self.secret.encode(), b"widget-session-v1", hashlib.sha256).digest()
        digest = hmac.new(key, f"{session_id}.{issued}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def issue(self, now: datetime) -> str:
        """A fresh random session id, signed with its issue time."""
        session_id, issued = secrets.token_hex(16), int(now.timestamp())
        return f"{session_id}.{issued}.{self._mac(session_id, issued)}"

    def verify(self, token: object, now: datetime) -> str | None:
        """The session id of a genuine, unexpired token; None for anything else."""
        if not isinstance(token, str) or not self.secret:
            return None
        match = _TOKEN.fullmatch(token)
        if match is None:
            return None
        session_id, issued_text, mac = match.groups()
        issued = int(issued_text)
        if not hmac.compare_digest(mac.encode(), self._mac(session_id, issued).encode()):
            return None
        age = now.timestamp() - issued
        if age < -300 or age > self.max_age.total_seconds():  # five minutes of clock skew
            return None
        return session_id
