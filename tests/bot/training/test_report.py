"""The summary tells a trainer, per intent, whether the last change helped."""

from __future__ import annotations

from pathlib import Path

from bot.training.metrics import OVERALL, Change, Prediction, Score
from bot.training.report import RunSummary, f1_status, render


def _summary(greet: int, cookies: int, cv: float) -> RunSummary:
    return RunSummary(
        heldout={
            OVERALL: Score(greet + cookies, 8),
            "greet": Score(greet, 4),
            "faq/cookies": Score(cookies, 4),
        },
        cv_f1={"greet": cv},
        cv_overall={"intent_accuracy": 0.9},
    )


def test_summary_round_trips_through_json(tmp_path: Path) -> None:
    summary = _summary(3, 4, 0.8)
    (tmp_path / "last_run.json").write_text(summary.to_json(), encoding="utf-8")
    assert RunSummary.read(tmp_path / "last_run.json") == summary
    assert RunSummary.read(tmp_path / "absent.json") is None


def test_small_f1_moves_count_as_unchanged() -> None:
    assert f1_status(0.80, 0.805) == "= unchanged"
    assert f1_status(0.80, 0.85) == "⬆ better"
    assert f1_status(0.80, 0.70) == "⬇ worse"


def test_render_lists_worse_first_with_the_wrong_questions() -> None:
    mistake = Prediction("cookie咋关", "faq/cookies", "faq", "faq/dnt", 0.41)
    text = render(
        current=_summary(4, 2, 0.95), previous=_summary(3, 4, 0.8), gate=[], mistakes=[mistake],
        run_dir="reports/nlu/runs/x", header="Run x",
    )  # fmt: skip
    table = text.split("## Held-out set")[1]
    assert table.index("faq/cookies") < table.index("| greet")
    assert "| faq/cookies | 100% (4/4) | 50% (2/4) | ⬇ worse |" in text
    assert "| greet | 75% (3/4) | 100% (4/4) | ⬆ better |" in text
    assert "| cookie咋关 | faq/cookies | faq/dnt | 0.41 |" in text
    assert "1 better, 1 worse" in text and "Quality gate: passes" in text


def test_render_names_gate_failures() -> None:
    failure = Change("greet", Score(4, 4), Score(1, 4))
    text = render(
        current=_summary(1, 4, 0.5), previous=None, gate=[failure], mistakes=[], run_dir="r", header="h"
    )
    assert "**Quality gate: FAILS** — below the committed baseline: greet" in text


def test_render_says_when_there_is_no_baseline() -> None:
    text = render(current=_summary(1, 4, 0.5), previous=None, gate=None, mistakes=[], run_dir="r", header="h")
    assert "no committed baseline yet" in text
