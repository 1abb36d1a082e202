"""The pure parts of `scripts/nlu_report.py`: the faster CV config and reading Rasa's reports."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from tests.support.scripts import load_script


@pytest.fixture(scope="module")
def cli() -> ModuleType:
    return load_script("nlu_report.py", "nlu_report")


def test_fast_config_lowers_epochs_and_drops_policies(cli: ModuleType, tmp_path: Path) -> None:
    config = tmp_path / "config.yml"
    config.write_text(
        "language: zh\npipeline:\n- name: JiebaTokenizer\n- name: DIETClassifier\n  epochs: 80\n"
        "- name: ResponseSelector\n  epochs: 20\npolicies:\n- name: TEDPolicy\n",
        encoding="utf-8",
    )
    fast = yaml.safe_load(cli.fast_config(config, 40))
    assert [c.get("epochs") for c in fast["pipeline"]] == [None, 40, 20]
    assert "policies" not in fast and fast["language"] == "zh"


def test_cv_figures_take_f1_per_intent_and_per_topic(cli: ModuleType, tmp_path: Path) -> None:
    intent = {"greet": {"f1-score": 0.9}, "faq": {"f1-score": 0.95}, "accuracy": 0.93,
              "weighted avg": {"f1-score": 0.92}}  # fmt: skip
    selection = {"faq/cookies": {"f1-score": 0.5}, "accuracy": 0.8, "weighted avg": {"f1-score": 0.7}}
    (tmp_path / "intent_report.json").write_text(json.dumps(intent), encoding="utf-8")
    (tmp_path / "response_selection_report.json").write_text(json.dumps(selection), encoding="utf-8")
    f1, overall = cli.cv_figures(tmp_path)
    assert f1 == {"greet": 0.9, "faq": 0.95, "faq/cookies": 0.5}
    assert overall == {
        "intent_accuracy": 0.93, "intent_weighted_f1": 0.92,
        "response_selection_accuracy": 0.8, "response_selection_weighted_f1": 0.7,
    }  # fmt: skip
    assert cli.cv_figures(None) == ({}, {})
