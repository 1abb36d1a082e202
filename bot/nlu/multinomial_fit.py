"""scikit-learn's multinomial logistic regression (lbfgs), fitted with the encoder's columns kept dense.

Each feature row ends with the encoder's 384 dense values. Stored in one CSR matrix with the sparse counts,
they are 90 % of its non-zeros, and scikit-learn's loss multiplies them as sparse entries on every lbfgs step:
the two fits were 41 % of a retrain (#12, py-spy). Here: the same objective as scikit-learn 1.1's (summed
cross-entropy plus ||W||² / 2C, intercepts unpenalised), L-BFGS from zero with L-BFGS-B's stopping
rules (`gtol` = tol, the same iteration cap; bot/nlu/lbfgs.py says why not scipy's) and the same result
type, a fitted `LogisticRegression`; only the arithmetic is split into a sparse product and a dense one
(BLAS). Where the split falls changes the speed, never the objective.
tests/bot/nlu/test_multinomial_fit.py holds it to scikit-learn's fit.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.special import logsumexp
from sklearn.linear_model import LogisticRegression

from bot.nlu.lbfgs import minimize_lbfgs

DENSE_SHARE = 0.9  # a trailing column set in at least this share of rows is multiplied as a dense block


def dense_tail_start(matrix: csr_matrix) -> int:
    """First column of the trailing block of (nearly) always-set columns; the width when there is none."""
    filled = np.diff(matrix.tocsc().indptr) >= DENSE_SHARE * matrix.shape[0]
    start = matrix.shape[1]
    while start > 0 and filled[start - 1]:
        start -= 1
    return start


def fit_multinomial(
    matrix: csr_matrix,
    labels: list[str],
    c: float,
    max_iter: int,
    tol: float = 1e-4,
    sample_weight: np.ndarray | None = None,
) -> LogisticRegression:
    """`LogisticRegression(C=c, max_iter=max_iter, tol=tol).fit(matrix, labels, sample_weight)`, faster."""
    classes, y = np.unique(np.asarray(labels), return_inverse=True)
    if len(classes) < 3:  # scikit-learn fits two classes as one binary problem: leave those to it
        model = LogisticRegression(C=c, max_iter=max_iter, tol=tol)
        return model.fit(matrix, labels, sample_weight=sample_weight)
    rows, width = matrix.shape
    k = len(classes)
    split = dense_tail_start(matrix)
    sparse_part = matrix[:, :split].tocsr()
    sparse_t = sparse_part.T.tocsr()
    dense_part = np.ascontiguousarray(matrix[:, split:].toarray())
    onehot = np.zeros((rows, k))
    onehot[np.arange(rows), y] = 1.0
    row_weight = np.ones(rows) if sample_weight is None else np.asarray(sample_weight, dtype=float)

    def loss_and_gradient(w: np.ndarray) -> tuple[float, np.ndarray]:
        weights = w[: width * k].reshape(width, k)
        scores = sparse_part @ weights[:split] + dense_part @ weights[split:] + w[width * k :]
        norm = logsumexp(scores, axis=1)
        loss = float(
            (row_weight * (norm - scores[np.arange(rows), y])).sum()
            + 0.5 / c * np.dot(w[: width * k], w[: width * k])
        )
        residual = (np.exp(scores - norm[:, None]) - onehot) * row_weight[:, None]
        gradient = np.vstack([sparse_t @ residual, dense_part.T @ residual]) + weights / c
        return loss, np.concatenate([gradient.ravel(), residual.sum(axis=0)])

    solution, iterations = minimize_lbfgs(loss_and_gradient, np.zeros(width * k + k), tol, max_iter)
    model = LogisticRegression(C=c, max_iter=max_iter, tol=tol)
    model.classes_ = classes
    model.coef_ = np.ascontiguousarray(solution[: width * k].reshape(width, k).T)
    model.intercept_ = solution[width * k :].copy()
    model.n_iter_ = np.array([iterations], dtype=np.int32)
    model.n_features_in_ = width
    return model
