"""Review inbox operations that `make review` / `make review-apply` and the console's trainer page share.

Both edges call these functions on the same files (`var/review/`), so a label entered in one shows in the
other, and a message filed or skipped in either is not offered again by either.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import yaml
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from bot.training import nludata
from bot.training.inbox import SKIP, ApplyReport, ReviewGroup, carry_labels, read_inbox, write_inbox
from bot.training.labelling import apply_labels, resolve_label
from bot.training.traffic import DEFAULT_THRESHOLD, build_inbox, message_key

SETTLED_HEADER = "# Messages already filed or skipped (masked); `make review` does not offer them again.\n"


class ReviewError(Exception):
    """Something a trainer can act on; each edge words it for its audience."""


class NoConversationsYet(ReviewError):
    """The tracker store has no `events` table: the assistant has not talked to anyone yet."""


class TrackerStoreUnreadable(ReviewError):
    """The tracker store could not be reached or read."""


class InboxUnreadable(ReviewError):
    """The inbox file is not valid (usually a hand edit broke the YAML)."""


class NothingToApply(ReviewError):
    """The inbox holds no groups."""


class UnknownLabels(ReviewError):
    """Labels no data file defines; nothing was saved."""

    def __init__(self, labels: Iterable[str]) -> None:
        self.labels = tuple(dict.fromkeys(labels))
        super().__init__(", ".join(self.labels))


@dataclass(frozen=True)
class ReviewFiles:
    """The inbox, the ledger of settled messages, and the last apply's report, side by side."""

    inbox: Path
    settled: Path
    last_apply: Path

    @classmethod
    def beside(cls, inbox: Path) -> ReviewFiles:
        return cls(
            inbox=inbox, settled=inbox.parent / "settled.yml", last_apply=inbox.parent / "last_apply.yml"
        )

    @classmethod
    def under(cls, var_dir: Path) -> ReviewFiles:
        return cls.beside(var_dir / "review" / "inbox.yml")


