"""The settings of a process whose parts are built by a framework from YAML (Rasa's channels and tracker
store, rasa_sdk's actions): read once per process, here, and shared by those parts.

Our own entry points (`python -m bot.action_server`, ...) read `Settings.from_env(os.environ)` themselves
and hand the result over with `use(settings)`, so nothing reads the environment a second time.
"""

from __future__ import annotations

import os

from bot.settings import Settings

_settings: Settings | None = None


def use(settings: Settings) -> None:
    """The entry point read the settings: every part of this process uses these."""
    global _settings
    _settings = settings


def process_settings() -> Settings:
    """This process's settings; the first call reads the environment when no entry point did."""
    global _settings
    if _settings is None:
        _settings = Settings.from_env(os.environ)
    return _settings
