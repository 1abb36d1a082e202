"""The one feature row both linear NLU components read: count features and encoder vector, each unit length.

Counts are damped (log1p) and scaled to unit length, as in sublinear TF-IDF: a long question does not
outvote a short one. The encoder vector is scaled on its own and weighted, so neither kind drowns the
other whatever their sizes. Logistic regression (lbfgs, deterministic) over this row trains in seconds.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix, hstack
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from bot.nlu.multinomial_fit import fit_multinomial

# Where a message keeps its row: the intent classifier and the FAQ topic selector read the same one.
_ROW = "_linear_row"


def sentence_features(message: Message, dense_weight: float = 1.0) -> csr_matrix | None:
    """The message's sparse and dense sentence features in one row; None before featurizing.

    Built once per message and weight, and again only if a featurizer added features since: combining
    Rasa's features was 7 % of the Rasa server's CPU each time, and both linear components asked (#17).
    """
    key = (dense_weight, len(message.features))
    kept = getattr(message, _ROW, None)
    if kept is not None and kept[0] == key:
        return kept[1]
    row = _combine(message, dense_weight)
    setattr(message, _ROW, (key, row))
    return row


def sentence_vector(message: Message) -> np.ndarray | None:
    """The encoder's sentence vector of the message, unit length; None before featurizing."""
    _, dense = message.get_dense_features(TEXT)
    if dense is None:
        return None
    vector = np.asarray(dense.features, dtype=np.float32).reshape(-1)
    return vector / (np.linalg.norm(vector) or 1.0)


def _combine(message: Message, dense_weight: float) -> csr_matrix | None:
    _, sparse = message.get_sparse_features(TEXT)
    _, dense = message.get_dense_features(TEXT)
    parts = []
    if sparse is not None:
        parts.append(normalize(csr_matrix(sparse.features, dtype=np.float64).log1p()))
    if dense is not None:
        parts.append(csr_matrix(normalize(np.asarray(dense.features, dtype=np.float64)) * dense_weight))
    if not parts:
        return None
    return hstack(parts).tocsr()


def fit(
    rows: list[csr_matrix], labels: list[str], c: float, max_iter: int, weight_cap: float | None = None
) -> LogisticRegression:
    """A regularised multinomial logistic regression; the same data always trains the same model.

    With `weight_cap`, a label with more examples than the cap has each weighted down so that together they
    weigh `weight_cap`: the FAQ's thousands of questions then no longer drown the few dozen examples of
    each request (more FAQ paraphrases made "调取我的个人数据" a policy question).
    """
    from scipy.sparse import vstack

    return fit_multinomial(
        vstack(rows).tocsr(), labels, c, max_iter, sample_weight=capped_weights(labels, weight_cap)
    )


def capped_weights(labels: list[str], cap: float | None) -> np.ndarray | None:
    """Per-example weights: 1, or cap / count for a label with more than `cap` examples (None: no cap)."""
    if cap is None:
        return None
    counts = Counter(labels)
    return np.array([min(1.0, cap / counts[label]) for label in labels])


def ranked(model: LogisticRegression, row: csr_matrix, length: int) -> list[tuple[str, float]]:
    """(label, probability) best first, at most `length` of them."""
    probabilities = model.predict_proba(row)[0]
    order = np.argsort(-probabilities)[:length]
    return [(str(model.classes_[i]), float(probabilities[i])) for i in order]
