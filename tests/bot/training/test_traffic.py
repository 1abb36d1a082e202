"""The review inbox: unclear turns from the tracker store, masked, grouped, labels kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.training.inbox import ReviewGroup, ReviewItem, carry_labels, read_inbox, write_inbox
from bot.training.traffic import build_inbox
from tests.support.tracker_store import fill_tracker_store, user_event


@pytest.fixture
def tracker_db(tmp_path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}", future=True)
    events = [
        (
            "user",
            user_event(
                "我叫王小明，帮我把数据删了",
                "nlu_fallback",
                0.45,
                [("nlu_fallback", 0.45), ("request_deletion", 0.40)],
            ),
        ),
        (
            "user",
            user_event(
                "我叫李雷，帮我把数据删了",
                "nlu_fallback",
                0.45,
                [("nlu_fallback", 0.45), ("request_deletion", 0.38)],
            ),
        ),
        ("user", user_event("你们的cookie能关吗", "faq", 0.52, topic="faq/cookies")),
        ("user", user_event("你们的cookie能关吗", "faq", 0.50, topic="faq/cookies")),
        ("user", user_event("你好", "greet", 0.99)),
        ("user", user_event("/human_handoff", "human_handoff", 1.0)),
        ("bot", {"event": "bot", "text": "您好"}),
    ]
    fill_tracker_store(engine, events)
    return engine


def test_inbox_holds_fallbacks_and_low_confidence_only(tracker_db: Engine) -> None:
    groups = build_inbox(tracker_db, threshold=0.6)
    texts = [item.text for group in groups for item in group.items]
    assert "你好" not in texts and "/human_handoff" not in texts
    assert len(groups) == 2


def test_similar_messages_share_a_group_with_names_masked(tracker_db: Engine) -> None:
    groups = build_inbox(tracker_db, threshold=0.6)
    deletion = next(g for g in groups if g.predicted == "request_deletion")
    assert [(i.text, i.count) for i in deletion.items] == [("我叫[姓名]，帮我把数据删了", 2)]
    assert "王小明" not in repr(groups) and "李雷" not in repr(groups)


def test_identical_messages_are_counted_with_the_faq_topic(tracker_db: Engine) -> None:
    groups = build_inbox(tracker_db, threshold=0.6)
    cookies = next(g for g in groups if g.representative == "你们的cookie能关吗")
    assert cookies.size == 2 and cookies.predicted == "faq/cookies"
    assert cookies.items[0].confidence == pytest.approx(0.50)


def test_session_is_accepted_as_well_as_engine(tracker_db: Engine) -> None:
    with Session(tracker_db) as session:
        assert len(build_inbox(session, threshold=0.6)) == 2


def test_threshold_decides_what_is_unclear(tracker_db: Engine) -> None:
    assert len(build_inbox(tracker_db, threshold=0.51)) == 2  # the fallbacks and the 0.50 cookie turn
    assert sum(g.size for g in build_inbox(tracker_db, threshold=0.3)) == 2  # fallbacks only


def test_inbox_file_round_trip_and_labels_survive_a_rebuild(tmp_path: Path) -> None:
    group = ReviewGroup(
        id="g-1", items=(ReviewItem("cookie能关吗", 2, "faq/cookies", 0.5),), label="faq/cookies"
    )
    path = tmp_path / "inbox.yml"
    write_inbox([group], path)
    assert read_inbox(path) == [group]
    rebuilt = carry_labels([ReviewGroup(id="g-1", items=group.items)], read_inbox(path))
    assert rebuilt[0].label == "faq/cookies"
