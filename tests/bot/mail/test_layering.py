"""The core packages stay framework-free, so the bot, the API and the console can all call them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CORE = ["bot/tickets", "bot/verification", "bot/mail", "bot/db.py", "bot/crypto.py"]
FORBIDDEN = ("rasa", "rasa_sdk", "starlette", "telegram", "uvicorn", "socketio", "bot.web", "actions")


def _modules() -> list[Path]:
    paths: list[Path] = []
    for entry in CORE:
        target = ROOT / entry
        paths.extend(sorted(target.rglob("*.py")) if target.is_dir() else [target])
    return paths


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_core_module_imports_no_framework(path: Path) -> None:
    """No import of Rasa, Starlette, Telegram or the web adapters from the core."""
    imported: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            imported.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.append(node.module)
    bad = [name for name in imported if name.split(".")[0] in FORBIDDEN or name.startswith(FORBIDDEN)]
    assert bad == []
