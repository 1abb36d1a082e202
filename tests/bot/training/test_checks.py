"""The data checks catch what confuses the model and name the file and the example."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.training import checks, heldout, nludata

FAQ = """\
version: "3.1"
nlu:
- intent: faq/cookies
  examples: |
    - 你们用cookie吗
    - 网站会放Cookie吗？
- intent: faq/dnt
  examples: |
    - 支持Do Not Track吗
responses:
  utter_faq/cookies:
  - text: "我们使用Cookie。\\n——出自《旷视个人信息与隐私保护政策》第三章，2021年5月7日版"
  utter_faq/dnt:
  - text: "浏览器的Do Not Track。"
"""
BASICS = """\
version: "3.1"
nlu:
- intent: greet
  examples: |
    - 你好
    - 您好！
- intent: stop
  examples: |
    - 不要了，取消这个申请吧
    - 你们用COOKIE吗？
"""


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    (tmp_path / "nlu").mkdir()
    (tmp_path / "nlu" / "faq.yml").write_text(FAQ, encoding="utf-8")
    (tmp_path / "nlu" / "basics.yml").write_text(BASICS, encoding="utf-8")
    return tmp_path


def test_exact_duplicate_across_intents_names_both_places(data_dir: Path) -> None:
    data = nludata.load([data_dir])
    problems = checks.duplicate_examples(data.examples)
    assert len(problems) == 1
    message = str(problems[0])
    assert "basics.yml:10" in message and "faq.yml:5" in message
    assert "你们用COOKIE吗？" in message and "faq/cookies" in message and "stop" in message


def test_near_duplicate_by_one_character_is_found() -> None:
    examples = [
        nludata.Example("我想删除我在官网留下的个人信息", "request_deletion", Path("a.yml"), 3),
        nludata.Example("我想删掉我在官网留下的个人信息", "faq/deletion", Path("b.yml"), 7),
    ]
    problems = checks.duplicate_examples(examples)
    assert [p.where for p in problems] == ["b.yml:7"]
    assert "near-duplicate" in problems[0].message


def test_short_examples_that_differ_are_not_near_duplicates() -> None:
    examples = [
        nludata.Example("是的", "affirm", Path("a.yml"), 1),
        nludata.Example("是吧", "deny", Path("a.yml"), 2),
    ]
    assert checks.duplicate_examples(examples) == []


def test_same_example_twice_in_one_intent_is_not_flagged() -> None:
    examples = [
        nludata.Example("在吗", "greet", Path("a.yml"), 1),
        nludata.Example("在吗？", "greet", Path("a.yml"), 2),
    ]
    assert checks.duplicate_examples(examples) == []


def test_too_few_examples_for_intents_and_topics(data_dir: Path) -> None:
    data = nludata.load([data_dir])
    problems = checks.too_few_examples(data, ["greet", "faq", "request_access"])
    messages = [str(p) for p in problems]
    assert any("intent greet has 2 examples" in m and "basics.yml:5" in m for m in messages)
    assert any("intent request_access has 0 examples" in m for m in messages)
    assert any("faq/cookies has 2 examples; needs at least 12" in m for m in messages)
    assert not any("intent faq " in m for m in messages)


def test_thresholds_are_configurable(data_dir: Path) -> None:
    data = nludata.load([data_dir])
    limits = checks.Limits(min_intent_examples=2, min_topic_examples=1)
    assert checks.too_few_examples(data, ["greet", "stop"], limits) == []


def test_answer_without_citation_is_reported(data_dir: Path) -> None:
    data = nludata.load([data_dir])
    problems = checks.faq_answers(data)
    assert len(problems) == 1
    assert "utter_faq/dnt has no citation" in problems[0].message
    assert problems[0].where.endswith("faq.yml")


def test_topic_without_answer_and_answer_without_topic(data_dir: Path) -> None:
    data = nludata.load([data_dir])
    data.examples.append(nludata.Example("几岁算儿童", "faq/children", Path("x.yml"), 1))
    responses = {"utter_faq/orphan": ["——出自《旷视个人信息与隐私保护政策》"]}
    messages = [p.message for p in checks.faq_answers(data, responses)]
    assert "FAQ topic faq/children has no answer utter_faq/children" in messages
    assert "answer utter_faq/orphan has no training examples faq/orphan" in messages


def test_topic_without_heldout_question_and_leaked_question(data_dir: Path, tmp_path: Path) -> None:
    held = tmp_path / "heldout.yml"
    held.write_text(
        "- text: 网站的cookie是干嘛的\n  topic: cookies\n"
        "- text: 你们用cookie吗\n  topic: cookies\n"
        "- text: 未成年人怎么办\n  topic: minors\n",
        encoding="utf-8",
    )
    data = nludata.load([data_dir])
    cases = heldout.load([held])
    messages = [p.message for p in checks.heldout_coverage(data, cases, "heldout.yml")]
    assert "FAQ topic faq/dnt has no held-out question in heldout.yml" in messages
    assert any("你们用cookie吗" in m and "also a training example" in m for m in messages)
    assert any("unknown topic faq/minors" in m for m in messages)
    assert not any("faq/cookies has no held-out" in m for m in messages)


def test_clean_data_has_no_problems(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - 你好\n    - 早上好\n', encoding="utf-8"
    )
    data = nludata.load([tmp_path])
    problems = checks.run_all(
        data,
        intents=["greet"],
        domain_responses={},
        cases=[],
        heldout_name="h",
        limits=checks.Limits(min_intent_examples=2),
    )
    assert problems == []
