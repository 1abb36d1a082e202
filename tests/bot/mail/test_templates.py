"""Every template renders in Chinese, plain and HTML, with escaping in HTML only."""

from __future__ import annotations

import pytest

from bot.mail.templates import RECOURSE, SUBJECTS, render

CONTEXTS = {
    "verification_code": {"code": "123456", "minutes": 10},
    "ticket_received": {
        "name": "张三",
        "ticket_id": "DSR-7K3M9Q",
        "type_text": "删除个人信息",
        "due_date": "2026年3月23日",
    },
    "status_changed": {
        "name": "张三",
        "ticket_id": "DSR-7K3M9Q",
        "type_text": "删除个人信息",
        "status": "in_progress",
        "status_text": "处理中",
        "due_date": "2026年3月23日",
    },
    "ticket_rejected": {
        "name": "张三",
        "ticket_id": "DSR-7K3M9Q",
        "type_text": "删除个人信息",
        "reason_text": "涉及商业秘密",
        "explanation": None,
    },
    "ticket_completed": {"name": "张三", "ticket_id": "DSR-7K3M9Q", "type_text": "删除个人信息"},
    "filing_failed": {
        "name": "张三",
        "type_text": "删除个人信息",
        "reason_text": "邮箱验证在提交前已失效",
        "contact_email": "business@megvii.com",
    },
}


def test_every_template_has_a_context_here() -> None:
    """Adding a template without a test fails this test."""
    assert set(CONTEXTS) == set(SUBJECTS)


@pytest.mark.parametrize("template", sorted(CONTEXTS))
def test_renders_subject_text_and_html(template: str) -> None:
    """Subject and both bodies are non-empty Chinese; ids appear where given."""
    mail = render(template, CONTEXTS[template])
    assert "旷视" in mail.subject and "\n" not in mail.subject
    assert "<html" in mail.html and "<html" not in mail.text
    if "ticket_id" in CONTEXTS[template]:
        assert "DSR-7K3M9Q" in mail.subject and "DSR-7K3M9Q" in mail.text


def test_missing_variable_is_an_error() -> None:
    """StrictUndefined: a forgotten variable never becomes a blank in a legal email."""
    with pytest.raises(Exception, match="due_date"):
        render("ticket_received", {"name": "张三", "ticket_id": "DSR-7K3M9Q", "type_text": "x"})


def test_html_escapes_user_text_and_text_keeps_it() -> None:
    """A name with markup cannot inject HTML."""
    mail = render("ticket_completed", {**CONTEXTS["ticket_completed"], "name": "<b>张</b>"})
    assert "&lt;b&gt;" in mail.html and "<b>张</b>" in mail.text


def test_rejection_carries_recourse_and_explanation() -> None:
    """Reason, free-text explanation and the right to complain or sue."""
    mail = render("ticket_rejected", {**CONTEXTS["ticket_rejected"], "explanation": "请求超出合理限度"})
    assert "涉及商业秘密" in mail.text and "请求超出合理限度" in mail.text
    assert RECOURSE in mail.text and "人民法院" in mail.html


@pytest.mark.parametrize("language", ["zh", "en"])
def test_filing_failed_says_why_and_what_to_do(language: str) -> None:
    """Not filed, in plain words why, and the way forward: file again or write to the privacy contact."""
    mail = render("filing_failed", {**CONTEXTS["filing_failed"], "reason_text": "WHY"}, language)
    assert ("could not be filed" if language == "en" else "未能提交") in mail.subject
    for body in (mail.text, mail.html):
        assert "WHY" in body and "business@megvii.com" in body
        assert ("again" if language == "en" else "重新提交") in body
