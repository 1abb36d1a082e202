"""The conversation scripts `make eval-conversations` plays: the held-out format is read as written."""

from __future__ import annotations

from pathlib import Path

from tests.support.conversation_player import Outcome, share_ok
from tests.support.conversation_script import load_conversations, unique_email

SCRIPT = """
version: 1
conversations:
  - id: c1
    lang: zh
    description: typo'd email, then the right one
    persona: {name: 王芳, email: wf@163.com, phone: null, scenario: recruitment, type: deletion}
    turns:
      - "我叫王芳 邮箱 wf@16.com"
      - "应该是 wf@163.com"
      - "{code}"
      - say: 嗯 提交吧
        reply_contains: [申请已提交]
    expect: {ticket: true, type: deletion, email: wf@163.com, phone: null, details_contains: [简历]}
  - id: c2
    persona: {name: 李四}
    turns: [帮我妈妈删数据]
    expect: {ticket: false, refusal: true}
"""


def test_held_out_format_is_read_with_every_email_made_unique(tmp_path: Path) -> None:
    path = tmp_path / "conversations.yml"
    path.write_text(SCRIPT, encoding="utf-8")
    first, second = load_conversations(path, tag="run1")
    assert first.persona.email == "wf+run1@163.com" == first.expect.email
    assert first.turns[0].say.endswith("wf+run1@16.com") and first.turns[1].say.endswith("wf+run1@163.com")
    assert first.turns[3].reply_contains == ("申请已提交",)
    assert first.persona.phone == "" and first.expect.phone == ""  # null: withheld, the ticket has none
    assert first.expect.details_contains == ("简历",)
    assert second.expect.flags == frozenset({"refusal"}) and not second.expect.ticket
    assert second.lang == "zh" and second.expect.phone is None


def test_without_a_tag_addresses_stay_as_written(tmp_path: Path) -> None:
    path = tmp_path / "conversations.yml"
    path.write_text(SCRIPT, encoding="utf-8")
    assert load_conversations(path)[0].persona.email == "wf@163.com"
    assert unique_email("a@b.com", "x") == "a+x@b.com"


def test_share_counts_conversations_without_problems() -> None:
    outcomes = [Outcome("a"), Outcome("b", problems=["no ticket"]), Outcome("c"), Outcome("d")]
    assert share_ok(outcomes) == 0.75 and share_ok([]) == 0.0


def test_both_eval_sets_have_a_conversation_file_the_player_reads() -> None:
    """`--set dev` / `--set blind` name real files, each read with at least one conversation."""
    from scripts.eval_conversations import SETS, set_file

    for name in SETS:
        conversations = load_conversations(set_file(name), tag="t")
        assert conversations and all(c.id and c.turns for c in conversations)
