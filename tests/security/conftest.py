"""The hostile-input suite (`make security`): every edge, attacked with what people and scripts send.

Each case expects a clear refusal (a 4xx with the JSON error shape, or the console's error page) or
a polite reply, never a stack trace, never a second copy of anything stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bot.db import SessionFactory, session_scope
from bot.mail.mailer import FakeMailer
from bot.staff import service as staff
from bot.web.app import create_app
from tests.bot.channels.conftest import serve_channel
from tests.support.clock import FrozenClock
from tests.support.passwords import fast_password_hashing
from tests.web.console.conftest import console_settings

__all__ = ["fast_password_hashing", "serve_channel"]
TOKEN = "test-dsr-api-token"
STAFF_EMAIL = "wang@megvii.com"
STAFF_PASSWORD = "long enough password"
LEAKS = ("Traceback", 'File "/', "sqlalchemy.", "Exception:")


def assert_no_leak(text: str) -> None:
    """No stack trace or internal detail in what leaves the process."""
    for marker in LEAKS:
        assert marker not in text, f"{marker!r} leaked: {text[:300]}"


@pytest.fixture
def backend(
    tmp_path: Path, session_factory: SessionFactory, clock: FrozenClock, fast_password_hashing: None
) -> Iterator[TestClient]:
    """The backend (API, console, widget routes) as a browser or script reaches it; exceptions become 500s."""
    with session_scope(session_factory) as session:
        staff.create_staff(
            session=session,
            email=STAFF_EMAIL,
            password=STAFF_PASSWORD,
            role="agent",
            now=clock(),
            display_name="小王",
        )
    app = create_app(
        console_settings(tmp_path, MAX_API_BODY_BYTES="4096"),
        session_factory=session_factory,
        clock=clock,
        start_outbox=False,
        mailer=FakeMailer(),
    )
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as client:
        yield client
