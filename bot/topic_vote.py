"""The nearest training questions' vote on a FAQ topic, blended into the topic classifier's probabilities.

The linear topic classifier weighs every word and the sentence vector for all topics at once; a question
whose few closest training questions all share one topic is still sometimes ranked by a word it shares with
another topic ("成立时间?" went to the response-time answer). The vote of the nearest questions in the
encoder's space, softmax-weighted by similarity, gets a fifth of the say. On the tuning sets (eval/dev …
dev7, 1,490 answerable questions) the whole pipeline answered 1,442 instead of 1,431; offline, shares above
a third began to lose questions the classifier alone had right.
"""

from __future__ import annotations

import numpy as np

NEIGHBOURS = 10
TEMPERATURE = 0.02  # similarities of close paraphrases differ by a few hundredths: a sharp softmax
SHARE = 0.2


def vote(
    examples: np.ndarray,
    labels: np.ndarray,
    query: np.ndarray,
    neighbours: int = NEIGHBOURS,
    temperature: float = TEMPERATURE,
) -> dict[str, float]:
    """Topic -> weight (summing to 1) from the `neighbours` unit vectors in `examples` closest to `query`."""
    if len(examples) == 0:
        return {}
    similarities = examples @ (query / (np.linalg.norm(query) or 1.0))
    nearest = np.argsort(-similarities)[:neighbours]
    weights = np.exp((similarities[nearest] - similarities[nearest].max()) / temperature)
    weights /= weights.sum()
    votes: dict[str, float] = {}
    for index, weight in zip(nearest, weights, strict=True):
        votes[str(labels[index])] = votes.get(str(labels[index]), 0.0) + float(weight)
    return votes


def blend(
    probabilities: dict[str, float], votes: dict[str, float], share: float = SHARE
) -> list[tuple[str, float]]:
    """(topic, blended probability), best first: (1 - share) of the classifier's and `share` of the vote."""
    topics = set(probabilities) | set(votes)
    mixed = {t: (1 - share) * probabilities.get(t, 0.0) + share * votes.get(t, 0.0) for t in topics}
    return sorted(mixed.items(), key=lambda item: (-item[1], item[0]))
