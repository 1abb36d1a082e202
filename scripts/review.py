"""`make review` / `make review-apply`: build the trainer's inbox from real traffic, then file the labels.

The console's trainer page (/console/training/review) does the same through `bot.training.inbox_workflow`,
on the same files, so either can be used.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sqlalchemy import create_engine

from bot.settings import Settings
from bot.training.inbox_workflow import (
    InboxUnreadable,
    NoConversationsYet,
    NothingToApply,
    ReviewFiles,
    TrackerStoreUnreadable,
    apply_inbox,
    refresh_inbox,
)
from bot.training.labelling import ExamplesBlockNotFound
from bot.training.traffic import DEFAULT_THRESHOLD


def build(settings: Settings, files: ReviewFiles, threshold: float) -> int:
    engine = create_engine(settings.tracker_database_url, future=True)
    try:
        groups = refresh_inbox(engine, files, threshold=threshold)
    except NoConversationsYet:
        print(
            "review: the tracker store has no conversations yet (no `events` table); has `make run` had any?",
            file=sys.stderr,
        )
        return 1
    except TrackerStoreUnreadable as error:
        print(f"review: cannot read the tracker store ({error}: {error.__cause__})", file=sys.stderr)
        return 1
    except InboxUnreadable:
        print(f"review: {files.inbox} is not valid YAML any more; fix it or delete it", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    messages = sum(g.size for g in groups)
    print(f"review: {messages} unclear message(s) in {len(groups)} group(s) -> {files.inbox}")
    for group in groups[:10]:
        print(f"  {group.id}  ×{group.size}  predicted {group.predicted}: {group.representative}")
    print("Fill in `label` for each group, then run `make review-apply` (or use the console's 训练 page).")
    return 0


def apply(files: ReviewFiles, data_dir: Path) -> int:
    try:
        report = apply_inbox(files, data_dir=data_dir)
    except NothingToApply:
        print(f"review-apply: {files.inbox} has no groups; run `make review` first", file=sys.stderr)
        return 1
    except InboxUnreadable:
        print(f"review-apply: {files.inbox} is not valid YAML any more; fix it", file=sys.stderr)
        return 1
    except ExamplesBlockNotFound as error:
        print(f"review-apply: {error}", file=sys.stderr)
        return 1
    for path, label, text in report.added:
        print(f"added    {path}  {label}: {text}")
    for text, where in report.duplicates:
        print(f"skipped  already present at {where}: {text}")
    for text, label in report.unknown:
        print(f"unknown  label {label!r} is defined in no data file (typo, or add the intent first): {text}")
    print(
        f"review-apply: {len(report.added)} added, {len(report.duplicates)} duplicate(s), "
        f"{len(report.unknown)} unknown label(s); filed and skipped messages leave the inbox. "
        "Next: `make validate && make nlu-report`, then `make train`."
    )
    return 1 if report.unknown else 0


def main(settings: Settings, argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build_parser = sub.add_parser("build", help="list unclear user messages from the tracker store")
    build_parser.add_argument(
        "--threshold", type=float, default=DEFAULT_THRESHOLD, help="confidence below this is unclear"
    )
    apply_parser = sub.add_parser("apply", help="append labelled messages to data/ files")
    apply_parser.add_argument(
        "--data", type=Path, default=None, help="default: TRAINING_DATA_DIR, else data/"
    )
    for p in (build_parser, apply_parser):
        p.add_argument("--inbox", type=Path, default=None, help="default: var/review/inbox.yml")
    args = parser.parse_args(argv)
    files = ReviewFiles.beside(args.inbox) if args.inbox else ReviewFiles.under(settings.var_dir)
    if args.command == "build":
        return build(settings, files, args.threshold)
    return apply(files, args.data or settings.training_data_dir)


if __name__ == "__main__":
    sys.exit(main(Settings.from_env(os.environ)))