def item_key(text: str) -> str:
    """A short stable id for one message of a group (form field names, never shown)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def defined_labels(data_dir: Path) -> list[str]:
    """Every intent and faq/<topic> the data files define: the only labels a trainer may file."""
    return sorted(nludata.load([data_dir]).label_files)


def load_inbox(files: ReviewFiles) -> list[ReviewGroup]:
    try:
        return read_inbox(files.inbox)
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise InboxUnreadable(str(files.inbox)) from error


def read_settled(path: Path) -> set[str]:
    """`message_key`s of messages already filed or skipped."""
    if not path.is_file():
        return set()
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {message_key(str(text)) for text in document.get("settled") or []}


def record_settled(path: Path, texts: Iterable[str]) -> None:
    known = yaml.safe_load(path.read_text(encoding="utf-8")) or {} if path.is_file() else {}
    merged = {message_key(str(t)): str(t) for t in known.get("settled") or []}
    for text in texts:
        merged.setdefault(message_key(text), text)
    body = yaml.safe_dump({"settled": list(merged.values())}, allow_unicode=True, width=1000)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SETTLED_HEADER + body, encoding="utf-8")


def refresh_inbox(
    bind: Engine | Connection, files: ReviewFiles, *, threshold: float = DEFAULT_THRESHOLD
) -> list[ReviewGroup]:
    """Rebuild the inbox from the tracker store, keeping entered labels and leaving settled messages out."""
    try:
        if not inspect(bind).has_table("events"):
            raise NoConversationsYet("the tracker store has no events table")
        groups = build_inbox(bind, threshold=threshold, exclude=read_settled(files.settled))
    except (OperationalError, ProgrammingError) as error:
        raise TrackerStoreUnreadable(type(error).__name__) from error
    groups = carry_labels(groups, load_inbox(files))
    write_inbox(groups, files.inbox)
    return groups


def _checked(raw: str | None, defined: set[str]) -> str | None:
    """'' clears a label; `skip` and defined labels (a bare FAQ topic becomes faq/<topic>) pass."""
    label = (raw or "").strip()
    if not label or label == SKIP:
        return label or None
    return resolve_label(label, defined)


def save_labels(
    files: ReviewFiles,
    *,
    data_dir: Path,
    group_labels: Mapping[str, str],
    item_labels: Mapping[tuple[str, str], str],
) -> list[ReviewGroup]:
    """Write a trainer's labels (group id -> label, (group id, item_key) -> label) into the inbox.

    All or nothing: one unknown label and nothing is saved. Groups not mentioned keep their labels.
    """
    defined = set(defined_labels(data_dir))
    checked = {gid: _checked(label, defined) for gid, label in group_labels.items()}
    checked_items = {key: _checked(label, defined) for key, label in item_labels.items()}
    unknown = [
        x for x in [*checked.values(), *checked_items.values()] if x and x != SKIP and x not in defined
    ]
    if unknown:
        raise UnknownLabels(unknown)
    groups = []
    for group in load_inbox(files):
        items = tuple(
            replace(i, label=checked_items[(group.id, item_key(i.text))])
            if (group.id, item_key(i.text)) in checked_items
            else i
            for i in group.items
        )
        label = checked.get(group.id, group.label)
        groups.append(replace(group, label=label, items=items))
    write_inbox(groups, files.inbox)
    return groups


def with_resolved_labels(groups: list[ReviewGroup], defined: set[str]) -> list[ReviewGroup]:
    """A bare topic typed in the file (`cookies`) shown as the label it files under (`faq/cookies`)."""
    return [
        replace(
            g,
            label=_checked(g.label, defined),
            items=tuple(replace(i, label=_checked(i.label, defined)) for i in g.items),
        )
        for g in groups
    ]


def settle(groups: list[ReviewGroup], defined: set[str]) -> tuple[list[ReviewGroup], list[str]]:
    """Split off messages that are done (skipped, or labelled with a defined label) from those still open."""
    remaining, settled = [], []
    for group in groups:
        kept = []
        for item in group.items:
            label = _checked(item.label or group.label, defined)
            if label == SKIP or (label is not None and label in defined):
                settled.append(item.text)
            else:
                kept.append(item)
        if kept:
            remaining.append(replace(group, items=tuple(kept)))
    return remaining, settled


def _relative(where: str, data_dir: Path) -> str:
    """`data/nlu/x.yml` rather than an absolute path, for reports people read."""
    return where.removeprefix(f"{data_dir.resolve().parent}{os.sep}")


def apply_inbox(files: ReviewFiles, *, data_dir: Path) -> ApplyReport:
    """File every labelled message, then drop settled ones from the inbox and remember them."""
    groups = load_inbox(files)
    if not groups:
        raise NothingToApply(str(files.inbox))
    defined = set(defined_labels(data_dir))
    raw = apply_labels(groups, data_dir=data_dir.resolve())
    report = ApplyReport(
        added=[(_relative(path, data_dir), label, text) for path, label, text in raw.added],
        duplicates=[(text, _relative(where, data_dir)) for text, where in raw.duplicates],
        unknown=list(raw.unknown),
    )
    remaining, settled = settle(groups, defined)
    if settled:
        record_settled(files.settled, settled)
    write_inbox(remaining, files.inbox)
    write_report(report, files.last_apply)
    return report


def write_report(report: ApplyReport, path: Path) -> None:
    body = {
        "added": [{"file": f, "label": label, "text": t} for f, label, t in report.added],
        "duplicates": [{"text": t, "where": w} for t, w in report.duplicates],
        "unknown": [{"text": t, "label": label} for t, label in report.unknown],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def read_report(path: Path) -> ApplyReport | None:
    """The last apply's report (texts carry stand-ins, not anyone's data); None before the first apply."""
    if not path.is_file():
        return None
    body = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return ApplyReport(
        added=[(str(r["file"]), str(r["label"]), str(r["text"])) for r in body.get("added") or []],
        duplicates=[(str(r["text"]), str(r["where"])) for r in body.get("duplicates") or []],
        unknown=[(str(r["text"]), str(r["label"])) for r in body.get("unknown") or []],
    )
