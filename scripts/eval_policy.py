"""`make eval`: policy Q&A quality on the held-out set, with the trained model loaded in-process.

Reports top-1 FAQ topic accuracy, passage hit rate (the passage the user would be shown, from the FAQ
answer's `metadata.passages` or from the retrieval fallback), out-of-scope recall, uncited answers and
per-topic failures; writes reports/eval/policy_eval.json and a confusion-matrix PNG.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import jieba
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.policy_text import PolicyIndex  # noqa: E402

OOS = "out_of_scope"
FALLBACK = "nlu_fallback"


@dataclass(frozen=True)
class Case:
    """One held-out message: its expected label (`faq/<topic>` or an intent) and/or passage."""

    text: str
    label: str | None
    passage: str | None


@dataclass(frozen=True)
class Outcome:
    """What the assistant did with one message."""

    case: Case
    predicted: str
    confidence: float
    shown_passages: tuple[str, ...]
    cited: bool


def load_cases(path: Path) -> list[Case]:
    """Read eval/heldout/policy.yml (`topic` → faq/<topic>, `intent`, optional `passage`)."""
    cases = []
    for item in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
        label = f"faq/{item['topic']}" if item.get("topic") else item.get("intent")
        cases.append(Case(text=str(item["text"]), label=label, passage=item.get("passage")))
    return cases


def load_answers(path: Path, language: str = "zh") -> dict[str, dict[str, Any]]:
    """`faq/<topic>` → its answer (text, metadata.passages) from data/nlu/faq.yml, in `language`."""
    responses = yaml.safe_load(path.read_text(encoding="utf-8"))["responses"]

    def pick(variants: list[dict[str, Any]]) -> dict[str, Any]:
        english = [v for v in variants if v.get("condition")]
        if language == "en" and english:
            return english[0]
        return next(v for v in variants if not v.get("condition"))

    return {name.removeprefix("utter_"): pick(variants) for name, variants in responses.items()}


def newest_model(directory: Path) -> Path:
    models = sorted(directory.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise SystemExit(f"no trained model in {directory}; run `make train` first")
    return models[-1]


def predicted_label(parse: dict[str, Any]) -> tuple[str, float]:
    """faq/<topic> from the topic selector when the intent is faq, else the intent name."""
    intent = parse.get("intent") or {}
    name, confidence = intent.get("name") or FALLBACK, float(intent.get("confidence") or 0.0)
    if name == "faq":
        selected = (parse.get("response_selector") or {}).get("faq", {}).get("response", {})
        key = selected.get("intent_response_key")
        return (key or "faq"), float(selected.get("confidence") or confidence)
    return name, confidence


Answers = dict[str, dict[str, Any]]


def shown(predicted: str, text: str, answers: Answers, index: PolicyIndex) -> tuple[tuple[str, ...], bool]:
    """Passages the user is shown, and whether the reply carries a citation."""
    if predicted in answers:
        answer = answers[predicted]
        return tuple(answer["metadata"]["passages"]), "——出自《" in answer["text"]
    if predicted == FALLBACK:
        result = index.search(text)
        if result.confident and result.best is not None:
            return (result.best.passage.id,), True
    return (), True


def quiet_rasa() -> None:
    """Rasa, jieba and TensorFlow print warnings only, so the figures stay readable."""
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    logging.getLogger().setLevel(logging.WARNING)
    jieba.setLogLevel(logging.WARNING)


async def run_cases(model: Path, cases: list[Case], answers: dict[str, dict[str, Any]]) -> list[Outcome]:
    from rasa.core.agent import Agent

    quiet_rasa()
    agent = Agent.load(str(model))
    index = PolicyIndex.load()
    outcomes = []
    for case in cases:
        label, confidence = predicted_label(await agent.parse_message(case.text))
        passages, cited = shown(label, case.text, answers, index)
        outcomes.append(Outcome(case, label, confidence, passages, cited))
    return outcomes


def expected_passages(case: Case, answers: dict[str, dict[str, Any]]) -> set[str]:
    if case.passage:
        return {case.passage}
    if case.label in answers:
        return set(answers[case.label]["metadata"]["passages"])
    return set()


def summarise(outcomes: list[Outcome], answers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The figures `make eval` reports, plus the failures behind them."""
    topic = [o for o in outcomes if (o.case.label or "").startswith("faq/")]
    oos = [o for o in outcomes if o.case.label == OOS]
    with_passage = [o for o in outcomes if expected_passages(o.case, answers)]
    hits = [o for o in with_passage if expected_passages(o.case, answers) & set(o.shown_passages)]
    failures: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for o in topic + oos:
        if o.predicted != o.case.label:
            failures[o.case.label or ""].append(
                {"text": o.case.text, "predicted": o.predicted, "confidence": round(o.confidence, 3)}
            )
    for o in with_passage:
        if o not in hits and not o.case.label:
            failures[f"passage:{o.case.passage}"].append(
                {"text": o.case.text, "predicted": o.predicted, "shown": list(o.shown_passages)}
            )
    in_scope = [o for o in outcomes if o.case.label != OOS]
    return {
        "top1_topic_accuracy": sum(o.predicted == o.case.label for o in topic) / max(len(topic), 1),
        "passage_hit_rate": len(hits) / max(len(with_passage), 1),
        "out_of_scope_recall": sum(o.predicted == OOS for o in oos) / max(len(oos), 1),
        "in_scope_declined_as_oos": sum(o.predicted == OOS for o in in_scope) / max(len(in_scope), 1),
        "answers_without_citation": sum(not o.cited for o in outcomes),
        "counts": {"topic": len(topic), "out_of_scope": len(oos), "with_passage": len(with_passage)},
        "failures": dict(sorted(failures.items())),
    }


