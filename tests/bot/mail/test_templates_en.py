"""Every template has an English version: English subject, text and HTML, no Chinese left in them."""

from __future__ import annotations

import re

import pytest

from bot.mail.templates import RECOURSE_EN, SUBJECTS, SUBJECTS_EN, render

HAN = re.compile(r"[\u3400-\u9fff]")
CONTEXTS = {
    "verification_code": {"code": "123456", "minutes": 10},
    "ticket_received": {
        "name": "Alice Smith",
        "ticket_id": "DSR-7K3M9Q",
        "type_text": "deletion of personal information",
        "due_date": "23 March 2026",
    },
    "status_changed": {
        "name": "Alice Smith",
        "ticket_id": "DSR-7K3M9Q",
        "type_text": "deletion of personal information",
        "status": "awaiting_requester",
        "status_text": "waiting for more information from you",
        "due_date": "23 March 2026",
        "note": "Please tell us the user name of the account.",
    },
    "ticket_rejected": {
        "name": "Alice Smith",
        "ticket_id": "DSR-7K3M9Q",
        "type_text": "deletion of personal information",
        "reason_text": "it involves trade secrets",
        "explanation": None,
    },
    "ticket_completed": {"name": "Alice Smith", "ticket_id": "DSR-7K3M9Q", "type_text": "account closure"},
    "filing_failed": {
        "name": "Alice Smith",
        "type_text": "account closure",
        "reason_text": "your email check ran out before the request could be filed",
        "contact_email": "business@megvii.com",
    },
}


def test_every_template_has_an_english_subject() -> None:
    assert set(SUBJECTS_EN) == set(SUBJECTS) == set(CONTEXTS)


@pytest.mark.parametrize("template", sorted(CONTEXTS))
def test_english_mail_has_no_chinese(template: str) -> None:
    mail = render(template, CONTEXTS[template], "en")
    assert mail.subject.startswith("[Megvii Privacy Protection]")
    for part in (mail.subject, mail.text, mail.html):
        assert not HAN.search(part), part
    assert '<html lang="en">' in mail.html and "Megvii Privacy Protection Team" in mail.text


def test_english_rejection_gives_the_recourse_in_english() -> None:
    mail = render("ticket_rejected", CONTEXTS["ticket_rejected"], "en")
    assert RECOURSE_EN in mail.text and "bring a lawsuit" in mail.html


def test_chinese_stays_the_default() -> None:
    assert "旷视" in render("verification_code", CONTEXTS["verification_code"]).subject
