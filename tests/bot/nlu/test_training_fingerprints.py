from __future__ import annotations

import numpy as np
import pytest
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.features import Features
from scipy.sparse import coo_matrix, csr_matrix

from bot.nlu import training_fingerprints


def test_the_kept_token_fingerprint_is_rasas_own() -> None:
    token = Token("隐私政策", 0, 4, data={"pos": "n"})
    assert training_fingerprints.kept_fingerprint(token) == training_fingerprints._rasa_token_fingerprint(
        token
    )


def test_setting_a_token_property_changes_its_fingerprint() -> None:
    training_fingerprints.install()
    token = Token("删除", 0, 2)
    before = token.fingerprint()
    token.set("pos", "v")
    assert token.fingerprint() != before
    assert token.fingerprint() == training_fingerprints._rasa_token_fingerprint(token)


def test_a_token_fingerprint_is_computed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Token] = []
    monkeypatch.setattr(
        training_fingerprints, "_rasa_token_fingerprint", lambda token: calls.append(token) or "fp"
    )
    token = Token("账号", 0, 2)
    assert [training_fingerprints.kept_fingerprint(token) for _ in range(3)] == ["fp"] * 3
    assert len(calls) == 1


def sparse(values: list[list[float]]) -> Features:
    return Features(csr_matrix(np.array(values)), "sentence", "text", "CountVectorsFeaturizer")


def test_same_sparse_content_same_fingerprint_whatever_the_format() -> None:
    first = sparse([[0, 1.0, 0], [2.0, 0, 0]])
    second = Features(
        coo_matrix(np.array([[0, 1.0, 0], [2.0, 0, 0]])), "sentence", "text", "CountVectorsFeaturizer"
    )
    assert training_fingerprints.features_fingerprint(first) == training_fingerprints.features_fingerprint(
        second
    )


def test_a_changed_value_position_or_shape_changes_the_fingerprint() -> None:
    base = training_fingerprints.features_fingerprint(sparse([[0, 1.0, 0], [2.0, 0, 0]]))
    for other in ([[0, 1.0, 0], [3.0, 0, 0]], [[1.0, 0, 0], [2.0, 0, 0]], [[0, 1.0, 0, 0], [2.0, 0, 0, 0]]):
        assert training_fingerprints.features_fingerprint(sparse(other)) != base


def test_dense_features_are_hashed_by_content() -> None:
    def dense(values: list[float]) -> Features:
        return Features(np.array([values], dtype=np.float32), "sentence", "text", "encoder")

    fingerprint = training_fingerprints.features_fingerprint
    assert fingerprint(dense([0.1, 0.2])) == fingerprint(dense([0.1, 0.2]))
    assert fingerprint(dense([0.1, 0.2])) != fingerprint(dense([0.1, 0.3]))
