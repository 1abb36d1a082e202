from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOISY = (
    "import warnings, sanic\n"
    "warnings.warn('old API', DeprecationWarning)\n"
    "class Both(UserWarning, DeprecationWarning): pass\n"
    "warnings.filterwarnings('once', category=UserWarning)  # as Rasa does after start\n"
    "warnings.warn('old parser API', Both)\n"
    "print('served')\n"
)


def run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    (tmp_path / "noisy_service.py").write_text(NOISY)
    env = {"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=60)


def test_a_library_deprecation_is_shown_without_the_filter(tmp_path: Path) -> None:
    result = run(["-c", "import runpy; runpy.run_module('noisy_service', run_name='__main__')"], tmp_path)
    assert "old API" in result.stderr and "old parser API" in result.stderr


def test_a_service_run_through_bot_quiet_shows_no_library_deprecation(tmp_path: Path) -> None:
    result = run(["-m", "bot.quiet", "noisy_service"], tmp_path)
    assert result.returncode == 0 and result.stdout == "served\n"
    assert "old API" not in result.stderr and "old parser API" not in result.stderr
