"""The small Mailer protocol, its aiosmtplib implementation, and a fake for unit tests."""

from __future__ import annotations

import asyncio
from email.message import EmailMessage
from typing import Protocol

import aiosmtplib

# What a transient SMTP outage looks like from aiosmtplib; the sender retries on these.
DELIVERY_ERRORS: tuple[type[BaseException], ...] = (aiosmtplib.SMTPException, OSError, asyncio.TimeoutError)


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None:
        """Hand one message to the mail system or raise one of DELIVERY_ERRORS."""
        ...


class SmtpMailer:
    """Delivers through a real SMTP server (the embedded sink in development)."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        username: str = "",
        password: str = "",
        starttls: bool = False,
        timeout: float = 10.0,
    ) -> None:
        self._host, self._port, self._timeout = host, port, timeout
        self._username, self._password, self._starttls = username, password, starttls

    async def send(self, message: EmailMessage) -> None:
        """One connection per message: simple, and the outbox volume is small."""
        await aiosmtplib.send(
            message,
            hostname=self._host,
            port=self._port,
            username=self._username or None,
            password=self._password or None,
            start_tls=self._starttls,
            timeout=self._timeout,
        )


class FakeMailer:
    """Records messages; `fail_next` makes the next N sends raise like an unreachable server."""

    def __init__(self, fail_next: int = 0) -> None:
        self.sent: list[EmailMessage] = []
        self.fail_next = fail_next
        self.attempts = 0

    async def send(self, message: EmailMessage) -> None:
        """Fail while fail_next > 0, then record."""
        self.attempts += 1
        if self.fail_next > 0:
            self.fail_next -= 1
            raise ConnectionRefusedError("fake SMTP server is down")
        self.sent.append(message)
