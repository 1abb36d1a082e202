"""`python -m bot.staff create-admin EMAIL`: the documented way to get the first admin."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.db import make_engine, make_session_factory, session_scope
from bot.staff import service
from bot.staff.__main__ import main, read_password


def env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"VAR_DIR": str(tmp_path / "var"), "DSR_DATABASE_URL": f"sqlite:///{tmp_path / 'dsr.db'}", **extra}


def test_create_admin_from_the_environment_migrates_and_creates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["create-admin", "Boss@Megvii.com"], env(tmp_path, STAFF_ADMIN_PASSWORD="a long password"))
    assert code == 0
    assert "created admin account #1" in capsys.readouterr().out
    factory = make_session_factory(make_engine(f"sqlite:///{tmp_path / 'dsr.db'}"))
    with session_scope(factory) as session:
        (only,) = service.list_staff(session=session)
    assert (only.email, only.role) == ("boss@megvii.com", "admin")


def test_second_create_admin_for_the_same_email_is_refused(tmp_path: Path) -> None:
    environ = env(tmp_path, STAFF_ADMIN_PASSWORD="a long password")
    assert main(["create-admin", "boss@megvii.com"], environ) == 0
    assert main(["create-admin", "boss@megvii.com"], environ) == 1


def test_weak_password_is_refused_before_touching_the_database(tmp_path: Path) -> None:
    assert main(["create-admin", "boss@megvii.com"], env(tmp_path, STAFF_ADMIN_PASSWORD="short")) == 2
    assert not (tmp_path / "dsr.db").exists()


def test_password_prompt_must_match_twice() -> None:
    answers = iter(["first password!", "second password"])
    with pytest.raises(SystemExit):
        read_password({}, prompt=lambda _: next(answers))
    same = iter(["same password!", "same password!"])
    assert read_password({}, prompt=lambda _: next(same)) == "same password!"
