"""`make validate`'s own checks: duplicates across intents, too few examples, citations, held-out coverage."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from bot.training import checks, heldout, nludata
from bot.training.paths import DATA_DIR, DOMAIN, EVALUATION_DIRS, HELDOUT_FILES


def evaluation_texts(folders: list[Path]) -> dict[str, list[str]]:
    """Every `text` in the evaluation sets' YAML files, by file."""
    found: dict[str, list[str]] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.yml")):
            document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            items = [item for value in document.values() if isinstance(value, list) for item in value]
            texts = [item["text"] for item in items if isinstance(item, dict) and "text" in item]
            found[str(path)] = [str(text) for text in texts]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, nargs="+", default=[DATA_DIR])
    parser.add_argument("--domain", type=Path, default=DOMAIN)
    parser.add_argument("--heldout", type=Path, nargs="*", default=list(HELDOUT_FILES))
    parser.add_argument("--evaluation", type=Path, nargs="*", default=list(EVALUATION_DIRS))  # blind + dev
    parser.add_argument("--min-intent", type=int, default=checks.Limits.min_intent_examples)
    parser.add_argument("--min-topic", type=int, default=checks.Limits.min_topic_examples)
    args = parser.parse_args(argv)

    limits = checks.Limits(min_intent_examples=args.min_intent, min_topic_examples=args.min_topic)
    data = nludata.load(args.data)
    intents = nludata.domain_intents(args.domain)
    cases = heldout.load(args.heldout, intents)
    problems = checks.run_all(
        data,
        intents=intents,
        domain_responses=nludata.domain_responses(args.domain),
        cases=cases,
        heldout_name=str(args.heldout[0]) if args.heldout else "the held-out set",
        limits=limits,
    )
    problems += checks.evaluation_leaks(data, evaluation_texts(args.evaluation))
    for problem in problems:
        print(problem)
    summary = (
        f"{len(data.examples)} examples, {len(data.faq_topics())} FAQ topics, {len(cases)} held-out questions"
    )
    if problems:
        print(f"check_data: {len(problems)} problem(s) ({summary})", file=sys.stderr)
        return 1
    print(f"check_data: ok ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
