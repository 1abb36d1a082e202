"""`make review` / `make review-apply` work on the same files as the console page, through the same core."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import create_engine

from bot.settings import Settings
from bot.training.inbox import read_inbox, write_inbox
from tests.support.nlu_data import write_data_dir
from tests.support.scripts import load_script
from tests.support.tracker_store import fill_tracker_store, user_event


@pytest.fixture(scope="module")
def cli() -> ModuleType:
    return load_script("review.py", "review_cli")


@pytest.fixture
def environ(tmp_path: Path) -> dict[str, str]:
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}", future=True)
    fill_tracker_store(engine, [("user", user_event("天气怎么样", "nlu_fallback", 0.3))])
    engine.dispose()
    return {
        "VAR_DIR": str(tmp_path / "var"),
        "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
        "TRAINING_DATA_DIR": str(write_data_dir(tmp_path / "data")),
    }


def test_build_then_apply_removes_settled_groups(
    cli: ModuleType, environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = Path(environ["VAR_DIR"]) / "review" / "inbox.yml"
    assert cli.main(Settings.from_env(environ), ["build"]) == 0
    [group] = read_inbox(inbox)
    write_inbox([replace(group, label="request_access")], inbox)
    assert cli.main(Settings.from_env(environ), ["apply"]) == 0
    assert "added    data/nlu/requests.yml  request_access: 天气怎么样" in capsys.readouterr().out
    assert read_inbox(inbox) == []
    assert cli.main(Settings.from_env(environ), ["build"]) == 0
    assert read_inbox(inbox) == []  # filed once, not offered again


def test_build_without_conversations_exits_1(
    cli: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    environ = {"VAR_DIR": str(tmp_path / "var"), "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'none.db'}"}
    assert cli.main(Settings.from_env(environ), ["build"]) == 1
    assert "no conversations yet" in capsys.readouterr().err
