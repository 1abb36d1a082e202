"""`python -m bot.retention`, as `make purge` runs it: prints one line per store, dry run first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(var_dir: Path, *args: str) -> str:
    env = {**os.environ, "VAR_DIR": str(var_dir), "DSR_ENCRYPTION_KEY": "k", "PYTHONPATH": str(ROOT)}
    for name in ("DSR_DATABASE_URL", "TRACKER_DATABASE_URL", "MAIL_SINK_DIR"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "bot.retention", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_dry_run_reports_each_store_and_keeps_old_mail(tmp_path: Path) -> None:
    mail = tmp_path / "mail"
    mail.mkdir()
    old = mail / "old.eml"
    old.write_bytes(b"To: a@example.com\r\n\r\nx\r\n")
    os.utime(old, (0, 0))
    out = run(tmp_path, "--dry-run")
    assert "sink_mail: would remove 1" in out and "tracker_events: would remove 0" in out
    assert old.exists()
    assert "sink_mail: removed 1" in run(tmp_path)
    assert not old.exists()
    assert (tmp_path / "dsr.db").stat().st_mode & 0o077 == 0  # created owner-only
