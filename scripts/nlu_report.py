"""`make nlu-report` and `make baseline`: held-out evaluation, cross-validation, and a summary that compares.

Writes reports/nlu/summary.md and last_run.json (committed), raw runs under reports/nlu/runs/ (not
committed). Cross-validation retrains three times, so its result is cached by a fingerprint of the NLU
data, the domain and the config: an unchanged data set is never retrained.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import yaml

from bot.settings import Settings
from bot.training import heldout, metrics, nludata
from bot.training.paths import BASELINE, DOMAIN, HELDOUT_FILES, MODEL, NLU_DIR, REPORT_DIR
from bot.training.report import RunSummary, render

AVERAGES = {"accuracy", "macro avg", "weighted avg", "micro avg"}


def fast_config(config_path: Path, epochs: int) -> str:
    """The project's NLU pipeline with fewer epochs and no dialogue policies, for cross-validation."""
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    for component in config.get("pipeline") or []:
        if "epochs" in component:
            component["epochs"] = min(int(component["epochs"]), epochs)
    config.pop("policies", None)
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def fingerprint(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:16]


def cross_validate(out: Path, folds: int, epochs: int) -> Path:
    """Run (or reuse) `rasa test nlu --cross-validation`; returns the directory with its reports."""
    config = fast_config(Path("config.yml"), epochs)
    files = nludata.training_files([NLU_DIR])
    key = fingerprint(
        config.encode(), DOMAIN.read_bytes(), str(folds).encode(), *(f.read_bytes() for f in files)
    )
    cv_dir = out / "runs" / "cv-cache" / key
    if (cv_dir / "intent_report.json").is_file():
        print(f"cross-validation: data unchanged, reusing {cv_dir}")
        return cv_dir
    cv_dir.mkdir(parents=True, exist_ok=True)
    (cv_dir / "config.yml").write_text(config, encoding="utf-8")
    command = [
        sys.executable, "-m", "rasa", "test", "nlu", "--cross-validation", "--folds", str(folds),
        "--config", str(cv_dir / "config.yml"), "--nlu", str(NLU_DIR), "--domain", str(DOMAIN),
        "--out", str(cv_dir),
    ]  # fmt: skip
    print(f"cross-validation: {folds} folds, {epochs} epochs (a few minutes) ...", flush=True)
    with (cv_dir / "cv.log").open("w") as log:
        subprocess.run(command, check=True, stdout=log, stderr=subprocess.STDOUT)
    return cv_dir


def cv_figures(cv_dir: Path | None) -> tuple[dict[str, float], dict[str, float]]:
    """Per-label F1 and the overall figures from Rasa's cross-validation reports."""
    if cv_dir is None:
        return {}, {}
    f1: dict[str, float] = {}
    overall: dict[str, float] = {}
    for name, prefix in (
        ("intent_report.json", "intent"),
        ("response_selection_report.json", "response_selection"),
    ):
        path = cv_dir / name
        if not path.is_file():
            continue
        report = json.loads(path.read_text(encoding="utf-8"))
        for label, row in report.items():
            if label not in AVERAGES and isinstance(row, dict) and (prefix == "intent" or "/" in label):
                f1[label] = float(row.get("f1-score", 0.0))
        overall[f"{prefix}_accuracy"] = float(report.get("accuracy", 0.0))
        overall[f"{prefix}_weighted_f1"] = float(report.get("weighted avg", {}).get("f1-score", 0.0))
    return f1, overall


async def evaluate_heldout(
    model: Path, cases: list[heldout.HeldOutCase], out_dir: Path
) -> list[metrics.Prediction]:
    """One model load: Rasa's own reports and charts, then our per-label predictions."""
    from rasa.nlu.test import run_evaluation

    from bot.nlu.rasa_parse import load_agent, predict_async

    out_dir.mkdir(parents=True, exist_ok=True)
    nlu_file = out_dir / "heldout_nlu.yml"
    nlu_file.write_text(heldout.to_rasa_nlu(cases), encoding="utf-8")
    agent = load_agent(model)
    await run_evaluation(str(nlu_file), agent.processor, output_directory=str(out_dir), errors=True,
                         domain_path=str(DOMAIN))  # fmt: skip
    return await predict_async(agent, cases)


def load_cases() -> list[heldout.HeldOutCase]:
    return [c for c in heldout.load(HELDOUT_FILES, nludata.domain_intents(DOMAIN)) if c.label]


def write_baseline(model: Path) -> int:
    """`make baseline`: the current model's held-out figures become the bar the gate holds."""
    from bot.nlu.rasa_parse import predict

    scores = metrics.score(predict(model, load_cases()))
    previous = metrics.load(BASELINE)
    metrics.save(scores, BASELINE)
    print(metrics.markdown_table(metrics.compare(previous, scores)))
    accuracy = scores[metrics.OVERALL].accuracy
    print(f"baseline written to {BASELINE}: held-out accuracy {accuracy:.1%}; commit it.")
    return 0


def report(model: Path, out: Path, *, folds: int, epochs: int, with_cv: bool) -> int:
    started = time.monotonic()
    run_dir = out / "runs" / time.strftime("%Y%m%d-%H%M%S")
    cases = load_cases()
    predictions = asyncio.run(evaluate_heldout(model, cases, run_dir / "heldout"))
    cv_dir = cross_validate(out, folds, epochs) if with_cv else None
    if cv_dir is not None:
        (run_dir / "cv").symlink_to(cv_dir.resolve())
    cv_f1, cv_overall = cv_figures(cv_dir)
    current = RunSummary(heldout=metrics.score(predictions), cv_f1=cv_f1, cv_overall=cv_overall)
    previous = RunSummary.read(out / "last_run.json")
    baseline = metrics.load(BASELINE)
    gate = metrics.gate_failures(baseline, current.heldout) if baseline else None
    header = (
        f"Run {run_dir.name}: model `{model}`, {len(cases)} held-out questions, "
        f"{len(nludata.load([NLU_DIR]).examples)} training examples."
    )
    summary = render(
        current=current, previous=previous, gate=gate, mistakes=[p for p in predictions if not p.correct],
        run_dir=str(run_dir), header=header,
    )  # fmt: skip
    (out / "summary.md").write_text(summary, encoding="utf-8")
    (run_dir / "summary.md").write_text(summary, encoding="utf-8")
    (out / "last_run.json").write_text(current.to_json(), encoding="utf-8")
    latest = out / "runs" / "latest"
    if latest.is_symlink():
        latest.unlink()
    latest.symlink_to(run_dir.name)
    overall = current.heldout[metrics.OVERALL]
    elapsed = time.monotonic() - started
    print(f"held-out accuracy {overall.accuracy:.1%} ({overall.correct}/{overall.total}); "
          f"report in {out / 'summary.md'}, charts in {latest} ({elapsed:.0f} s)")  # fmt: skip
    return 0


def main(settings: Settings, argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--out", type=Path, default=REPORT_DIR)
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--cv-epochs", type=int, default=settings.nlu_report_cv_epochs)
    parser.add_argument("--no-cv", action="store_true", help="held-out evaluation only")
    parser.add_argument("--baseline", action="store_true", help="write reports/nlu/baseline.json and stop")
    args = parser.parse_args(argv)
    if not args.model.is_file():
        print(f"no model at {args.model}; run `make train` first", file=sys.stderr)
        return 1
    if args.baseline:
        return write_baseline(args.model)
    return report(args.model, args.out, folds=args.folds, epochs=args.cv_epochs, with_cv=not args.no_cv)


if __name__ == "__main__":
    sys.exit(main(Settings.from_env(os.environ)))
