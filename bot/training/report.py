"""The Markdown summary of `make nlu-report`: what changed since the previous run, per intent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bot.training.metrics import OVERALL, Change, Prediction, Score, compare, markdown_table

F1_TOLERANCE = 0.01  # cross-validation F1 moves a little between runs; smaller moves count as unchanged


@dataclass(frozen=True)
class RunSummary:
    """The figures of one report run, saved as last_run.json for the next run to compare with."""

    heldout: dict[str, Score]
    cv_f1: dict[str, float]  # per intent (and faq/<topic>) from cross-validation; empty when skipped
    cv_overall: dict[str, float]  # e.g. {"intent_f1": .., "response_selection_accuracy": ..}

    def to_json(self) -> str:
        body = {
            "heldout": {k: [s.correct, s.total] for k, s in self.heldout.items()},
            "cv_f1": {k: round(v, 4) for k, v in self.cv_f1.items()},
            "cv_overall": {k: round(v, 4) for k, v in self.cv_overall.items()},
        }
        return json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    @classmethod
    def read(cls, path: Path) -> RunSummary | None:
        if not path.is_file():
            return None
        body = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            heldout={k: Score(int(c), int(t)) for k, (c, t) in body.get("heldout", {}).items()},
            cv_f1={k: float(v) for k, v in body.get("cv_f1", {}).items()},
            cv_overall={k: float(v) for k, v in body.get("cv_overall", {}).items()},
        )


def f1_status(before: float | None, after: float | None) -> str:
    if before is None:
        return "new"
    if after is None:
        return "removed"
    if after > before + F1_TOLERANCE:
        return "⬆ better"
    if after < before - F1_TOLERANCE:
        return "⬇ worse"
    return "= unchanged"


def cv_table(before: dict[str, float], after: dict[str, float]) -> str:
    order = {"⬇ worse": 0, "⬆ better": 1, "new": 2, "removed": 3, "= unchanged": 4}
    rows = [(k, before.get(k), after.get(k)) for k in set(before) | set(after)]
    rows.sort(key=lambda r: (order[f1_status(r[1], r[2])], r[0]))
    lines = ["| intent / topic | F1 before | F1 now | change |", "| --- | --- | --- | --- |"]
    for label, b, a in rows:
        cells = ["—" if v is None else f"{v:.2f}" for v in (b, a)]
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {f1_status(b, a)} |")
    return "\n".join(lines)


def counts(changes: list[Change]) -> str:
    tally: dict[str, int] = {}
    for change in changes:
        if change.label != OVERALL:
            tally[change.status] = tally.get(change.status, 0) + 1
    return ", ".join(f"{n} {status}" for status, n in sorted(tally.items())) or "nothing to compare"


def render(
    *,
    current: RunSummary,
    previous: RunSummary | None,
    gate: list[Change] | None,
    mistakes: list[Prediction],
    run_dir: str,
    header: str,
) -> str:
    """The whole summary; worse intents come first in every table."""
    changes = compare(previous.heldout if previous else None, current.heldout)
    overall = current.heldout.get(OVERALL, Score(0, 0))
    lines = [
        "# NLU report",
        "",
        header,
        "",
        f"**Held-out accuracy: {overall.accuracy:.1%}** ({overall.correct}/{overall.total} questions "
        "never used for training; a FAQ question counts only when the right answer is chosen).",
        "",
        f"Compared with the previous run: {counts(changes)}.",
        "",
    ]
    if gate is None:
        lines += ["Quality gate: no committed baseline yet (`make baseline`).", ""]
    elif gate:
        lines += [
            "**Quality gate: FAILS** — below the committed baseline: " + ", ".join(c.label for c in gate),
            "",
        ]
    else:
        lines += ["Quality gate: passes (no intent below the committed baseline).", ""]
    lines += ["## Held-out set, per intent and FAQ topic", "", markdown_table(changes), ""]
    if current.cv_f1:
        cv = ", ".join(f"{k} {v:.3f}" for k, v in sorted(current.cv_overall.items()))
        lines += ["## Cross-validation (3 folds, faster training settings)", "", cv, ""]
        lines += [cv_table(previous.cv_f1 if previous else {}, current.cv_f1), ""]
    else:
        lines += ["## Cross-validation", "", "Skipped in this run (`--no-cv`).", ""]
    if mistakes:
        lines += [
            "## Held-out questions answered wrongly",
            "",
            "| question | expected | got | confidence |",
            "| --- | --- | --- | --- |",
        ]
        lines += [f"| {m.text} | {m.expected} | {m.predicted} | {m.confidence:.2f} |" for m in mistakes]
        lines.append("")
    lines += [
        "## Charts and full reports",
        "",
        f"In `{run_dir}/` (local, not committed): `heldout/` and `cv/` each hold `intent_report.json`, "
        "`response_selection_report.json`, `intent_confusion_matrix.png`, `intent_histogram.png` "
        "and the response-selection equivalents. See TRAINING.md, “Reading the report”.",
        "",
    ]
    return "\n".join(lines)
