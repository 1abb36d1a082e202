"""`make eval`, blind part: how the assistant does on eval/blind/, written without seeing the training data.

For each language it prints policy answer accuracy (every fact group of the question present in the
reply the person would see), goal accuracy with the confusions that matter, out-of-scope recall and
the in-scope decline rate. The model runs in-process; the reply to a policy question is built by the
same code the assistant uses (FAQ answer text, or the cited passage the fallback action would quote).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_policy import FALLBACK, OOS, load_answers, newest_model, predicted_label, quiet_rasa  # noqa: E402

from actions.policy import leans_out_of_scope, torn_request  # noqa: E402
from bot.intake import extraction, flow  # noqa: E402
from bot.intake.multi_part import extra_topics  # noqa: E402
from bot.intake.right_question import asks_for_own_request  # noqa: E402
from bot.intake.speech import speaking  # noqa: E402
from bot.intake.third_party import is_third_party  # noqa: E402
from bot.language import detect_language  # noqa: E402
from bot.multi_part_nlg import faq_ranking  # noqa: E402
from bot.policy_text import PolicyIndex, quote_passage  # noqa: E402

BLIND = ROOT / "eval" / "blind"
ASKED = "ask_or_use"
LANGUAGES = ("zh", "en")
TARGETS = {
    "answers_zh": 0.92,
    "answers_en": 0.85,
    "goals": 0.93,
    "oos_recall": 0.95,
    "in_scope_declined": 0.03,
}


@dataclass(frozen=True)
class Reply:
    """What the person would get for one message: the label acted on and the text shown."""

    text_in: str
    lang: str
    expected: str
    predicted: str
    reply: str


def load(folder: Path, name: str, key: str) -> list[dict[str, Any]]:
    return list(yaml.safe_load((folder / name).read_text(encoding="utf-8"))[key])


def goal_of(predicted: str) -> str:
    """faq/<topic> counts as the goal `faq`."""
    return "faq" if predicted.startswith("faq/") else predicted


async def answer_all(model: Path, texts: list[str]) -> list[tuple[str, str]]:
    """(label acted on, reply text) per message."""
    from rasa.core.agent import Agent

    quiet_rasa()
    agent = Agent.load(str(model))
    index = PolicyIndex.load()
    answers = load_answers(ROOT / "data" / "nlu" / "faq.yml", "zh")
    english = load_answers(ROOT / "data" / "nlu" / "faq.yml", "en")
    out = []
    for typed in texts:
        parse = await agent.parse_message(typed)
        text = str(parse.get("text") or typed)  # as the actions read it (pinyin and traditional script read)
        label, _ = predicted_label(parse)
        label = as_the_actions_act(label, text)
        reply = ""
        if label in answers:
            shown = english if detect_language(text) == "en" else answers
            ranking = faq_ranking(parse)  # the other parts of a multi-part question (bot/multi_part_nlg.py)
            extra = extra_topics(text, ranking) if ranking and ranking[0][0] == label else []
            reply = "\n\n".join(str(shown[topic]["text"]) for topic in [label, *extra] if topic in shown)
        elif label.startswith("request_"):
            reply = opening_of(text, label, float((parse.get("intent") or {}).get("confidence") or 0.0))
        elif label == FALLBACK and torn_request(parse.get("intent_ranking") or []):
            label = ASKED  # ActionPolicyFallback asks "the policy, or the request?" (counted as a miss)
        elif label == FALLBACK:
            result = index.search(text)
            if result.confident and result.best is not None:
                label, reply = "faq/passage", quote_passage(index.document, result.best.passage)
            elif is_third_party(text) or leans_out_of_scope(parse.get("intent_ranking") or []):
                label = OOS  # ActionPolicyFallback declines someone else's data, and an unsure OOS guess
        out.append((label, reply))
    return out


def opening_of(text: str, label: str, confidence: float) -> str:
    """The request form's first message (bot/intake/opening.py): it carries section 7's route."""
    with speaking(detect_language(text) or "zh"):
        return "\n\n".join(reply.text for reply in flow.begin(text, label, confidence).replies)


def as_the_actions_act(label: str, text: str) -> str:
    """What the assistant does after NLU: the policy fallback and the decline start the request form for a
    request about the person's own data that the classifier missed, and a request about someone else's data
    is refused (actions/policy.py, actions/intake.py, bot/intake/flow.py)."""
    third_party = is_third_party(text)
    if third_party and label.startswith("request_"):
        return OOS  # the form's first step refuses someone else's data (bot/intake/flow.py)
    if label in (FALLBACK, OOS) and not third_party and asks_for_own_request(text):
        kind = extraction.detect_request_type(text)
        return f"request_{kind}" if kind else "request_form"
    return label


def facts_present(reply: str, groups: list[list[str]]) -> bool:
    """Every group has at least one alternative in the reply (case-insensitive)."""
    lowered = reply.lower()
    return bool(groups) and all(any(alt.lower() in lowered for alt in group) for group in groups)


def ratio(hits: int, total: int) -> float:
    return hits / total if total else float("nan")


def summarise(
    policy: list[dict[str, Any]], policy_replies: list[Reply], goals: list[Reply], oos: list[Reply]
) -> dict[str, Any]:
    report: dict[str, Any] = {}
    for lang in LANGUAGES:
        pairs = [(q, r) for q, r in zip(policy, policy_replies, strict=True) if q["lang"] == lang]
        answerable = [(q, r) for q, r in pairs if q["answerable"]]
        in_scope = [r for _, r in pairs]
        unanswerable = [r for q, r in pairs if not q["answerable"]]
        lang_goals = [g for g in goals if g.lang == lang]
        lang_oos = [o for o in oos if o.lang == lang] + [g for g in lang_goals if g.expected == OOS]
        report[lang] = {
            "answers": ratio(sum(facts_present(r.reply, q["facts"]) for q, r in answerable), len(answerable)),
            "answerable": len(answerable),
            "in_scope_declined": ratio(sum(r.predicted == OOS for r in in_scope), len(in_scope)),
            "unanswerable_declined": ratio(sum(r.predicted == OOS for r in unanswerable), len(unanswerable)),
            "goals": ratio(sum(goal_of(g.predicted) == g.expected for g in lang_goals), len(lang_goals)),
            "goal_count": len(lang_goals),
            "oos_recall": ratio(sum(o.predicted == OOS for o in lang_oos), len(lang_oos)),
            "oos_count": len(lang_oos),
        }
    report["goals_all"] = ratio(sum(goal_of(g.predicted) == g.expected for g in goals), len(goals))
    report["confusion"] = {
        f"{e} -> {p}": n
        for (e, p), n in Counter((g.expected, goal_of(g.predicted)) for g in goals).most_common()
        if e != p
    }
    return report


GATED = ("answers", "goals", "oos_recall")  # higher is better
GATED_LOWER = ("in_scope_declined",)  # lower is better
SLACK = 0.01  # about two or three questions of the Chinese part may flip before the gate fails
BASELINE = ROOT / "reports" / "nlu" / "blind_baseline.json"


def evaluate(model: Path, folder: Path, lang: str | None = None) -> tuple[dict[str, Any], list[Reply]]:
    """Run one set through the model: the report (per language) and every reply."""
    keep = (lambda item: item["lang"] == lang) if lang else (lambda item: True)
    policy = [q for q in load(folder, "policy_questions.yml", "questions") if keep(q)]
    goals = [g for g in load(folder, "goals.yml", "goals") if keep(g)]
    oos = [o for o in load(folder, "out_of_scope.yml", "out_of_scope") if keep(o)]
    results = asyncio.run(answer_all(model, [str(i["text"]) for i in policy + goals + oos]))
    expected = ["faq"] * len(policy) + [g["goal"] for g in goals] + [OOS] * len(oos)
    replies = [
        Reply(str(item["text"]), item["lang"], goal, label, reply)
        for item, goal, (label, reply) in zip(policy + goals + oos, expected, results, strict=True)
    ]
    report = summarise(
        policy,
        replies[: len(policy)],
        replies[len(policy) : len(policy) + len(goals)],
        replies[len(policy) + len(goals) :],
    )
    report["model"] = str(model)
    return report, replies


def gate_failures(baseline: dict[str, Any], current: dict[str, Any], lang: str = "zh") -> list[str]:
    """Figures of `lang` that fell more than SLACK below the committed baseline."""
    failures = []
    for key in GATED:
        if current[lang][key] < baseline[lang][key] - SLACK:
            failures.append(f"{lang} {key}: {baseline[lang][key]:.3f} -> {current[lang][key]:.3f}")
    for key in GATED_LOWER:
        if current[lang][key] > baseline[lang][key] + SLACK:
            failures.append(f"{lang} {key}: {baseline[lang][key]:.3f} -> {current[lang][key]:.3f}")
    return failures


def print_report(report: dict[str, Any], title: str) -> None:
    print(title)
    print(f"{'':24}{'zh':>8}{'en':>8}   target")
    rows = [
        ("policy answers (facts)", "answers", "≥0.92 / ≥0.85"),
        ("goals", "goals", "≥0.93"),
        ("out-of-scope recall", "oos_recall", "≥0.95"),
        ("in-scope declined", "in_scope_declined", "≤0.03"),
        ("unanswerable declined", "unanswerable_declined", ""),
    ]
    for name, key, target in rows:
        cells = "".join(f"{report[lang][key]:8.3f}" if lang in report else f"{'-':>8}" for lang in LANGUAGES)
        print(f"{name:24}{cells}   {target}")
    print(f"goals, both languages: {report['goals_all']:.3f}")
    print("goal confusions (expected -> predicted: count):")
    for pair, count in list(report["confusion"].items())[:12]:
        print(f"  {pair}: {count}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="model .tar.gz (default: newest in models/)")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "eval")
    parser.add_argument(
        "--set", type=Path, default=BLIND, help="eval/blind (reported) or eval/dev (tuned on)"
    )
    parser.add_argument("--lang", choices=LANGUAGES, help="only this language")
    parser.add_argument("--baseline", action="store_true", help=f"write the figures to {BASELINE.name}")
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    model = args.model or newest_model(ROOT / "models")
    report, replies = evaluate(model, args.set, args.lang)
    args.out.mkdir(parents=True, exist_ok=True)
    name = args.set.resolve().name
    (args.out / f"{name}_eval.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    (args.out / f"{name}_replies.json").write_text(
        json.dumps([asdict(r) for r in replies], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print_report(report, f"set eval/{name}, model {model}")
    if args.baseline:
        BASELINE.parent.mkdir(parents=True, exist_ok=True)
        BASELINE.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"baseline written: {BASELINE.relative_to(ROOT)}")
    print(f"written: {args.out / (name + '_eval.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
