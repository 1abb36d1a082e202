"""Per-intent held-out scores and their comparison with an earlier run or the committed baseline."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.training.nludata import RETRIEVAL_PREFIX

OVERALL = "(overall)"
_EPSILON = 1e-9


@dataclass(frozen=True)
class Prediction:
    """What the model said about one held-out question."""

    text: str
    expected: str  # intent or faq/<topic>
    intent: str
    topic: str | None  # faq/<topic> from the response selector, when the intent is faq
    confidence: float

    @property
    def predicted(self) -> str:
        return self.topic if self.intent == "faq" and self.topic else self.intent

    @property
    def intent_correct(self) -> bool:
        return self.intent == self.expected.split("/", 1)[0]

    @property
    def correct(self) -> bool:
        return self.predicted == self.expected


@dataclass(frozen=True)
class Score:
    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def score(predictions: Iterable[Prediction]) -> dict[str, Score]:
    """Accuracy per intent, per FAQ topic (`faq/<topic>`, answer chosen right) and overall."""
    counts: dict[str, list[int]] = {}

    def add(key: str, ok: bool) -> None:
        tally = counts.setdefault(key, [0, 0])
        tally[0] += int(ok)
        tally[1] += 1

    for p in predictions:
        add(OVERALL, p.correct)
        add(p.expected.split("/", 1)[0], p.intent_correct)
        if p.expected.startswith(RETRIEVAL_PREFIX):
            add(p.expected, p.correct)
    return {key: Score(c, t) for key, (c, t) in sorted(counts.items())}


def save(scores: dict[str, Score], path: Path, **extra: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {
        **extra,
        "labels": {
            k: {"correct": s.correct, "total": s.total, "accuracy": round(s.accuracy, 4)}
            for k, s in scores.items()
        },
    }
    path.write_text(json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def load(path: Path) -> dict[str, Score] | None:
    """Scores saved by `save`, or None when there is no earlier file."""
    if not path.is_file():
        return None
    labels = json.loads(path.read_text(encoding="utf-8")).get("labels", {})
    return {k: Score(int(v["correct"]), int(v["total"])) for k, v in labels.items()}


@dataclass(frozen=True)
class Change:
    label: str
    before: Score | None
    after: Score | None

    @property
    def status(self) -> str:
        if self.before is None:
            return "new"
        if self.after is None:
            return "removed"
        delta = self.after.accuracy - self.before.accuracy
        if delta > _EPSILON:
            return "better"
        if delta < -_EPSILON:
            return "worse"
        return "unchanged"


def compare(before: dict[str, Score] | None, after: dict[str, Score]) -> list[Change]:
    """One change per label present in either run, overall first."""
    before = before or {}
    labels = sorted(set(before) | set(after), key=lambda k: (k != OVERALL, k))
    return [Change(k, before.get(k), after.get(k)) for k in labels]


def gate_failures(baseline: dict[str, Score], current: dict[str, Score], *, slack: int = 1) -> list[Change]:
    """Labels whose held-out accuracy fell below the baseline by more than `slack` questions.

    The slack of one question per label absorbs a borderline question flipping after an unrelated
    change elsewhere; a real regression loses more than that, or shows overall.
    """
    failures = []
    for label, before in baseline.items():
        after = current.get(label)
        if after is None or after.total == 0:
            continue
        allowed = before.accuracy * after.total - slack
        if after.correct < allowed - _EPSILON:
            failures.append(Change(label, before, after))
    return failures


def _cell(s: Score | None) -> str:
    return "—" if s is None else f"{s.accuracy:.0%} ({s.correct}/{s.total})"


_MARK = {
    "better": "⬆ better",
    "worse": "⬇ worse",
    "unchanged": "= unchanged",
    "new": "new",
    "removed": "removed",
}


def markdown_table(changes: list[Change]) -> str:
    """Before / after / verdict per label, worse ones first so they are not missed."""
    order = {"worse": 0, "better": 1, "new": 2, "removed": 3, "unchanged": 4}
    rows = sorted(changes, key=lambda c: (c.label != OVERALL, order[c.status], c.label))
    lines = ["| intent / topic | before | now | change |", "| --- | --- | --- | --- |"]
    lines += [f"| {c.label} | {_cell(c.before)} | {_cell(c.after)} | {_MARK[c.status]} |" for c in rows]
    return "\n".join(lines)
