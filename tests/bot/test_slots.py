"""The slot and form names written once in bot/slots.py are the ones domain.yml declares."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot import slots

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))


def _declared(prefix: str) -> set[str]:
    names = vars(slots).items()
    return {value for name, value in names if name.startswith(prefix) and isinstance(value, str)}


def test_every_intake_and_status_slot_is_declared_in_the_domain() -> None:
    names = _declared("INTAKE_") | _declared("STATUS_") | {slots.HANDOFF_REASON}
    names -= {slots.INTAKE_FORM, slots.STATUS_FORM}
    assert names <= set(DOMAIN["slots"])


def test_every_domain_slot_of_the_flows_has_a_name_here() -> None:
    flow_slots = {name for name in DOMAIN["slots"] if name.startswith(("intake_", "status_", "handoff_"))}
    assert flow_slots <= _declared("INTAKE_") | _declared("STATUS_") | {slots.HANDOFF_REASON}


def test_both_forms_are_declared_in_the_domain() -> None:
    assert set(slots.FORMS) == set(DOMAIN["forms"])
