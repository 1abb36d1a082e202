"""Held-out questions (never trained on), read from whichever shape their author chose.

Accepted shapes: Rasa NLU files (`nlu: - intent: faq/cookies examples: |`), or a list of mappings
(top level or under `questions`/`cases`/`items`/`examples`/`tests`) with the text under
`text`/`question`/`message` and the label under `intent`/`topic`/`expected`/`label`. A bare topic
name means `faq/<topic>`; items labelled only with a policy passage have no label and are skipped
by intent evaluation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.training.nludata import RETRIEVAL_PREFIX, NluData, read_file

CONTRACT_INTENTS = (
    "greet",
    "goodbye",
    "affirm",
    "deny",
    "stop",
    "thank",
    "bot_challenge",
    "request_access",
    "request_correction",
    "request_deletion",
    "request_account_closure",
    "check_request_status",
    "human_handoff",
    "out_of_scope",
    "faq",
    "nlu_fallback",
)
_TEXT_KEYS = ("text", "question", "message", "q")
_LABEL_KEYS = ("intent", "topic", "expected", "label", "expected_topic", "expected_intent")
_LIST_KEYS = ("questions", "cases", "items", "examples", "tests", "heldout")


@dataclass(frozen=True)
class HeldOutCase:
    """One question with the label the assistant should give it."""

    text: str
    label: str | None  # intent or `faq/<topic>`; None when only a passage is expected
    source: Path

    @property
    def intent(self) -> str | None:
        if self.label is None:
            return None
        return self.label.split("/", 1)[0]


def canonical_label(raw: object, known_intents: Iterable[str] = CONTRACT_INTENTS) -> str | None:
    """`cookies` -> `faq/cookies`; intents and `faq/...` stay; empty -> None."""
    if raw is None:
        return None
    label = str(raw).strip()
    if not label:
        return None
    if "/" in label or label in set(known_intents):
        return label
    return RETRIEVAL_PREFIX + label


def _first(item: Mapping[str, object], keys: tuple[str, ...]) -> object:
    for key in keys:
        if item.get(key) not in (None, ""):
            return item[key]
    return None


def _items(document: object) -> list[object]:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in _LIST_KEYS:
            if isinstance(document.get(key), list):
                return document[key]
        # {topic: [questions]} mapping
        if all(isinstance(v, list) for v in document.values()):
            return [{"text": q, "label": k} for k, qs in document.items() for q in qs]
    return []


def load_file(path: Path, known_intents: Iterable[str] = CONTRACT_INTENTS) -> list[HeldOutCase]:
    known = list(known_intents)
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(document, dict) and "nlu" in document:
        data = NluData()
        read_file(path, data)
        return [HeldOutCase(e.text, canonical_label(e.label, known), path) for e in data.examples]
    cases = []
    for item in _items(document):
        if isinstance(item, str):
            continue
        if not isinstance(item, dict):
            continue
        text = _first(item, _TEXT_KEYS)
        if text is None:
            continue
        label = canonical_label(_first(item, _LABEL_KEYS), known)
        cases.append(HeldOutCase(str(text), label, path))
    return cases


def load(paths: Iterable[Path], known_intents: Iterable[str] = CONTRACT_INTENTS) -> list[HeldOutCase]:
    """All cases from the files that exist (a missing file simply contributes nothing)."""
    cases: list[HeldOutCase] = []
    for path in paths:
        if path.is_file():
            cases.extend(load_file(path, known_intents))
    return cases


def to_rasa_nlu(cases: Iterable[HeldOutCase]) -> str:
    """The cases as a Rasa NLU file, for `rasa test nlu --nlu`."""
    grouped: dict[str, list[str]] = {}
    for case in cases:
        if case.label:
            grouped.setdefault(case.label, []).append(case.text)
    lines = ['version: "3.1"', "nlu:"]
    for label, texts in grouped.items():
        lines.append(f"- intent: {label}")
        lines.append("  examples: |")
        lines.extend(f"    - {' '.join(text.split())}" for text in texts)
    return "\n".join(lines) + "\n"
