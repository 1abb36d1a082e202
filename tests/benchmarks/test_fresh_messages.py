"""The benchmark's messages are all different, so the encoder's cache cannot flatter the figures."""

from __future__ import annotations

import itertools
from pathlib import Path

from benchmarks.fresh_messages import fresh_messages, policy_questions
from bot.encoder import RECENT_QUERIES


def test_there_are_more_distinct_questions_than_the_encoder_keeps() -> None:
    questions = policy_questions()
    assert len(questions) == len(set(questions)) > RECENT_QUERIES


def test_the_stream_repeats_a_question_only_after_all_the_others() -> None:
    count = len(policy_questions())
    first_round = list(itertools.islice(fresh_messages(seed=7), count + 1))
    assert len(set(first_round[:count])) == count
    assert first_round[count] == first_round[0]


def test_blind_questions_are_never_used(tmp_path: Path) -> None:
    blind = tmp_path / "eval" / "blind"
    blind.mkdir(parents=True)
    (blind / "policy_questions.yml").write_text("questions: [{text: 秘密}]\n", encoding="utf-8")
    dev = tmp_path / "eval" / "dev"
    dev.mkdir()
    (dev / "policy_questions.yml").write_text("questions: [{text: 公开}, {text: 公开}]\n", encoding="utf-8")
    assert policy_questions(tmp_path) == ["公开"]


def test_two_streams_start_at_different_places() -> None:
    assert next(fresh_messages(seed=1)) != next(fresh_messages(seed=2))
