"""`scripts/check_data.py`, as `make validate` runs it: exit 1 and a line per problem."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.support.scripts import load_script


@pytest.fixture(scope="module")
def cli() -> ModuleType:
    return load_script("check_data.py", "check_data")


def _write(tmp_path: Path, examples: list[str]) -> list[str]:
    (tmp_path / "data").mkdir()
    lines = "".join(f"    - {e}\n" for e in examples)
    (tmp_path / "data" / "a.yml").write_text(
        f"nlu:\n- intent: greet\n  examples: |\n{lines}", encoding="utf-8"
    )
    (tmp_path / "domain.yml").write_text("intents:\n- greet\n- nlu_fallback\n", encoding="utf-8")
    return ["--data", str(tmp_path / "data"), "--domain", str(tmp_path / "domain.yml"), "--heldout"]


def test_exit_1_naming_the_intent(
    cli: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(_write(tmp_path, ["你好", "嗨"])) == 1
    assert "a.yml:4: intent greet has 2 examples; needs at least 20" in capsys.readouterr().out


def test_exit_0_when_clean(cli: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([*_write(tmp_path, ["你好", "嗨"]), "--min-intent", "2"]) == 0
    assert "check_data: ok" in capsys.readouterr().out
