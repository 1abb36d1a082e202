"""Citations in the house format, so every answer names the section and the version it comes from."""

from __future__ import annotations

from bot.policy_text.document import PolicyDocument
from bot.policy_text.passages import Passage


def section_label(passage: Passage) -> str:
    """第七章“您的个人信息权利”, or the bare name for the preface and the version history."""
    if passage.section_numeral is None:
        return f"“{passage.section_title}”"
    return f"第{passage.section_numeral}章“{passage.section_title}”"


def format_citation(document: PolicyDocument, passage: Passage) -> str:
    """——出自《旷视个人信息与隐私保护政策》第七章“您的个人信息权利”，2021年5月7日版"""
    return f"——出自《{document.title}》{section_label(passage)}，{document.version_label}"


def quote_passage(document: PolicyDocument, passage: Passage) -> str:
    """The passage verbatim in quotes (a list item with the sentence introducing it), then the citation."""
    body = passage.text
    if passage.heading and passage.kind == "bullet":
        body = f"{passage.heading}：{body}"
    if passage.lead:
        body = f"{passage.lead}……{body}"
    return f"政策原文是这样写的：\n“{body}”\n{format_citation(document, passage)}"
