"""Reads Rasa NLU training files with plain YAML, so checks and tools run without loading Rasa."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

RETRIEVAL_PREFIX = "faq/"
# `[北京](city)` or `[北京]{"entity": "city"}`: keep the annotated words, drop the markup.
_ENTITY = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


@dataclass(frozen=True)
class Example:
    """One training example and where a trainer finds it."""

    text: str
    label: str  # intent, or `faq/<topic>` for the retrieval intent
    file: Path
    line: int

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class NluData:
    """Every example and response found under the data directories."""

    examples: list[Example] = field(default_factory=list)
    responses: dict[str, list[str]] = field(default_factory=dict)  # utter_* name -> texts
    response_files: dict[str, Path] = field(default_factory=dict)
    # The file holding most of each label's examples (the first on a tie): a label's home, where labelled
    # review messages are filed, rather than a small side file such as english.yml that sorts before it.
    label_files: dict[str, Path] = field(default_factory=dict)

    def labels(self) -> dict[str, list[Example]]:
        grouped: dict[str, list[Example]] = {}
        for example in self.examples:
            grouped.setdefault(example.label, []).append(example)
        return grouped

    def where(self, label: str) -> str:
        """`file:line` of a label's first example, or its file, so messages point somewhere useful."""
        for example in self.examples:
            if example.label == label:
                return example.where
        return str(self.label_files.get(label, "data/nlu"))

    def faq_topics(self) -> set[str]:
        """Topic names (without `faq/`) that have training examples."""
        start = len(RETRIEVAL_PREFIX)
        return {e.label[start:] for e in self.examples if e.label.startswith(RETRIEVAL_PREFIX)}


def strip_entities(text: str) -> str:
    return _ENTITY.sub(r"\1", text)


def _block_examples(block: str) -> list[str]:
    """`examples: |` holds a Markdown list: one `- text` per line."""
    items = []
    for raw in block.splitlines():
        line = raw.strip()
        if line.startswith("- "):
            items.append(strip_entities(line[2:].strip()))
        elif line == "-":
            items.append("")
    return items


def _examples_of(entry: dict[str, object]) -> list[str]:
    examples = entry.get("examples")
    if isinstance(examples, str):
        return _block_examples(examples)
    if isinstance(examples, list):  # the long form: `- text: ...` with metadata
        return [strip_entities(str(item.get("text", ""))) for item in examples if isinstance(item, dict)]
    return []


def _line_of(lines: list[str], text: str, start: int) -> int:
    """1-based line of the example at or after `start`, so messages point at the right place."""
    for number in range(start, len(lines)):
        stripped = lines[number].strip()
        if stripped.startswith("-") and text and text in stripped:
            return number + 1
    return start + 1


def _line_of_label(lines: list[str], label: str) -> int:
    pattern = re.compile(rf"^\s*-\s*intent:\s*['\"]?{re.escape(label)}['\"]?\s*$")
    for number, line in enumerate(lines):
        if pattern.match(line):
            return number
    return 0


def read_file(path: Path, data: NluData) -> None:
    """Add one file's examples and responses; files without `nlu:` or `responses:` add nothing."""
    raw = path.read_text(encoding="utf-8")
    document = yaml.safe_load(raw) or {}
    if not isinstance(document, dict):
        return
    lines = raw.splitlines()
    for entry in document.get("nlu") or []:
        if not isinstance(entry, dict) or "intent" not in entry:
            continue
        label = str(entry["intent"])
        data.label_files.setdefault(label, path)
        cursor = _line_of_label(lines, label)
        for text in _examples_of(entry):
            line = _line_of(lines, text, cursor)
            cursor = max(cursor, line - 1)
            data.examples.append(Example(text=text, label=label, file=path, line=line))
    for name, variations in (document.get("responses") or {}).items():
        texts = [str(v.get("text", "")) for v in variations or [] if isinstance(v, dict)]
        data.responses.setdefault(str(name), []).extend(texts)
        data.response_files.setdefault(str(name), path)


def training_files(roots: Iterable[Path]) -> list[Path]:
    """Every YAML file under the given files or directories, in a stable order."""
    found: list[Path] = []
    for root in roots:
        if root.is_file():
            found.append(root)
        elif root.is_dir():
            found.extend(sorted(p for p in root.rglob("*") if p.suffix in {".yml", ".yaml"}))
    return found


def load(roots: Iterable[Path]) -> NluData:
    """Load NLU examples and responses from files and directories (Rasa's `data/` layout)."""
    data = NluData()
    for path in training_files(roots):
        read_file(path, data)
    data.label_files.update(_home_files(data.examples))
    return data


def _home_files(examples: list[Example]) -> dict[str, Path]:
    """Each label's file with the most examples; the earliest such file when two hold as many."""
    counts: dict[str, dict[Path, int]] = {}
    for example in examples:
        per_file = counts.setdefault(example.label, {})
        per_file[example.file] = per_file.get(example.file, 0) + 1
    return {label: max(per_file, key=per_file.__getitem__) for label, per_file in counts.items()}


def domain_intents(domain_path: Path) -> list[str]:
    """Intent names declared in domain.yml (entries may be plain names or one-key mappings)."""
    document = yaml.safe_load(domain_path.read_text(encoding="utf-8")) or {}
    names = []
    for item in document.get("intents") or []:
        names.append(str(next(iter(item))) if isinstance(item, dict) else str(item))
    return names


def domain_responses(domain_path: Path) -> dict[str, list[str]]:
    document = yaml.safe_load(domain_path.read_text(encoding="utf-8")) or {}
    return {
        str(name): [str(v.get("text", "")) for v in variations or [] if isinstance(v, dict)]
        for name, variations in (document.get("responses") or {}).items()
    }
