"""Splitting the policy into addressable passages: section → sub-heading → paragraph or bullet.

Ids are positional within their (sub)section, e.g. `c7-4` (chapter 7, 4th block) or `c3.2-5`
(chapter 3, sub-section 2, 5th block); `preface-N` and `history-N` cover the parts outside the
nine chapters. The same text always yields the same ids, and FAQ answers link to them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.policy_text.document import PolicyDocument

CHAPTER = re.compile(r"^([一二三四五六七八九十]+)、\s*(.+)$")
SUBSECTION = re.compile(r"^(\d+)\.\s+(.+)$")
BOLD_HEADING = re.compile(r"^•\s*\*\*(.+)\*\*$")
NUMERALS = "一二三四五六七八九十"
PREFACE, HISTORY = "前言", "历史版本更新"


@dataclass(frozen=True)
class Passage:
    """One paragraph or bullet with the headings above it; `lead` is the sentence introducing its list."""

    id: str
    section_numeral: str | None
    section_title: str
    subsection_no: int | None
    subsection_title: str | None
    heading: str | None
    kind: str
    text: str
    lead: str | None = None

    @property
    def context(self) -> str:
        """Headings and text together: what retrieval indexes, so a heading word finds its paragraphs."""
        parts = [self.section_title, self.subsection_title, self.heading, self.lead, self.text]
        return "\n".join(part for part in parts if part)


@dataclass
class _Cursor:
    """Where the splitter is: the current section, sub-section and bold heading."""

    key: str = ""
    numeral: str | None = None
    title: str = ""
    sub_no: int | None = None
    sub_title: str | None = None
    heading: str | None = None
    count: int = 0
    last_paragraph: str | None = None

    def enter(self, key: str, numeral: str | None, title: str) -> None:
        self.key, self.numeral, self.title = key, numeral, title
        self.sub_no = self.sub_title = self.heading = self.last_paragraph = None
        self.count = 0

    def enter_sub(self, number: int, title: str) -> None:
        self.sub_no, self.sub_title = number, title
        self.heading = self.last_paragraph = None
        self.count = 0

    def next_id(self) -> str:
        self.count += 1
        scope = self.key if self.sub_no is None else f"{self.key}.{self.sub_no}"
        return f"{scope}-{self.count}"


def _clean(text: str) -> str:
    """Drop the Markdown bold markers the extraction left in two sentences."""
    return text.replace("**", "").strip()


def _bullets(block: str) -> list[tuple[str | None, str]]:
    """(heading, text) per top-level bullet; nested ` - a)` lines and continuations join their parent."""
    items: list[list[str]] = []
    for line in block.splitlines():
        if line.startswith("- "):
            items.append([line[2:].strip()])
        elif items:
            items[-1].append(line.strip().removeprefix("- ").strip())
    result: list[tuple[str | None, str]] = []
    for lines in items:
        # A bullet followed by a plain line (chapter 7) is a heading over that line.
        if len(lines) > 1 and not re.match(r"^[a-z]\)", lines[1]):
            result.append((_clean(lines[0]), _clean("\n".join(lines[1:]))))
        else:
            result.append((None, _clean("\n".join(lines))))
    return result


def split_passages(document: PolicyDocument) -> list[Passage]:
    """All passages in reading order; the title, the date line and the 正文 marker are not passages."""
    cursor = _Cursor()
    passages: list[Passage] = []
    for raw in re.split(r"\n\s*\n", document.text):
        block = raw.strip("\n")
        line = block.strip()
        if not line or line in {document.title, "正文"} or line.startswith("最近更新时间"):
            continue
        if line == PREFACE:
            cursor.enter("preface", None, PREFACE)
            continue
        if line == HISTORY:
            cursor.enter("history", None, HISTORY)
            continue
        if (chapter := CHAPTER.match(line)) and "\n" not in line:
            numeral = chapter.group(1)
            cursor.enter(f"c{NUMERALS.index(numeral) + 1}", numeral, chapter.group(2).strip())
            continue
        if cursor.numeral and (sub := SUBSECTION.match(line)) and "\n" not in line:
            cursor.enter_sub(int(sub.group(1)), sub.group(2).strip())
            continue
        if bold := BOLD_HEADING.match(line):
            cursor.heading, cursor.last_paragraph = bold.group(1).strip(), None
            continue

        def make(kind: str, text: str, heading: str | None, lead: str | None = None) -> Passage:
            return Passage(
                id=cursor.next_id(),
                section_numeral=cursor.numeral,
                section_title=cursor.title,
                subsection_no=cursor.sub_no,
                subsection_title=cursor.sub_title,
                heading=heading,
                kind=kind,
                text=text,
                lead=lead,
            )

        if line.startswith("- "):
            lead = cursor.last_paragraph if (cursor.last_paragraph or "").endswith("：") else None
            for heading, text in _bullets(line):
                passages.append(make("bullet", text, heading or cursor.heading, lead))
        else:
            passages.append(make("paragraph", _clean(line), cursor.heading))
            cursor.last_paragraph = _clean(line)
    return passages


def passages_by_id(passages: list[Passage]) -> dict[str, Passage]:
    """Index passages by id, refusing duplicates so a citation can never be ambiguous."""
    index: dict[str, Passage] = {}
    for passage in passages:
        if passage.id in index:
            raise ValueError(f"duplicate passage id {passage.id}")
        index[passage.id] = passage
    return index
