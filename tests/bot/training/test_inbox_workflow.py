"""The inbox operations `make review` and the console share: refresh, label, apply, never offer twice."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from bot.training import nludata
from bot.training.inbox import ReviewGroup, ReviewItem, read_inbox, write_inbox
from bot.training.inbox_workflow import (
    InboxUnreadable,
    NoConversationsYet,
    NothingToApply,
    ReviewFiles,
    UnknownLabels,
    apply_inbox,
    item_key,
    read_report,
    refresh_inbox,
    save_labels,
    settle,
)
from tests.support.nlu_data import write_data_dir
from tests.support.tracker_store import fill_tracker_store, user_event

DELETE = [("nlu_fallback", 0.45), ("request_deletion", 0.40)]


@pytest.fixture
def files(tmp_path: Path) -> ReviewFiles:
    return ReviewFiles.under(tmp_path / "var")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return write_data_dir(tmp_path / "data")


@pytest.fixture
def tracker(tmp_path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}", future=True)
    fill_tracker_store(
        engine,
        [
            ("user", user_event("我叫王小明，帮我把数据删了", "nlu_fallback", 0.45, DELETE)),
            ("user", user_event("cookie在哪关", "faq", 0.5, topic="faq/cookie_manage")),
            ("user", user_event("天气怎么样", "nlu_fallback", 0.3)),
        ],
    )
    return engine


def _group_of(groups: list[ReviewGroup], fragment: str) -> ReviewGroup:
    return next(g for g in groups if fragment in g.representative)


def test_refresh_without_an_events_table_says_no_conversations(tmp_path: Path, files: ReviewFiles) -> None:
    empty = create_engine(f"sqlite:///{tmp_path / 'empty.db'}", future=True)
    with pytest.raises(NoConversationsYet):
        refresh_inbox(empty, files)
    assert not files.inbox.exists()


def test_refresh_writes_masked_groups_to_the_inbox(tracker: Engine, files: ReviewFiles) -> None:
    groups = refresh_inbox(tracker, files)
    assert read_inbox(files.inbox) == groups
    assert "王小明" not in files.inbox.read_text(encoding="utf-8")
    assert {g.representative for g in groups} == {"我叫[姓名]，帮我把数据删了", "cookie在哪关", "天气怎么样"}


def test_saved_labels_survive_a_refresh(tracker: Engine, files: ReviewFiles, data_dir: Path) -> None:
    group = _group_of(refresh_inbox(tracker, files), "cookie")
    save_labels(files, data_dir=data_dir, group_labels={group.id: "cookie_manage"}, item_labels={})
    again = _group_of(refresh_inbox(tracker, files), "cookie")
    assert again.label == "faq/cookie_manage"  # the bare topic was stored as the label it files under


def test_unknown_label_saves_nothing(tracker: Engine, files: ReviewFiles, data_dir: Path) -> None:
    groups = refresh_inbox(tracker, files)
    before = files.inbox.read_text(encoding="utf-8")
    first, second = groups[0], groups[1]
    with pytest.raises(UnknownLabels) as refused:
        save_labels(
            files,
            data_dir=data_dir,
            group_labels={first.id: "request_deletion", second.id: "request_refund"},
            item_labels={},
        )
    assert refused.value.labels == ("request_refund",)
    assert files.inbox.read_text(encoding="utf-8") == before


def test_item_label_overrides_its_group(tracker: Engine, files: ReviewFiles, data_dir: Path) -> None:
    group = _group_of(refresh_inbox(tracker, files), "删了")
    key = (group.id, item_key(group.items[0].text))
    saved = save_labels(files, data_dir=data_dir, group_labels={}, item_labels={key: "request_access"})
    assert _group_of(saved, "删了").items[0].label == "request_access"


def test_apply_files_settled_messages_once_and_never_offers_them_again(
    tracker: Engine, files: ReviewFiles, data_dir: Path
) -> None:
    groups = refresh_inbox(tracker, files)
    deletion, weather = _group_of(groups, "删了"), _group_of(groups, "天气")
    save_labels(
        files,
        data_dir=data_dir,
        group_labels={deletion.id: "request_deletion", weather.id: "skip"},
        item_labels={},
    )
    report = apply_inbox(files, data_dir=data_dir)
    assert report.added == [("data/nlu/requests.yml", "request_deletion", "我叫张三，帮我把数据删了")]
    labels = nludata.load([data_dir]).labels()
    assert [e.text for e in labels["request_deletion"]][-1] == "我叫张三，帮我把数据删了"
    assert [g.representative for g in read_inbox(files.inbox)] == ["cookie在哪关"]
    assert [g.representative for g in refresh_inbox(tracker, files)] == ["cookie在哪关"]
    assert read_report(files.last_apply) == report


def test_apply_reports_duplicates_without_writing(files: ReviewFiles, data_dir: Path) -> None:
    write_inbox(
        [ReviewGroup("g-1", (ReviewItem("删除我的数据！", 1, "nlu_fallback", 0.3),), "request_deletion")],
        files.inbox,
    )
    before = (data_dir / "nlu" / "requests.yml").read_text(encoding="utf-8")
    report = apply_inbox(files, data_dir=data_dir)
    assert report.added == [] and report.duplicates == [("删除我的数据！", "data/nlu/requests.yml:6")]
    assert (data_dir / "nlu" / "requests.yml").read_text(encoding="utf-8") == before


def test_unknown_label_from_a_hand_edit_stays_in_the_inbox(files: ReviewFiles, data_dir: Path) -> None:
    typo = ReviewGroup("g-1", (ReviewItem("退钱", 1, "nlu_fallback", 0.3),), "request_refund")
    write_inbox([typo], files.inbox)
    report = apply_inbox(files, data_dir=data_dir)
    assert report.unknown == [("退钱", "request_refund")]
    assert read_inbox(files.inbox) == [typo]


def test_apply_with_an_empty_inbox_is_refused(files: ReviewFiles, data_dir: Path) -> None:
    with pytest.raises(NothingToApply):
        apply_inbox(files, data_dir=data_dir)


def test_broken_inbox_file_is_a_typed_error(files: ReviewFiles, data_dir: Path) -> None:
    files.inbox.parent.mkdir(parents=True)
    files.inbox.write_text("groups: [ {id: ", encoding="utf-8")
    with pytest.raises(InboxUnreadable):
        apply_inbox(files, data_dir=data_dir)


def test_settle_keeps_unlabelled_and_unknown_items_of_a_group() -> None:
    items = (
        ReviewItem("a", 1, "x", 0.1),
        ReviewItem("b", 1, "x", 0.1, label="typo"),
        ReviewItem("c", 1, "x", 0.1, label="skip"),
    )
    remaining, settled = settle([ReviewGroup("g", items), ReviewGroup("h", items, "greet")], {"greet"})
    assert settled == ["c", "a", "c"]
    assert [[i.text for i in g.items] for g in remaining] == [["a", "b"], ["b"]]


def test_settled_ledger_holds_masked_text_only(tracker: Engine, files: ReviewFiles, data_dir: Path) -> None:
    deletion = _group_of(refresh_inbox(tracker, files), "删了")
    save_labels(files, data_dir=data_dir, group_labels={deletion.id: "request_deletion"}, item_labels={})
    apply_inbox(files, data_dir=data_dir)
    ledger = yaml.safe_load(files.settled.read_text(encoding="utf-8"))
    assert ledger == {"settled": ["我叫[姓名]，帮我把数据删了"]}
