"""The project's own data checks, beyond `rasa data validate`: each problem names file and example."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.training.heldout import HeldOutCase
from bot.training.nludata import RETRIEVAL_PREFIX, Example, NluData
from bot.training.text import bigrams, edit_distance, jaccard, normalise

# The Chinese answer's citation, or the English variation's.
CITATION = re.compile(r"出自《[^》]+》|— From Megvii's Personal Information and Privacy Protection Policy")
NOT_TRAINED = {"faq", "nlu_fallback"}  # faq is trained through its topics; nlu_fallback never


@dataclass(frozen=True)
class Limits:
    """Thresholds, overridable from the command line."""

    min_intent_examples: int = 20
    min_topic_examples: int = 12
    near_jaccard: float = 0.9
    near_edit_distance: int = 1
    near_min_chars: int = 8  # shorter texts differ by one character on purpose (是的 / 是吧)


@dataclass(frozen=True)
class Problem:
    """One thing a trainer must fix, phrased so they can find it."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _similar(a: str, b: str, ga: frozenset[str], gb: frozenset[str], limits: Limits) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < limits.near_min_chars:
        return False
    if jaccard(ga, gb) >= limits.near_jaccard:
        return True
    return edit_distance(a, b, limits.near_edit_distance) <= limits.near_edit_distance


def duplicate_examples(examples: list[Example], limits: Limits = Limits()) -> list[Problem]:
    """Same or nearly the same example under two different labels confuses the model."""
    normals = [normalise(e.text) for e in examples]
    grams = [bigrams(n) for n in normals]
    index: dict[str, list[int]] = {}
    problems = []
    for i, example in enumerate(examples):
        shared: dict[int, int] = {}
        for gram in grams[i]:
            for j in index.get(gram, ()):
                shared[j] = shared.get(j, 0) + 1
        # A pair within edit distance 1 shares all but at most two bigrams; Jaccard 0.9 needs more.
        needed = max(1, min(len(grams[i]) - 2, int(limits.near_jaccard * len(grams[i]))))
        for j, count in sorted(shared.items()):
            other = examples[j]
            if other.label == example.label or (count < needed and normals[i] != normals[j]):
                continue
            if _similar(normals[i], normals[j], grams[i], grams[j], limits):
                kind = "duplicate" if normals[i] == normals[j] else "near-duplicate"
                problems.append(
                    Problem(
                        example.where,
                        f"{kind} across intents: 「{example.text}」 ({example.label}) vs "
                        f"「{other.text}」 ({other.label}, {other.where})",
                    )
                )
                break
        for gram in grams[i]:
            index.setdefault(gram, []).append(i)
    return problems


def too_few_examples(data: NluData, intents: Iterable[str], limits: Limits = Limits()) -> list[Problem]:
    """Every declared intent needs enough examples; so does every FAQ topic."""
    grouped = data.labels()
    problems = []
    for intent in intents:
        if intent in NOT_TRAINED:
            continue
        count = len(grouped.get(intent, []))
        if count < limits.min_intent_examples:
            where = data.where(intent)
            problems.append(
                Problem(
                    where,
                    f"intent {intent} has {count} examples; needs at least {limits.min_intent_examples}",
                )
            )
    for label, examples in sorted(grouped.items()):
        if label.startswith(RETRIEVAL_PREFIX) and len(examples) < limits.min_topic_examples:
            problems.append(
                Problem(
                    f"{examples[0].file}:{examples[0].line}",
                    f"FAQ topic {label} has {len(examples)} examples; "
                    f"needs at least {limits.min_topic_examples}",
                )
            )
    return problems


def faq_answers(data: NluData, extra_responses: dict[str, list[str]] | None = None) -> list[Problem]:
    """Every topic has an answer, every answer variation ends in a citation of the policy."""
    responses = dict(extra_responses or {})
    responses.update(data.responses)
    problems = []
    topics = data.faq_topics()
    for topic in sorted(topics):
        if f"utter_{RETRIEVAL_PREFIX}{topic}" not in responses:
            where = data.where(RETRIEVAL_PREFIX + topic)
            problems.append(Problem(where, f"FAQ topic faq/{topic} has no answer utter_faq/{topic}"))
    for name, texts in sorted(responses.items()):
        if not name.startswith("utter_" + RETRIEVAL_PREFIX):
            continue
        where = str(data.response_files.get(name, "domain.yml"))
        topic = name[len("utter_" + RETRIEVAL_PREFIX) :]
        if topic not in topics:
            problems.append(Problem(where, f"answer {name} has no training examples faq/{topic}"))
        for text in texts:
            if not CITATION.search(text):
                snippet = text[:40]
                problems.append(Problem(where, f"answer {name} has no citation (出自《…》): 「{snippet}…」"))
    return problems


def heldout_coverage(data: NluData, cases: list[HeldOutCase], heldout_name: str) -> list[Problem]:
    """Each topic needs a held-out question; held-out questions must never be training examples."""
    problems = []
    tested = {c.label for c in cases if c.label}
    for topic in sorted(data.faq_topics()):
        if RETRIEVAL_PREFIX + topic not in tested:
            where = data.where(RETRIEVAL_PREFIX + topic)
            message = f"FAQ topic faq/{topic} has no held-out question in {heldout_name}"
            problems.append(Problem(where, message))
    trained = {normalise(e.text): e for e in data.examples}
    known = set(data.labels())
    for case in cases:
        example = trained.get(normalise(case.text))
        if example is not None:
            message = f"held-out question 「{case.text}」 is also a training example ({example.where})"
            problems.append(Problem(str(case.source), message))
        if case.label and case.label.startswith(RETRIEVAL_PREFIX) and case.label not in known:
            message = f"held-out question 「{case.text}」 names unknown topic {case.label}"
            problems.append(Problem(str(case.source), message))
    return problems


# Shorter texts ("你好", "yes", "转人工") are the shared vocabulary of small talk, not a leak.
LEAK_MIN_CHARS = 8


def evaluation_leaks(data: NluData, evaluation_texts: dict[str, Iterable[str]]) -> list[Problem]:
    """No evaluation text (eval/blind, eval/dev, eval/dev2) is trained on: those sets measure strangers."""
    trained = {normalise(e.text): e for e in data.examples}
    problems = []
    for source, texts in evaluation_texts.items():
        for text in texts:
            if len(normalise(text)) < LEAK_MIN_CHARS:
                continue
            example = trained.get(normalise(text))
            if example is not None:
                where = example.where
                message = f"evaluation text 「{text}」 is also trained on ({where}); remove it from data/"
                problems.append(Problem(source, message))
    return problems


def run_all(
    data: NluData,
    *,
    intents: Iterable[str],
    domain_responses: dict[str, list[str]],
    cases: list[HeldOutCase],
    heldout_name: str,
    limits: Limits = Limits(),
) -> list[Problem]:
    """Every check, in the order a trainer would fix them."""
    return [
        *duplicate_examples(data.examples, limits),
        *too_few_examples(data, intents, limits),
        *faq_answers(data, domain_responses),
        *heldout_coverage(data, cases, heldout_name),
    ]
