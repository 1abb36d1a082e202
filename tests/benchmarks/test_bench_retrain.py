from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench_retrain import ANCHOR, GREETINGS, add_one_line


def test_one_new_greeting_is_added_to_the_copy(tmp_path: Path) -> None:
    path = tmp_path / GREETINGS
    path.parent.mkdir(parents=True)
    path.write_text(f"nlu:\n{ANCHOR}    - 你好\n", encoding="utf-8")
    line = add_one_line(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[3] == f"    - {line.removeprefix('- ')}" and lines[4] == "    - 你好"


def test_a_copy_without_greetings_is_refused(tmp_path: Path) -> None:
    path = tmp_path / GREETINGS
    path.parent.mkdir(parents=True)
    path.write_text("nlu: []\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        add_one_line(tmp_path)
