"""The review inbox: groups of unclear user messages, written as YAML a trainer labels by hand."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

SKIP = "skip"
HEADER = """\
# 待标注的用户消息（已遮盖个人信息）。每组填写 label：意图名（如 request_deletion）
# 或 faq/<主题>（如 faq/cookies）；整组不要就填 skip；某条与整组不同时，给那一条单独填 label。
# 填好后运行 `make review-apply`。
# Unclear user messages (personal data masked). Fill `label` per group (an intent, or faq/<topic>), `skip` to
# ignore; a message may carry its own `label`. Then run `make review-apply`.
"""


@dataclass(frozen=True)
class ReviewItem:
    """One distinct (masked) message, how often it was seen, and what the model made of it."""

    text: str
    count: int
    predicted: str
    confidence: float
    label: str | None = None


@dataclass(frozen=True)
class ReviewGroup:
    """Similar messages a trainer can label in one go."""

    id: str
    items: tuple[ReviewItem, ...]
    label: str | None = None

    @property
    def representative(self) -> str:
        return self.items[0].text

    @property
    def size(self) -> int:
        return sum(item.count for item in self.items)

    @property
    def predicted(self) -> str:
        """The most frequent prediction in the group."""
        votes: dict[str, int] = {}
        for item in self.items:
            votes[item.predicted] = votes.get(item.predicted, 0) + item.count
        return max(votes, key=lambda k: votes[k])

    def labelled(self) -> list[tuple[ReviewItem, str]]:
        """(item, label) for every item the trainer labelled, directly or through the group."""
        result = []
        for item in self.items:
            label = (item.label or self.label or "").strip()
            if label and label != SKIP:
                result.append((item, label))
        return result


def _item_dict(item: ReviewItem) -> dict[str, object]:
    body: dict[str, object] = {
        "text": item.text,
        "count": item.count,
        "predicted": item.predicted,
        "confidence": round(item.confidence, 3),
    }
    if item.label:
        body["label"] = item.label
    return body


def dump(groups: list[ReviewGroup]) -> str:
    body = {
        "groups": [
            {
                "id": g.id,
                "size": g.size,
                "predicted": g.predicted,
                "label": g.label or "",
                "messages": [_item_dict(i) for i in g.items],
            }
            for g in groups
        ]
    }
    return HEADER + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=1000)


def parse(text: str) -> list[ReviewGroup]:
    document = yaml.safe_load(text) or {}
    groups = []
    for raw in document.get("groups") or []:
        items = tuple(
            ReviewItem(
                text=str(m["text"]),
                count=int(m.get("count", 1)),
                predicted=str(m.get("predicted", "")),
                confidence=float(m.get("confidence", 0.0)),
                label=(str(m["label"]).strip() or None) if m.get("label") else None,
            )
            for m in raw.get("messages") or []
        )
        label = str(raw.get("label") or "").strip() or None
        groups.append(ReviewGroup(id=str(raw["id"]), items=items, label=label))
    return groups


def write_inbox(groups: list[ReviewGroup], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(groups), encoding="utf-8")


def read_inbox(path: Path) -> list[ReviewGroup]:
    return parse(path.read_text(encoding="utf-8")) if path.is_file() else []


def carry_labels(new: list[ReviewGroup], old: list[ReviewGroup]) -> list[ReviewGroup]:
    """Rebuilding the inbox keeps labels a trainer already entered (matched by group id and text)."""
    group_labels = {g.id: g.label for g in old if g.label}
    item_labels = {i.text: i.label for g in old for i in g.items if i.label}
    return [
        replace(
            g,
            label=g.label or group_labels.get(g.id),
            items=tuple(replace(i, label=i.label or item_labels.get(i.text)) for i in g.items),
        )
        for g in new
    ]


@dataclass
class ApplyReport:
    """What `apply_labels` did, for the command's output and the console page."""

    added: list[tuple[str, str, str]] = field(default_factory=list)  # (file, label, text)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (text, where it already is)
    unknown: list[tuple[str, str]] = field(default_factory=list)  # (text, label nobody defines)
