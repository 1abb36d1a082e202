"""Loading: the version comes from the text, and a newer file in the folder wins."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.policy_text import PolicyDocument, PolicyFormatError, find_policy_file, load_policy


def test_version_and_title_are_read_from_the_text(policy: PolicyDocument) -> None:
    assert policy.version == date(2021, 5, 7)
    assert policy.title == "旷视个人信息与隐私保护政策"
    assert policy.version_label == "2021年5月7日版"


def test_newest_file_in_the_folder_is_loaded(tmp_path: Path, policy: PolicyDocument) -> None:
    (tmp_path / "megvii-privacy-policy-2021-05-07.zh.txt").write_text(policy.text, encoding="utf-8")
    newer = policy.text.replace("【2021年5月7日】", "【2023年1月2日】")
    (tmp_path / "megvii-privacy-policy-2023-01-02.zh.txt").write_text(newer, encoding="utf-8")
    loaded = load_policy(find_policy_file(tmp_path))
    assert loaded.version == date(2023, 1, 2)
    assert loaded.version_label == "2023年1月2日版"


def test_file_name_and_text_must_agree_on_the_date(tmp_path: Path, policy: PolicyDocument) -> None:
    path = tmp_path / "megvii-privacy-policy-2022-01-01.zh.txt"
    path.write_text(policy.text, encoding="utf-8")
    with pytest.raises(PolicyFormatError):
        load_policy(path)


def test_text_without_update_line_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policy.zh.txt"
    path.write_text("旷视个人信息与隐私保护政策\n\n前言\n", encoding="utf-8")
    with pytest.raises(PolicyFormatError):
        load_policy(path)


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyFormatError):
        find_policy_file(tmp_path)
