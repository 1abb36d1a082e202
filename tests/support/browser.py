"""Debian's chromium for the Playwright tests: one path, one set of flags, one skip reason.

Playwright's own browser download is never used (the machine reaches only package registries);
`.ci/run` installs chromium from Debian.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import pytest
from playwright.async_api import Browser as AsyncBrowser
from playwright.async_api import async_playwright
from playwright.sync_api import Browser as SyncBrowser
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING = "Debian chromium is not installed (apt-get install chromium; .ci/run does)"


def skip_module_without_chromium() -> None:
    """Call at module level: the browser tests of that module are skipped, with the reason."""
    if not CHROMIUM.exists():
        pytest.skip(MISSING, allow_module_level=True)


@contextmanager
def chromium() -> Iterator[SyncBrowser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


@asynccontextmanager
async def async_chromium() -> AsyncIterator[AsyncBrowser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            await launched.close()
