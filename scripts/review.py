"""`make review` / `make review-apply`: build the trainer's inbox from real traffic, then file the labels."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from bot.settings import Settings
from bot.training.paths import DATA_DIR
from bot.training.review import apply_labels, build_inbox, carry_labels, read_inbox, write_inbox


def build(settings: Settings, inbox: Path, threshold: float) -> int:
    engine = create_engine(settings.tracker_database_url, future=True)
    try:
        groups = build_inbox(engine, threshold=threshold)
    except (OperationalError, ProgrammingError) as error:
        print(
            f"review: cannot read the tracker store ({type(error).__name__}); has `make run` had any "
            f"conversations yet? ({error.orig})",
            file=sys.stderr,
        )
        return 1
    finally:
        engine.dispose()
    groups = carry_labels(groups, read_inbox(inbox))
    write_inbox(groups, inbox)
    messages = sum(g.size for g in groups)
    print(f"review: {messages} unclear message(s) in {len(groups)} group(s) -> {inbox}")
    for group in groups[:10]:
        print(f"  {group.id}  ×{group.size}  predicted {group.predicted}: {group.representative}")
    print("Fill in `label` for each group, then run `make review-apply`.")
    return 0


def apply(inbox: Path, data_dir: Path) -> int:
    groups = read_inbox(inbox)
    if not groups:
        print(f"review-apply: {inbox} has no groups; run `make review` first", file=sys.stderr)
        return 1
    report = apply_labels(groups, data_dir=data_dir)
    for path, label, text in report.added:
        print(f"added    {path}  {label}: {text}")
    for text, where in report.duplicates:
        print(f"skipped  already present at {where}: {text}")
    for text, label in report.unknown:
        print(f"unknown  label {label!r} is defined in no data file (typo, or add the intent first): {text}")
    print(
        f"review-apply: {len(report.added)} added, {len(report.duplicates)} duplicate(s), "
        f"{len(report.unknown)} unknown label(s). Next: `make validate && make nlu-report`."
    )
    return 1 if report.unknown else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build_parser = sub.add_parser("build", help="list unclear user messages from the tracker store")
    build_parser.add_argument("--threshold", type=float, default=0.6, help="confidence below this is unclear")
    apply_parser = sub.add_parser("apply", help="append labelled messages to data/ files")
    apply_parser.add_argument("--data", type=Path, default=DATA_DIR)
    for p in (build_parser, apply_parser):
        p.add_argument("--inbox", type=Path, default=None, help="default: var/review/inbox.yml")
    args = parser.parse_args(argv)
    settings = Settings.from_env(os.environ)
    inbox = args.inbox or settings.var_dir / "review" / "inbox.yml"
    if args.command == "build":
        return build(settings, inbox, args.threshold)
    return apply(inbox, args.data)


if __name__ == "__main__":
    sys.exit(main())
