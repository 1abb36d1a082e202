"""The project copy of the policy is the published text with exactly three page-break repairs."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from bot.policy_text.document import DEFAULT_POLICY_DIR
from bot.policy_text.repairs import PAGE_BREAK_REPAIRS, RepairMismatch, apply_repairs, verify_repairs

ORIGINAL = DEFAULT_POLICY_DIR / "source" / "megvii-privacy-policy-2021-05-07.zh.orig.txt"
REPAIRED = DEFAULT_POLICY_DIR / "megvii-privacy-policy-2021-05-07.zh.txt"
# The published file lives in shared/ beside the checkout (CI copies it there too).
SHARED_ORIGINAL = next(
    (
        candidate
        for candidate in (
            Path(__file__).resolve().parents[3].parent / "shared" / "policy" / REPAIRED.name,
            Path("/work/shared/policy") / REPAIRED.name,
        )
        if candidate.exists()
    ),
    Path("/work/shared/policy") / REPAIRED.name,
)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.skipif(not SHARED_ORIGINAL.exists(), reason="shared/policy is not beside this checkout")
def test_kept_original_is_byte_identical_to_the_published_file() -> None:
    assert ORIGINAL.read_bytes() == SHARED_ORIGINAL.read_bytes()


def test_repaired_text_is_original_plus_the_three_repairs() -> None:
    verify_repairs(_read(ORIGINAL), _read(REPAIRED))


def test_diff_has_exactly_three_changes_and_each_is_a_known_repair() -> None:
    original, repaired = _read(ORIGINAL), _read(REPAIRED)
    matcher = difflib.SequenceMatcher(None, original, repaired, autojunk=False)
    opcodes = matcher.get_opcodes()
    changes = [(original[i1:i2], repaired[j1:j2]) for tag, i1, i2, j1, j2 in opcodes if tag != "equal"]
    assert len(changes) == 3
    for removed, added in changes:
        # Each change only drops a page break (and, once, the doubled 个); nothing is added.
        assert added == ""
        assert removed.strip("个") == "\n\n"
        assert any(removed in repair.broken for repair in PAGE_BREAK_REPAIRS)


def test_no_page_break_artifact_is_left() -> None:
    repaired = _read(REPAIRED)
    for repair in PAGE_BREAK_REPAIRS:
        assert repair.broken not in repaired
        assert repaired.count(repair.fixed) == 1
    assert "个\n\n个" not in repaired


def test_verify_rejects_any_other_edit() -> None:
    original = _read(ORIGINAL)
    tampered = apply_repairs(original).replace("不满 14 周岁", "不满 16 周岁")
    with pytest.raises(RepairMismatch):
        verify_repairs(original, tampered)


def test_apply_refuses_text_without_the_artifact() -> None:
    with pytest.raises(RepairMismatch):
        apply_repairs(apply_repairs(_read(ORIGINAL)))
