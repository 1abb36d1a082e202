"""Held-out scores, the before/after comparison and the gate's verdict."""

from __future__ import annotations

from pathlib import Path

from bot.training.metrics import (
    OVERALL,
    Prediction,
    Score,
    compare,
    gate_failures,
    load,
    markdown_table,
    save,
    score,
)


def _p(expected: str, intent: str, topic: str | None = None) -> Prediction:
    return Prediction(text="q", expected=expected, intent=intent, topic=topic, confidence=0.9)


def test_faq_topic_counts_only_with_the_right_answer() -> None:
    scores = score(
        [_p("faq/cookies", "faq", "faq/cookies"), _p("faq/cookies", "faq", "faq/dnt"), _p("greet", "greet")]
    )
    assert scores["faq"] == Score(2, 2)
    assert scores["faq/cookies"] == Score(1, 2)
    assert scores["greet"] == Score(1, 1)
    assert scores[OVERALL] == Score(2, 3)


def test_compare_says_better_worse_unchanged_new_and_removed() -> None:
    before = {"greet": Score(4, 5), "deny": Score(5, 5), "stop": Score(3, 4), "thank": Score(1, 1)}
    after = {"greet": Score(5, 5), "deny": Score(4, 5), "stop": Score(3, 4), "affirm": Score(2, 2)}
    status = {c.label: c.status for c in compare(before, after)}
    assert status == {
        "greet": "better",
        "deny": "worse",
        "stop": "unchanged",
        "affirm": "new",
        "thank": "removed",
    }


def test_gate_names_labels_that_lost_more_than_the_slack() -> None:
    baseline = {OVERALL: Score(18, 20), "greet": Score(10, 10), "deny": Score(8, 10)}
    current = {OVERALL: Score(15, 20), "greet": Score(8, 10), "deny": Score(7, 10)}
    assert [c.label for c in gate_failures(baseline, current, slack=1)] == [OVERALL, "greet"]
    assert [c.label for c in gate_failures(baseline, current, slack=0)] == [OVERALL, "greet", "deny"]


def test_gate_passes_when_nothing_got_worse() -> None:
    baseline = {OVERALL: Score(18, 20), "greet": Score(10, 10)}
    assert gate_failures(baseline, dict(baseline)) == []
    # A grown held-out set is judged by accuracy, not by counts.
    assert gate_failures(baseline, {OVERALL: Score(36, 40), "greet": Score(20, 20)}, slack=0) == []


def test_scores_round_trip_through_json(tmp_path: Path) -> None:
    scores = {OVERALL: Score(3, 4), "faq/cookies": Score(1, 2)}
    save(scores, tmp_path / "b.json", model="m")
    assert load(tmp_path / "b.json") == scores
    assert load(tmp_path / "missing.json") is None


def test_markdown_puts_worse_rows_first() -> None:
    table = markdown_table(
        compare({"a": Score(1, 1), "b": Score(0, 1)}, {"a": Score(0, 1), "b": Score(1, 1)})
    )
    rows = table.splitlines()[2:]
    assert rows[0].startswith("| a |") and "worse" in rows[0]
    assert "better" in rows[1]
