"""The shared feature row: built once per message, rebuilt when a featurizer adds features."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import coo_matrix

from bot.nlu import linear_features
from bot.nlu.linear_features import capped_weights, sentence_features


def message_with(*counts: float) -> Message:
    message = Message(data={"text": "问题"})
    row = np.array([counts], dtype=float)
    message.add_features(Features(coo_matrix(row), "sentence", "text", "CountVectorsFeaturizer"))
    return message


def test_a_row_is_unit_length_counts_then_the_weighted_vector() -> None:
    message = message_with(1.0, 0.0, 3.0)
    message.add_features(Features(np.array([[3.0, 4.0]]), "sentence", "text", "Encoder"))
    row = sentence_features(message, dense_weight=0.5).toarray()[0]
    counts = np.log1p([1.0, 0.0, 3.0])
    assert np.allclose(row[:3], counts / np.linalg.norm(counts))
    assert np.allclose(row[3:], [0.3, 0.4])


def test_the_row_is_built_once_per_message(monkeypatch: pytest.MonkeyPatch) -> None:
    message = message_with(1.0, 2.0)
    built = []
    combine = linear_features._combine
    monkeypatch.setattr(linear_features, "_combine", lambda m, w: built.append(w) or combine(m, w))
    first = sentence_features(message)
    assert sentence_features(message) is first
    assert sentence_features(message_with(1.0, 2.0)) is not first  # another message: its own row
    assert built == [1.0, 1.0]


def test_new_features_or_another_weight_build_the_row_again() -> None:
    message = message_with(1.0, 2.0)
    counts_only = sentence_features(message)
    message.add_features(Features(np.array([[1.0, 0.0]]), "sentence", "text", "Encoder"))
    with_vector = sentence_features(message)
    assert counts_only.shape == (1, 2) and with_vector.shape == (1, 4)
    assert sentence_features(message, dense_weight=2.0).toarray()[0, 2] == pytest.approx(2.0)


def test_an_unfeaturized_message_has_no_row() -> None:
    assert sentence_features(Message(data={"text": "问题"})) is None


def test_capped_weights_weigh_a_crowded_label_down_to_the_cap() -> None:
    labels = ["faq"] * 8 + ["request_access"] * 2
    weights = capped_weights(labels, 4.0)
    assert weights is not None
    assert weights[:8].sum() == pytest.approx(4.0) and list(weights[8:]) == [1.0, 1.0]
    assert capped_weights(labels, None) is None
