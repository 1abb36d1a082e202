"""Quality gate: the trained model must not fall below the committed baselines.

Two gates: the tuning held-out sets (eval/heldout/, per intent, reports/nlu/baseline.json), and the Chinese
part of the blind set (eval/blind/, written without seeing the training data; policy answers with their
facts, goals, out-of-scope recall and in-scope declines; reports/nlu/blind_baseline.json).

`make test` trains models/current.tar.gz first. Loads the model once and parses every held-out
question in one go (~30 s). When a drop is intended (say a topic was split), `make baseline`
accepts the new figures; commit reports/nlu/baseline.json with the data change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import ModuleType

import pytest

from bot.training import heldout, metrics, nludata
from bot.training.paths import BASELINE, DOMAIN, HELDOUT_FILES, MODEL
from tests.support.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
SLACK = 1  # questions per intent that may flip before the gate fails (see metrics.gate_failures)


def _describe(change: metrics.Change, mistakes: list[metrics.Prediction]) -> str:
    before, after = change.before, change.after
    assert before is not None and after is not None
    line = f"  {change.label}: {before.accuracy:.0%} ({before.correct}/{before.total}) -> " \
           f"{after.accuracy:.0%} ({after.correct}/{after.total})"  # fmt: skip
    wrong = [m for m in mistakes if change.label in (m.expected, m.expected.split("/", 1)[0])]
    return "\n".join(
        [line, *(f"      「{m.text}」 -> {m.predicted} ({m.confidence:.2f})" for m in wrong[:5])]
    )


@pytest.fixture(scope="module")
def predictions() -> list[metrics.Prediction]:
    model = Path(os.environ.get("NLU_GATE_MODEL", "") or ROOT / MODEL)  # another model, e.g. while tuning
    if not model.is_file():
        pytest.skip(f"no trained model at {MODEL}; `make test` trains it first")
    from bot.nlu.rasa_parse import predict

    cases = heldout.load([ROOT / p for p in HELDOUT_FILES], nludata.domain_intents(ROOT / DOMAIN))
    return predict(model, [c for c in cases if c.label])


def test_heldout_set_is_not_empty(predictions: list[metrics.Prediction]) -> None:
    assert len(predictions) >= 50, "the held-out sets under tests/ should hold at least 50 labelled questions"


def test_heldout_accuracy_does_not_drop_below_baseline(predictions: list[metrics.Prediction]) -> None:
    baseline = metrics.load(ROOT / BASELINE)
    assert baseline is not None, f"no {BASELINE}; run `make baseline` and commit it"
    current = metrics.score(predictions)
    failures = metrics.gate_failures(baseline, current, slack=SLACK)
    mistakes = [p for p in predictions if not p.correct]
    assert not failures, (
        f"held-out accuracy fell below the committed baseline ({BASELINE}) for "
        f"{', '.join(c.label for c in failures)}:\n"
        + "\n".join(_describe(c, mistakes) for c in failures)
        + "\nImprove the data (see TRAINING.md), or if the drop is intended: `make baseline`, then commit."
    )


@pytest.fixture(scope="module")
def blind_evaluation() -> ModuleType:
    return load_script("eval_blind.py", "eval_blind_gate")


def test_blind_chinese_figures_do_not_drop_below_baseline(blind_evaluation: ModuleType) -> None:
    model = Path(os.environ.get("NLU_GATE_MODEL", "") or ROOT / MODEL)
    if not model.is_file():
        pytest.skip(f"no trained model at {MODEL}; `make test` trains it first")
    baseline_file = blind_evaluation.BASELINE
    assert baseline_file.is_file(), f"no {baseline_file.name}; run `make baseline` and commit it"
    baseline = json.loads(baseline_file.read_text(encoding="utf-8"))
    current, _ = blind_evaluation.evaluate(model, blind_evaluation.BLIND, "zh")
    failures = blind_evaluation.gate_failures(baseline, current, "zh")
    assert not failures, (
        "blind set (zh) fell below reports/nlu/blind_baseline.json: "
        + "; ".join(failures)
        + "\nImprove the data (TRAINING.md) without looking at eval/blind; "
        + "if the drop is intended: `make baseline`, then commit."
    )


def test_gate_fails_on_a_drop_and_passes_on_a_tie(blind_evaluation: ModuleType) -> None:
    figures = {"answers": 0.9, "goals": 0.9, "oos_recall": 0.9, "in_scope_declined": 0.02}
    baseline = {"zh": dict(figures)}
    assert blind_evaluation.gate_failures(baseline, {"zh": dict(figures)}) == []
    worse = {"zh": {**figures, "answers": 0.85, "in_scope_declined": 0.05}}
    assert len(blind_evaluation.gate_failures(baseline, worse)) == 2
