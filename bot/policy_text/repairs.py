"""The three page-break artifacts of the 2021-05-07 policy text, and proof that nothing else changed.

The published text was extracted from a paginated document; three sentences were cut by a page break
(one even repeats a character). We repair exactly those, and `verify_repairs` lets a test show that the
project copy differs from the published original in those three places and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Repair:
    """One page-break artifact: the broken text as published and what it becomes."""

    broken: str
    fixed: str
    reason: str


PAGE_BREAK_REPAIRS: tuple[Repair, ...] = (
    Repair(
        broken="关于业务场景下\n\n的个人信息处理实践情况",
        fixed="关于业务场景下的个人信息处理实践情况",
        reason="sentence split by a page break in chapter 3.1",
    ),
    Repair(
        broken="联机体验的个\n\n个性化需求",
        fixed="联机体验的个性化需求",
        reason="page break split 个性化 and repeated 个 (chapter 3.3, Cookie)",
    ),
    Repair(
        broken="在处理您的请求前，我\n\n们可能需要先行验证",
        fixed="在处理您的请求前，我们可能需要先行验证",
        reason="page break split 我们 (chapter 7)",
    ),
)


class RepairMismatch(ValueError):
    """The repaired text is not the original with exactly the known repairs applied."""


def apply_repairs(original: str, repairs: tuple[Repair, ...] = PAGE_BREAK_REPAIRS) -> str:
    """Apply each repair once; every broken fragment must occur exactly once in the original."""
    text = original
    for repair in repairs:
        count = text.count(repair.broken)
        if count != 1:
            raise RepairMismatch(f"expected one broken fragment ({repair.reason}), found {count}")
        text = text.replace(repair.broken, repair.fixed)
    return text


def verify_repairs(original: str, repaired: str, repairs: tuple[Repair, ...] = PAGE_BREAK_REPAIRS) -> None:
    """Raise RepairMismatch unless `repaired` is exactly `original` with the known repairs applied."""
    expected = apply_repairs(original, repairs)
    if expected != repaired:
        pairs = enumerate(zip(expected, repaired, strict=False))
        at = next((i for i, (a, b) in pairs if a != b), min(len(expected), len(repaired)))
        raise RepairMismatch(f"repaired text differs from original+repairs at character {at}")
