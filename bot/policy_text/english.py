"""The English rendering of the policy (data/policy/passages.en.yml): passages, an index, and citations.

Quotes in an English conversation come from here; the citation names the section in both languages and
says that the Chinese text is authoritative: the rendering is ours, the Chinese policy is the published one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from bot.policy_text.document import PolicyDocument
from bot.policy_text.passages import Passage
from bot.policy_text.retrieval import ConfidenceRule, PolicyIndex

ENGLISH_FILE = Path(__file__).resolve().parents[2] / "data" / "policy" / "passages.en.yml"


@dataclass(frozen=True)
class EnglishPolicy:
    """The rendering: its header, section names in both languages, headings and passage texts by id."""

    header: dict[str, Any]
    sections: dict[str, dict[str, Any]]
    headings: dict[str, str]
    texts: dict[str, str]

    @classmethod
    def load(cls, path: Path = ENGLISH_FILE) -> EnglishPolicy:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(data["policy"], data["sections"], data.get("headings") or {}, data["passages"])

    def section_key(self, passage: Passage) -> str:
        """`c7` for a chapter-7 passage, `preface` / `history` for the others (the id's scope)."""
        return passage.id.split("-", 1)[0].split(".", 1)[0]

    def translate(self, passage: Passage) -> Passage | None:
        """The passage with English text and headings, or None when the rendering lacks it."""
        text = self.texts.get(passage.id)
        if text is None:
            return None
        section = self.sections.get(self.section_key(passage)) or {}
        sub = self.sections.get(passage.id.split("-", 1)[0]) if passage.subsection_no else None
        return replace(
            passage,
            section_title=str(section.get("en") or passage.section_title),
            subsection_title=str((sub or {}).get("en") or passage.subsection_title or "") or None,
            heading=self.headings.get(passage.heading or "", passage.heading) if passage.heading else None,
            text=text,
            lead=None,  # the introducing sentence is its own passage in the rendering
        )

    def citation(self, passage: Passage) -> str:
        """The FAQ's English citation: section in both languages, version, and that the Chinese governs."""
        section = self.sections.get(self.section_key(passage)) or {}
        numeral = section.get("numeral")
        english = f'section {numeral} "{section.get("en")}"' if numeral else f'"{section.get("en")}"'
        zh_title = f"“{section.get('zh')}”"
        chinese = f"第{passage.section_numeral}章{zh_title}" if passage.section_numeral else zh_title
        header = self.header
        return (
            f"— From {header['cited_as']}, {english} ({chinese}), {header['version_label']}; "
            f"{header['authoritative']}."
        )

    def quote(self, chinese: Passage) -> str | None:
        """The English passage in quotes with its citation, or None when there is no rendering of it."""
        english = self.translate(chinese)
        if english is None:
            return None
        body = english.text
        if english.heading and english.kind == "bullet":
            body = f"{english.heading}: {body}"
        return f'The policy says:\n"{body}"\n{self.citation(chinese)}'


def english_index(
    chinese: PolicyIndex, policy: EnglishPolicy, rule: ConfidenceRule | None = None
) -> PolicyIndex:
    """A BM25 index over the English renderings; hits carry the English passage under the Chinese id."""
    passages = [english for p in chinese.passages if (english := policy.translate(p)) is not None]
    document: PolicyDocument = chinese.document
    return PolicyIndex(document, rule or chinese.rule, passages=passages)
