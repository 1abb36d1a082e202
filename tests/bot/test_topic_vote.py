"""The nearest questions vote by similarity; the blend gives the vote its share and ranks the topics."""

from __future__ import annotations

import numpy as np

from bot.topic_vote import blend, vote

EXAMPLES = np.array([[1.0, 0.0], [0.99, 0.14], [0.0, 1.0]], dtype=np.float32)
LABELS = np.array(["faq/address", "faq/address", "faq/cookies"])


def test_the_closest_questions_carry_the_vote() -> None:
    votes = vote(EXAMPLES, LABELS, np.array([0.9, 0.1]))
    assert abs(sum(votes.values()) - 1.0) < 1e-6
    assert votes["faq/address"] > 0.99


def test_no_training_questions_no_vote() -> None:
    assert vote(EXAMPLES[:0], LABELS[:0], np.array([1.0, 0.0])) == {}


def test_the_blend_gives_the_vote_its_share_and_ranks_best_first() -> None:
    ranked = blend({"faq/cookies": 0.6, "faq/address": 0.4}, {"faq/address": 1.0}, share=0.5)
    assert ranked == [("faq/address", 0.7), ("faq/cookies", 0.3)]
    assert blend({"faq/cookies": 0.6}, {"faq/address": 1.0}, share=0.0)[0] == ("faq/cookies", 0.6)
