"""`python -m bot.web`: upgrade the DSR database, then serve the backend on settings.host:dsr_port."""

from __future__ import annotations

import logging
import os

import uvicorn

from bot.db import upgrade_database
from bot.settings import Settings, ensure_secrets
from bot.web.app import create_app


def main() -> None:
    """Secrets and schema first, so a fresh machine serves on the first start."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env(os.environ)
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    ensure_secrets(settings.var_dir)
    settings = settings.with_generated_secrets()
    upgrade_database(settings.dsr_database_url)
    # ws="none": rasa pins an old `websockets` that uvicorn's auto-detected WebSocket support cannot import,
    # and this backend serves no WebSockets.
    uvicorn.run(create_app(settings), host=settings.host, port=settings.dsr_port, log_level="info", ws="none")


if __name__ == "__main__":
    main()
