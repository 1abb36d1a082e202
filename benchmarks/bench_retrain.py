"""Retrain time after a one-line NLU change (#12: target ≤ 60 s), as a trainer sees it.

Copies `data/` to a scratch folder, adds one new greeting to the copy and runs `rasa train` on it from the
project folder, so Rasa's fingerprint cache (`.rasa/cache`) and the encoder's vector cache
(`.rasa/e5_vectors.npz`) are the ones `make train` left behind: only what the one line touches is redone.
The project's own `data/` and `models/` are not touched. Run `make train` first. Prints wall-clock seconds.
    .venv/bin/python benchmarks/bench_retrain.py
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GREETINGS = Path("nlu") / "basics.yml"
ANCHOR = "- intent: greet\n  examples: |\n"


def add_one_line(data: Path) -> str:
    """A greeting nobody trained on yet, inserted into the copy's greet examples."""
    line = f"    - 你好呀 {uuid.uuid4().hex[:6]}\n"
    path = data / GREETINGS
    text = path.read_text(encoding="utf-8")
    if ANCHOR not in text:
        raise SystemExit(f"bench_retrain: no greet block in {path}")
    path.write_text(text.replace(ANCHOR, ANCHOR + line, 1), encoding="utf-8")
    return line.strip()


def retrain_seconds(rasa: Path) -> float:
    with tempfile.TemporaryDirectory(prefix="bench-retrain-") as scratch:
        data, out = Path(scratch) / "data", Path(scratch) / "models"
        shutil.copytree(ROOT / "data", data)
        add_one_line(data)
        command = [str(rasa), "train", "--data", str(data), "--out", str(out), "--quiet"]
        started = time.monotonic()
        subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa", type=Path, default=ROOT / ".venv" / "bin" / "rasa")
    args = parser.parse_args()
    if not (ROOT / "models" / "current.tar.gz").exists():
        sys.exit("bench_retrain: run `make train` first (the cache it leaves is what is measured)")
    seconds = retrain_seconds(args.rasa)
    print(f"retrain after a one-line NLU change: {seconds:.1f} s (target ≤ 60 s)")


if __name__ == "__main__":
    main()