def plot_confusion(outcomes: list[Outcome], path: Path) -> None:
    """Rows: expected label; columns: predicted label; only labelled messages."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    labelled = [o for o in outcomes if o.case.label]
    labels = sorted({o.case.label or "" for o in labelled} | {o.predicted for o in labelled})
    position = {label: i for i, label in enumerate(labels)}
    matrix = np.zeros((len(labels), len(labels)), dtype=int)
    for o, count in Counter((o.case.label, o.predicted) for o in labelled).items():
        matrix[position[o[0] or ""], position[o[1]]] = count
    size = max(8.0, len(labels) * 0.28)
    fig, ax = plt.subplots(figsize=(size, size))
    # Row-normalised so a topic with four questions is as visible as out_of_scope with forty.
    rows = np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    ax.imshow(matrix / rows, cmap="Blues", vmin=0.0, vmax=1.0)
    for (row, column), count in np.ndenumerate(matrix):
        if count and row != column:
            ax.text(column, row, str(count), ha="center", va="center", color="crimson", fontsize=6)
    names = [label.removeprefix("faq/") for label in labels]
    ax.set_xticks(range(len(labels)), names, rotation=90, fontsize=7)
    ax.set_yticks(range(len(labels)), names, fontsize=7)
    ax.set_xlabel("predicted")
    ax.set_ylabel("expected")
    ax.set_title("policy Q&A held-out confusion (row-normalised; red: misclassified count)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="model .tar.gz (default: newest in models/)")
    parser.add_argument("--heldout", type=Path, default=ROOT / "eval" / "heldout" / "policy.yml")
    parser.add_argument("--faq", type=Path, default=ROOT / "data" / "nlu" / "faq.yml")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "eval")
    parser.add_argument("--fail-under", action="store_true", help="exit 1 below top-1 0.92 / OOS recall 0.90")
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    logging.basicConfig(level=logging.WARNING)

    model = args.model or newest_model(ROOT / "models")
    answers = load_answers(args.faq)
    outcomes = asyncio.run(run_cases(model, load_cases(args.heldout), answers))
    report = summarise(outcomes, answers)
    report["model"] = str(model)
    args.out.mkdir(parents=True, exist_ok=True)
    summary_json = json.dumps(report, ensure_ascii=False, indent=2)
    (args.out / "policy_eval.json").write_text(summary_json, encoding="utf-8")
    (args.out / "policy_outcomes.json").write_text(
        json.dumps([asdict(o) for o in outcomes], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    plot_confusion(outcomes, args.out / "policy_confusion.png")

    print(f"model: {model}")
    counts = report["counts"]
    print(f"top-1 topic accuracy: {report['top1_topic_accuracy']:.3f} ({counts['topic']} questions)")
    print(f"passage hit rate:     {report['passage_hit_rate']:.3f} ({counts['with_passage']} questions)")
    print(f"out-of-scope recall:  {report['out_of_scope_recall']:.3f} ({counts['out_of_scope']} messages)")
    print(f"in-scope declined:    {report['in_scope_declined_as_oos']:.3f}")
    print(f"answers without citation: {report['answers_without_citation']}")
    for label, items in report["failures"].items():
        for item in items:
            print(f"  FAIL {label}: {item}")
    print(f"written: {args.out / 'policy_eval.json'}, {args.out / 'policy_confusion.png'}")
    below = report["top1_topic_accuracy"] < 0.92 or report["out_of_scope_recall"] < 0.90
    return 1 if args.fail_under and below else 0


if __name__ == "__main__":
    sys.exit(main())
