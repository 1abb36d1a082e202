"""Where the training tools look by default, relative to the repository root."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path("data")
NLU_DIR = Path("data/nlu")
DOMAIN = Path("domain.yml")
# The policy engineer's FAQ / out-of-scope set, and ours for the other intents.
HELDOUT_FILES = (Path("eval/heldout/policy.yml"), Path("eval/heldout/intents.yml"))
# Written blind from the policy text: `blind` is reported, `dev` is what thresholds are tuned on
# (eval/blind/README.md).
EVALUATION_DIRS = (
    Path("eval/blind"),
    Path("eval/dev"),
    Path("eval/dev2"),
    Path("eval/dev3"),
    Path("eval/dev4"),
    Path("eval/dev5"),
    Path("eval/dev6"),
    Path("eval/dev7"),
    Path("eval/dev8"),
    Path("eval/dev9"),
)
REPORT_DIR = Path("reports/nlu")
BASELINE = REPORT_DIR / "baseline.json"
MODEL = Path("models/current.tar.gz")
