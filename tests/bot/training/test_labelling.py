"""Labelled inbox messages land in the right file, in Rasa's format, once."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.training import nludata
from bot.training.inbox import ReviewGroup, ReviewItem
from bot.training.labelling import ExamplesBlockNotFound, append_examples, apply_labels
from tests.support.nlu_data import write_data_dir


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return write_data_dir(tmp_path)


def _group(label: str | None, *texts: str, item_label: str | None = None) -> ReviewGroup:
    items = tuple(ReviewItem(t, 1, "nlu_fallback", 0.3, label=item_label) for t in texts)
    return ReviewGroup(id="g", items=items, label=label)


def test_examples_go_to_the_end_of_their_block_keeping_comments(data_dir: Path) -> None:
    report = apply_labels([_group("request_deletion", "我叫[姓名]，帮我把数据删了")], data_dir=data_dir)
    path = data_dir / "nlu" / "requests.yml"
    content = path.read_text(encoding="utf-8")
    assert "# Intake intents. Comments must survive." in content
    assert "    - 请删掉我的个人信息\n    - 我叫张三，帮我把数据删了\n\n- intent: request_access" in content
    assert report.added == [(str(path), "request_deletion", "我叫张三，帮我把数据删了")]
    parsed = nludata.load([path]).labels()
    assert len(parsed["request_deletion"]) == 3 and len(parsed["request_access"]) == 1


def test_bare_topic_label_goes_to_the_faq_file(data_dir: Path) -> None:
    report = apply_labels([_group("cookie_manage", "cookie可以关掉吗")], data_dir=data_dir)
    assert report.added[0][1] == "faq/cookie_manage"
    document = yaml.safe_load((data_dir / "nlu" / "faq.yml").read_text(encoding="utf-8"))
    assert document["nlu"][0]["examples"].splitlines() == ["- 怎么关闭cookie", "- cookie可以关掉吗"]


def test_label_goes_to_the_file_with_most_of_its_examples_not_the_first(data_dir: Path) -> None:
    english = data_dir / "nlu" / "english.yml"  # sorts before requests.yml
    english.write_text(
        "nlu:\n- intent: request_deletion\n  examples: |\n    - wipe my data\n", encoding="utf-8"
    )
    report = apply_labels([_group("request_deletion", "把我的简历删了")], data_dir=data_dir)
    assert report.added == [(str(data_dir / "nlu" / "requests.yml"), "request_deletion", "把我的简历删了")]
    assert "把我的简历删了" not in english.read_text(encoding="utf-8")


def test_duplicates_are_skipped_even_with_other_punctuation_or_width(data_dir: Path) -> None:
    groups = [_group("request_deletion", "删除我的数据！", "ｃｏｏｋｉｅ可以关掉吗", "cookie可以关掉吗？")]
    report = apply_labels(groups, data_dir=data_dir)
    assert [t for _, _, t in report.added] == ["ｃｏｏｋｉｅ可以关掉吗"]
    assert [t for t, _ in report.duplicates] == ["删除我的数据！", "cookie可以关掉吗？"]
    again = apply_labels(groups, data_dir=data_dir)
    assert again.added == [] and len(again.duplicates) == 3


def test_skip_unlabelled_and_item_labels(data_dir: Path) -> None:
    groups = [
        _group("skip", "随便说说"),
        _group(None, "还没标"),
        _group("request_deletion", "查一下我的数据", item_label="request_access"),
    ]
    report = apply_labels(groups, data_dir=data_dir)
    assert [(label, t) for _, label, t in report.added] == [("request_access", "查一下我的数据")]


def test_unknown_label_is_reported_not_written(data_dir: Path) -> None:
    before = (data_dir / "nlu" / "requests.yml").read_text(encoding="utf-8")
    report = apply_labels([_group("request_refund", "退钱")], data_dir=data_dir)
    assert report.unknown == [("退钱", "request_refund")]
    assert (data_dir / "nlu" / "requests.yml").read_text(encoding="utf-8") == before


def test_block_without_literal_examples_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "odd.yml"
    path.write_text("nlu:\n- intent: greet\n  examples:\n  - text: 你好\n", encoding="utf-8")
    with pytest.raises(ExamplesBlockNotFound):
        append_examples(path, "greet", ["嗨"])


def test_a_label_file_linked_from_outside_the_training_folder_is_not_written(
    data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "elsewhere.yml"
    outside.write_text('version: "3.1"\nnlu:\n- intent: stop\n  examples: |\n    - 算了\n', encoding="utf-8")
    (data_dir / "nlu" / "linked.yml").symlink_to(outside)
    report = apply_labels([_group("stop", "不办了")], data_dir=data_dir)
    assert report.added == [] and report.unknown == [("不办了", "stop")]
    assert "不办了" not in outside.read_text(encoding="utf-8")
