"""Loading the policy text as project data, with its version date read from the text itself."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DEFAULT_POLICY_DIR = Path(__file__).resolve().parents[2] / "data" / "policy"
FILE_PATTERN = re.compile(r"^megvii-privacy-policy-(\d{4})-(\d{2})-(\d{2})\.zh\.txt$")
UPDATED_PATTERN = re.compile(r"最近更新时间：【(\d{4})年(\d{1,2})月(\d{1,2})日】")


class PolicyFormatError(ValueError):
    """The policy file cannot be used: missing, unnamed version, or a date that disagrees with its name."""


@dataclass(frozen=True)
class PolicyDocument:
    """The policy as published on one date; answers cite `version_label`."""

    title: str
    version: date
    text: str
    path: Path

    @property
    def version_label(self) -> str:
        """How answers name the version, e.g. 2021年5月7日版."""
        return f"{self.version.year}年{self.version.month}月{self.version.day}日版"


def find_policy_file(directory: Path = DEFAULT_POLICY_DIR) -> Path:
    """The newest policy file in `directory` (by the date in its name), so dropping in a new version wins."""
    candidates = sorted(p for p in directory.glob("*.zh.txt") if FILE_PATTERN.match(p.name))
    if not candidates:
        raise PolicyFormatError(f"no megvii-privacy-policy-YYYY-MM-DD.zh.txt in {directory}")
    return candidates[-1]


def parse_version(text: str) -> date:
    """Read the version date from the 最近更新时间 line, the only date the policy states about itself."""
    match = UPDATED_PATTERN.search(text)
    if match is None:
        raise PolicyFormatError("the policy text has no 最近更新时间：【YYYY年M月D日】 line")
    year, month, day = (int(part) for part in match.groups())
    return date(year, month, day)


def parse_title(text: str) -> str:
    """The first non-empty line is the policy's name (used inside 《》 in citations)."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    raise PolicyFormatError("the policy text is empty")


def load_policy(path: Path | None = None) -> PolicyDocument:
    """Load one policy file; its name and its 最近更新时间 line must name the same date."""
    path = path or find_policy_file()
    text = path.read_text(encoding="utf-8")
    version = parse_version(text)
    match = FILE_PATTERN.match(path.name)
    if match is not None and date(*(int(p) for p in match.groups())) != version:
        raise PolicyFormatError(f"{path.name} says {version.isoformat()} inside; fix the name or the text")
    return PolicyDocument(title=parse_title(text), version=version, text=text, path=path)
