"""Turns labelled inbox messages into training examples, inside the file that already owns the label."""

from __future__ import annotations

import re
from pathlib import Path

from bot.training import nludata
from bot.training.inbox import ApplyReport, ReviewGroup
from bot.training.masking import unmask_with_stand_ins
from bot.training.nludata import RETRIEVAL_PREFIX
from bot.training.text import normalise


class ExamplesBlockNotFound(ValueError):
    """The label's `examples: |` block could not be located for a safe text insertion."""


def append_examples(path: Path, label: str, texts: list[str]) -> None:
    """Insert `- text` lines at the end of the label's `examples: |` block, keeping comments and layout.

    A text edit rather than a YAML dump: dumping would drop the trainers' comments and reorder keys.
    """
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = re.compile(rf"^(\s*)-\s*intent:\s*['\"]?{re.escape(label)}['\"]?\s*$")
    start = next((i for i, line in enumerate(lines) if header.match(line)), None)
    if start is None:
        raise ExamplesBlockNotFound(f"{path}: no `- intent: {label}` entry")
    key = next(
        (i for i in range(start + 1, len(lines)) if re.match(r"^\s*examples:\s*\|[-+]?\s*$", lines[i])),
        None,
    )
    if key is None:
        raise ExamplesBlockNotFound(f"{path}: `{label}` has no `examples: |` block")
    key_indent = len(lines[key]) - len(lines[key].lstrip())
    last = key
    item_indent = " " * (key_indent + 2)
    for i in range(key + 1, len(lines)):
        stripped = lines[i].strip()
        indent = len(lines[i]) - len(lines[i].lstrip())
        if stripped and indent <= key_indent:
            break
        if stripped:
            last = i
            if stripped.startswith("-"):
                item_indent = lines[i][:indent]
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    new_lines = [f"{item_indent}- {' '.join(text.split())}\n" for text in texts]
    path.write_text("".join(lines[: last + 1] + new_lines + lines[last + 1 :]), encoding="utf-8")


def resolve_label(raw: str, defined: set[str]) -> str:
    """`cookies` means `faq/cookies` when that topic exists; anything else stays as typed."""
    label = raw.strip()
    if label in defined or "/" in label:
        return label
    return RETRIEVAL_PREFIX + label if RETRIEVAL_PREFIX + label in defined else label


def apply_labels(groups: list[ReviewGroup], *, data_dir: Path) -> ApplyReport:
    """Append every labelled message to the data file that defines its label, skipping duplicates."""
    data = nludata.load([data_dir])
    root = data_dir.resolve()
    seen = {nludata_key(e.text): e.where for e in data.examples}
    defined = set(data.label_files)
    report = ApplyReport()
    pending: dict[tuple[Path, str], list[str]] = {}
    for group in groups:
        for item, raw_label in group.labelled():
            label = resolve_label(raw_label, defined)
            text = unmask_with_stand_ins(item.text)
            path = data.label_files.get(label)
            # Only the configured training folder is written; a file linked in from elsewhere is not.
            if path is None or not Path(path).resolve().is_relative_to(root):
                report.unknown.append((text, label))
                continue
            key = nludata_key(text)
            if key in seen:
                report.duplicates.append((text, seen[key]))
                continue
            seen[key] = f"{path} (this run)"
            pending.setdefault((path, label), []).append(text)
    for (path, label), texts in pending.items():
        append_examples(path, label, texts)
        report.added.extend((str(path), label, text) for text in texts)
    return report


def nludata_key(text: str) -> str:
    """Two examples are the same when they only differ in width, case, spaces or punctuation."""
    return normalise(text)
