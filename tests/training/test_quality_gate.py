"""Quality gate: the trained model must not fall below the committed held-out baseline.

`make test` trains models/current.tar.gz first. Loads the model once and parses every held-out
question in one go (~30 s). When a drop is intended (say a topic was split), `make baseline`
accepts the new figures; commit reports/nlu/baseline.json with the data change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.training import heldout, metrics, nludata
from bot.training.paths import BASELINE, DOMAIN, HELDOUT_FILES, MODEL

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
