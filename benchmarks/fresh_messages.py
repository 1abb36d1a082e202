"""Policy questions for the benchmarks, each one different, as people type them.

Why: the Rasa server keeps the sentence vectors of the last few hundred messages (bot/encoder.py), so a
benchmark that repeats four questions measures cache hits, not the encoder that every new question pays
for (about 20 ms here). The questions come from the tuning sets (eval/dev*, never eval/blind); each
stream starts at a random place, so a second benchmark against the same server does not meet the
questions the first one left in the cache.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TUNING_SETS = ("dev", "dev2", "dev3", "dev4", "dev5")


def policy_questions(root: Path = ROOT) -> list[str]:
    """Every distinct policy question of the tuning sets, Chinese and English, in file order."""
    seen: dict[str, None] = {}
    for name in TUNING_SETS:
        path = root / "eval" / name / "policy_questions.yml"
        if path.exists():
            for question in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
                seen.setdefault(str(question["text"]), None)
    if not seen:
        raise FileNotFoundError(f"no policy questions under {root / 'eval'}")
    return list(seen)


def fresh_messages(root: Path = ROOT, seed: int | None = None) -> Iterator[str]:
    """An endless stream that repeats a question only after all the others (over a thousand)."""
    questions = policy_questions(root)
    start = random.Random(seed).randrange(len(questions))
    return itertools.cycle(questions[start:] + questions[:start])
