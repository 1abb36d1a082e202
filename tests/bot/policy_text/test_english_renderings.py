"""The English renderings (#19) cover every passage and FAQ answer, cite alike and keep every checkable fact.

"Facts" are what a reader could act on and a translator could mistype: numbers, email addresses, the phone
number, web addresses, dates and ISO standard names. They must be the same set in the Chinese and the English
text, so a fact can be neither dropped nor invented; dates compare as values (2021年5月7日 = 7 May 2021).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.policy_text import Passage, load_policy, section_label, split_passages
from bot.tickets.english import MONTHS

ROOT = Path(__file__).resolve().parents[3]
PASSAGES_EN_FILE = ROOT / "data" / "policy" / "passages.en.yml"
FAQ_FILE = ROOT / "data" / "nlu" / "faq.yml"

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WEB_ADDRESS = re.compile(r"www\.[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+\d{1,3} \d+(?:-\d+)+")
ISO_NAME = re.compile(r"ISO ?\d{4,5}")
ZH_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
EN_DATE = re.compile(rf"(\d{{1,2}}) ({'|'.join(MONTHS)}) (\d{{4}})")
NUMBER = re.compile(r"\d+")
CJK = re.compile(r"[\u3400-\u9fff]")
PARENTHESISED = re.compile(r"\([^()]*\)")


def facts(text: str) -> set[str]:
    """Every checkable fact in `text`, tagged by kind; dates as `date:7 May 2021` whichever language."""
    found: set[str] = set()
    for kind, pattern in (("email", EMAIL), ("web", WEB_ADDRESS), ("phone", PHONE), ("iso", ISO_NAME)):
        found |= {f"{kind}:{m}" for m in pattern.findall(text)}
        text = pattern.sub(" ", text)
    for year, month, day in ZH_DATE.findall(text):
        found.add(f"date:{int(day)} {MONTHS[int(month) - 1]} {year}")
    for day, month, year in EN_DATE.findall(text):
        found.add(f"date:{int(day)} {month} {year}")
    text = EN_DATE.sub(" ", ZH_DATE.sub(" ", text))
    return found | {f"number:{n}" for n in NUMBER.findall(text)}


def english_part(text: str) -> str:
    """The text without bracketed Chinese (names, the address, the citation's Chinese section name).

    Facts are counted here: the bracketed Chinese address cannot stand in for a number the English dropped.
    """
    return PARENTHESISED.sub(lambda m: " " if CJK.search(m.group()) else m.group(), text)


def _yaml(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


PASSAGES = {p.id: p for p in split_passages(load_policy())}
EN = _yaml(PASSAGES_EN_FILE)
EN_PASSAGES: dict[str, str] = EN["passages"]
EN_CONDITION = [{"type": "slot", "name": "language_preference", "value": "en"}]


def _unconditioned(variants: list[dict[str, Any]]) -> dict[str, Any]:
    return next(v for v in variants if not v.get("condition"))


def _english(variants: list[dict[str, Any]]) -> dict[str, Any]:
    """The variation an English conversation gets (its detected-language twin carries the same text)."""
    chosen = next(v for v in variants if v.get("condition") == EN_CONDITION)
    twins = [v for v in variants if v.get("condition") and v is not chosen]
    assert all(twin["text"] == chosen["text"] for twin in twins)
    return chosen


_RESPONSES = _yaml(FAQ_FILE)["responses"]
ZH_ANSWERS = {name: _unconditioned(variants) for name, variants in _RESPONSES.items()}
EN_ANSWERS = {name: _english(v) for name, v in _RESPONSES.items() if name.startswith("utter_faq/")}


def _section_key(passage: Passage) -> str:
    """`c7` for `c7-4`, `c3` for `c3.2-5`, `preface`, `history`: the key of the `sections` table."""
    return passage.id.rsplit("-", 1)[0].split(".")[0]


def expected_citation(passage_ids: list[str]) -> str:
    """The English citation line: section named in English and in Chinese, the Chinese text authoritative."""
    passage = PASSAGES[passage_ids[0]]
    section = EN["sections"][_section_key(passage)]
    where = f'"{section["en"]}"'
    if "numeral" in section:  # the nine chapters; the preface and the version history have none
        where = f"section {section['numeral']} {where}"
    return (
        f"— From {EN['policy']['cited_as']}, {where} ({section_label(passage)}), "
        f"{EN['policy']['version_label']}; {EN['policy']['authoritative']}."
    )


def test_every_passage_has_an_english_rendering_and_none_is_extra() -> None:
    assert set(EN_PASSAGES) == set(PASSAGES)


def test_every_faq_answer_has_an_english_rendering_and_none_is_extra() -> None:
    assert set(EN_ANSWERS) == set(ZH_ANSWERS)


def test_every_section_subsection_and_heading_has_an_english_name() -> None:
    sections, headings = EN["sections"], EN["headings"]
    for passage in PASSAGES.values():
        assert sections[_section_key(passage)]["zh"] == passage.section_title, passage.id
        if passage.subsection_no is not None:
            assert sections[passage.id.split("-")[0]]["zh"] == passage.subsection_title, passage.id
        if passage.heading:
            assert headings[passage.heading], passage.id


def test_version_in_english_names_the_version_of_the_chinese_text() -> None:
    policy = load_policy()
    assert EN["policy"]["version"] == policy.version.isoformat()
    assert EN["policy"]["title_zh"] == policy.title
    assert facts(EN["policy"]["version_label"]) == facts(policy.version_label)


@pytest.mark.parametrize("passage_id", sorted(PASSAGES))
def test_passage_keeps_every_fact(passage_id: str) -> None:
    assert facts(english_part(EN_PASSAGES[passage_id])) == facts(PASSAGES[passage_id].text)


@pytest.mark.parametrize("passage_id", sorted(PASSAGES))
def test_passage_is_english_apart_from_chinese_names_in_brackets(passage_id: str) -> None:
    assert not CJK.search(english_part(EN_PASSAGES[passage_id]))


@pytest.mark.parametrize("name", sorted(ZH_ANSWERS))
def test_answer_cites_the_same_passages_and_offers_the_same_buttons(name: str) -> None:
    chinese, english = ZH_ANSWERS[name], EN_ANSWERS[name]
    assert english["metadata"]["passages"] == chinese["metadata"]["passages"]
    payloads = [[b["payload"] for b in answer.get("buttons", [])] for answer in (english, chinese)]
    assert payloads[0] == payloads[1]


@pytest.mark.parametrize("name", sorted(ZH_ANSWERS))
def test_answer_ends_with_the_english_citation_of_its_section(name: str) -> None:
    english = EN_ANSWERS[name]
    ids = english["metadata"]["passages"]
    assert len({_section_key(PASSAGES[i]) for i in ids}) == 1, "one citation line names one section"
    assert english["text"].rsplit("\n", 1)[-1] == expected_citation(ids)


@pytest.mark.parametrize("name", sorted(ZH_ANSWERS))
def test_answer_keeps_every_fact(name: str) -> None:
    assert facts(english_part(EN_ANSWERS[name]["text"])) == facts(ZH_ANSWERS[name]["text"])


@pytest.mark.parametrize("name", sorted(ZH_ANSWERS))
def test_answer_body_is_english_apart_from_chinese_names_in_brackets(name: str) -> None:
    body = EN_ANSWERS[name]["text"].rsplit("\n", 1)[0]
    assert not CJK.search(english_part(body))


def test_facts_are_found_in_both_languages_and_a_changed_fact_is_caught() -> None:
    chinese = "2020年12月24日版：邮件 business@megvii.com，电话 +86 400-6700-866，ISO 27701，不满 14 周岁"
    english = "24 December 2020: email business@megvii.com, phone +86 400-6700-866, ISO 27701, under 14"
    assert (
        facts(chinese)
        == facts(english)
        == {
            "date:24 December 2020",
            "email:business@megvii.com",
            "phone:+86 400-6700-866",
            "iso:ISO 27701",
            "number:14",
        }
    )
    assert facts(english.replace("27701", "27001")) != facts(chinese)
    assert facts(english.replace("24 December", "14 December")) != facts(chinese)
