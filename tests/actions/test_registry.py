"""The action server offers exactly the custom actions the domain names (abstract bases are not actions)."""

from __future__ import annotations

from pathlib import Path

import yaml
from rasa_sdk.executor import ActionExecutor

ROOT = Path(__file__).resolve().parents[2]


def test_every_custom_action_in_the_domain_is_served_and_no_base_class_is() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    wanted = {a for a in domain["actions"] if a.startswith(("action_", "validate_"))}
    executor = ActionExecutor()
    executor.register_package("actions")
    served = set(executor.actions)
    assert wanted <= served, f"domain actions nobody serves: {sorted(wanted - served)}"
    owners = {type(run.__self__).__name__ for run in executor.actions.values()}
    assert "CodeCheckingForm" not in owners and "ValidateIntakeForm" in owners
    assert {"validate_intake_form", "validate_status_form"} <= served
