"""Rasa adapter: cheaper fingerprints during `rasa train`, for the one-line retrain (#12: target 60 s).

`rasa train` fingerprints every node's output to decide what its cache can reuse (py-spy, 83 s in all):
- a message's fingerprint hashes each of its tokens again, uncached, at every node: 2.4 million token
  hashes, a third of the time. Tokens only change through `Token.set`, which drops the kept value, so a
  token's fingerprint is Rasa's own, value for value;
- a sparse feature matrix was printed as text, one line per value, then hashed: its arrays are hashed as
  bytes instead (the same content always gives the same fingerprint; the cache is rebuilt once).
"""

from __future__ import annotations

from hashlib import md5
from typing import Any

import numpy as np
import rasa.shared.utils.io
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.features import Features

_KEPT = "_kept_fingerprint"
_rasa_token_fingerprint = Token.fingerprint
_rasa_token_set = Token.set


def kept_fingerprint(token: Token) -> str:
    """Rasa's fingerprint of the token, computed on first use."""
    kept = token.__dict__.get(_KEPT)
    if kept is None:
        kept = _rasa_token_fingerprint(token)
        token.__dict__[_KEPT] = kept
    return kept


def set_and_forget(token: Token, prop: str, info: Any) -> None:
    """Rasa's `Token.set`, and the kept fingerprint no longer holds."""
    _rasa_token_set(token, prop, info)
    token.__dict__.pop(_KEPT, None)


def matrix_digest(matrix: Any) -> str:
    """A dense array's or sparse matrix's content as one hash: shape, type, positions and values."""
    if isinstance(matrix, np.ndarray):
        parts = [matrix]
    else:
        coo = matrix.tocoo()
        parts = [coo.row, coo.col, coo.data]
    digest = md5(f"{matrix.shape}{matrix.dtype}".encode(), usedforsecurity=False)
    for part in parts:
        digest.update(np.ascontiguousarray(part).tobytes())
    return digest.hexdigest()


def features_fingerprint(features: Features) -> str:
    """`Features.fingerprint` with the matrix hashed as bytes; kept on the object as Rasa does."""
    if features._cached_fingerprint is None:
        features._cached_fingerprint = rasa.shared.utils.io.deep_container_fingerprint(
            [features.type, features.origin, features.attribute, matrix_digest(features.features)]
        )
    return features._cached_fingerprint


def install() -> None:
    """Idempotent: the training process that loads our components gets it once."""
    Token.fingerprint = kept_fingerprint  # type: ignore[method-assign]
    Token.set = set_and_forget  # type: ignore[method-assign]
    Features.fingerprint = features_fingerprint  # type: ignore[method-assign]
