"""The split fit is scikit-learn's fit: the same classes, coefficients and probabilities."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import csr_matrix, hstack, random
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from bot.nlu.multinomial_fit import dense_tail_start, fit_multinomial


def rows_like_ours(count: int, classes: int, seed: int) -> tuple[csr_matrix, list[str]]:
    """Sparse counts, then a dense unit-length block; a word and a direction tell each row's class."""
    rng = np.random.default_rng(seed)
    counts = random(count, 300, density=0.03, random_state=seed, format="csr")
    labels = [f"topic_{i % classes}" for i in range(count)]
    for i, label in enumerate(labels):  # a few words and a direction that tell the class
        counts[i, int(label.split("_")[1]) * 3] = 1.0
    dense = normalize(
        rng.normal(size=(count, 24)) + np.eye(classes, 24)[[int(x.split("_")[1]) for x in labels]]
    )
    return hstack([normalize(counts), csr_matrix(dense)]).tocsr(), labels


def test_the_dense_tail_is_found_and_an_all_sparse_matrix_has_none() -> None:
    matrix, _ = rows_like_ours(200, 5, 1)
    assert dense_tail_start(matrix) == 300
    assert dense_tail_start(matrix[:, :300].tocsr()) == 300


@pytest.mark.parametrize(("classes", "c"), [(5, 100.0), (12, 1.0)])
def test_the_fit_is_scikit_learns(classes: int, c: float) -> None:
    matrix, labels = rows_like_ours(400, classes, classes)
    ours = fit_multinomial(matrix, labels, c, 1000)
    theirs = LogisticRegression(C=c, max_iter=1000).fit(matrix, labels)
    assert list(ours.classes_) == list(theirs.classes_)
    np.testing.assert_allclose(ours.predict_proba(matrix), theirs.predict_proba(matrix), atol=2e-3)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=5e-2 * max(1.0, np.abs(theirs.coef_).max()))
    assert (ours.predict(matrix) == theirs.predict(matrix)).mean() > 0.99


def test_two_classes_go_to_scikit_learn_as_before() -> None:
    matrix, labels = rows_like_ours(100, 2, 3)
    model = fit_multinomial(matrix, labels, 10.0, 500)
    assert model.coef_.shape == (1, matrix.shape[1])


def test_weighted_fit_is_scikit_learns_weighted_fit() -> None:
    matrix, labels = rows_like_ours(400, 5, 7)
    weights = np.where(np.array(labels) == "topic_0", 0.2, 1.0)
    ours = fit_multinomial(matrix, labels, 10.0, 1000, sample_weight=weights)
    theirs = LogisticRegression(C=10.0, max_iter=1000).fit(matrix, labels, sample_weight=weights)
    np.testing.assert_allclose(ours.predict_proba(matrix), theirs.predict_proba(matrix), atol=2e-3)
    unweighted = fit_multinomial(matrix, labels, 10.0, 1000)
    assert ours.predict_proba(matrix)[:, 0].mean() < unweighted.predict_proba(matrix)[:, 0].mean()
