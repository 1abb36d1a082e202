"""Text normalisation and similarity, so near-identical examples are caught however they are typed."""

from __future__ import annotations

import unicodedata

# Unicode categories dropped before comparing: punctuation, symbols (emoji, ～), separators, controls.
_DROPPED = ("P", "S", "Z", "C")


def normalise(text: str) -> str:
    """Full-width to half-width (NFKC), lower-case, no punctuation or spaces: 「Cookie？」 == 「cookie」."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if not unicodedata.category(ch).startswith(_DROPPED))


def bigrams(normalised: str) -> frozenset[str]:
    """Character bigrams (the text itself when shorter), the unit Chinese similarity works best on."""
    if len(normalised) < 2:
        return frozenset({normalised}) if normalised else frozenset()
    return frozenset(normalised[i : i + 2] for i in range(len(normalised) - 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared over combined; 1.0 for two empty sets would be misleading, so 0.0."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up early (returning limit + 1) once it must exceed limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
