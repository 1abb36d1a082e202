"""`make eval-conversations`: the share of scripted request conversations that end as the person wanted.

Starts the real stack (SMTP sink, backend, action server, Rasa) on free ports with a var/ of its own, plays
each conversation over REST with tests/support/conversation_player.py, and writes every transcript and
problem to reports/eval/conversations.json. Defaults to all three sets: eval/blind/conversations.yml
(frozen, aggregate figures only: its failures are not printed), eval/dev/conversations.yml and
eval/dev2/conversations.yml (for tuning, failures printed); `--set dev` plays one set, FILES others.
`make eval` ends with these shares.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.conversation_player import ConversationPlayer, share_ok  # noqa: E402
from tests.support.conversation_script import load_conversations  # noqa: E402
from tests.support.services import Stack, ensure_model  # noqa: E402

SETS = ("blind", "dev", "dev2")


def set_file(name: str) -> Path:
    """The conversation file of an eval set (eval/NAME/conversations.yml)."""
    return ROOT / "eval" / name / "conversations.yml"


REPORT = ROOT / "reports" / "eval" / "conversations.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--set", dest="sets", action="append", choices=SETS, help="eval/SET, repeatable")
    parser.add_argument("--only", help="play only conversations whose id contains this")
    parser.add_argument("--report", type=Path, default=REPORT)
    args = parser.parse_args(argv)
    if not args.files:
        args.files = [set_file(name) for name in args.sets or SETS]
    tag = uuid.uuid4().hex[:6]
    scripts = {
        path: [c for c in load_conversations(path, tag=tag) if not args.only or args.only in c.id]
        for path in args.files
    }
    ensure_model()
    with tempfile.TemporaryDirectory(prefix="eval-conv-") as var:
        stack = Stack.create(Path(var))
        try:
            stack.start_all()
            player = ConversationPlayer(stack)
            results = {}
            for path, conversations in scripts.items():
                outcomes = [player.play(conversation) for conversation in conversations]
                frozen = path.resolve() == set_file("blind").resolve()
                for outcome in outcomes:
                    if not outcome.ok and not frozen:  # the blind set's failures are never read or tuned on
                        print(outcome.report(), end="\n\n", flush=True)
                share = share_ok(outcomes)
                name = str(path.resolve().relative_to(ROOT))
                ended = f"{sum(o.ok for o in outcomes)}/{len(outcomes)} = {share:.2f}"
                print(f"{name}: {ended} ended as the person wanted (target >= 0.95)", flush=True)
                results[name] = {
                    "share_ok": share,
                    "conversations": [
                        {
                            "id": o.conversation_id,
                            "ok": o.ok,
                            "problems": o.problems,
                            "transcript": o.transcript,
                        }
                        for o in outcomes
                    ],
                }
        finally:
            stack.stop_all()
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
