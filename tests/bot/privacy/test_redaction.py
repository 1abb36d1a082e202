"""What the tracker store keeps of a turn: masked texts, sealed slot values, nothing else changed."""

from __future__ import annotations

import copy
import json
from typing import Any

from bot.crypto import FieldCipher
from bot.privacy.redaction import (
    NAME_TAG,
    SEALED_PREFIX,
    mask_text,
    requested_before,
    seal_events,
    unseal_event,
    withdraws,
)

CIPHER = FieldCipher("test-encryption-key")


def user(text: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"text": text, "intent": {"name": "inform"}}}


def slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


def seal(events: list[dict[str, Any]], requested: str | None = None) -> list[dict[str, Any]]:
    return seal_events(events, requested=requested, known=set(), encrypt=CIPHER.encrypt)


def test_email_phone_and_code_are_masked_in_typed_text() -> None:
    masked = mask_text("邮箱 zhang.san@example.com，手机 +86 138-0013-8000，验证码 482913")
    assert masked == "邮箱 zh***@example.com，手机 138****8000，验证码 [验证码]"


def test_answer_to_the_name_question_is_masked_whole() -> None:
    stored = seal([user("吴婷")], requested="intake_name")
    assert stored[0]["text"] == NAME_TAG and stored[0]["parse_data"]["text"] == NAME_TAG


def test_a_name_set_in_the_same_turn_is_masked_in_the_message_and_the_summary() -> None:
    events = [
        user("我叫吴婷，删除我的简历"),
        slot("intake_name", "吴婷"),
        {
            "event": "bot",
            "text": "姓名：吴婷\n请确认",
            "data": {"buttons": [{"title": "吴婷", "payload": "/affirm"}]},
        },
    ]
    stored = seal(events)
    assert "吴婷" not in str(stored)
    assert stored[0]["text"] == f"我叫{NAME_TAG}，删除我的简历"


def test_contact_slots_are_encrypted_and_come_back_on_load() -> None:
    stored = seal([slot("intake_email", "wu@example.com"), slot("intake_verification_token", "tok-1")])
    assert all(event["value"].startswith(SEALED_PREFIX) for event in stored)
    assert "wu@example.com" not in str(stored) and "tok-1" not in str(stored)
    loaded = [unseal_event(event, CIPHER.decrypt) for event in stored]
    assert [event["value"] for event in loaded] == ["wu@example.com", "tok-1"]


def test_other_slots_and_cleared_values_are_kept_as_they_are() -> None:
    events = [
        slot("intake_type", "deletion"),
        slot("intake_email", None),
        slot("requested_slot", "intake_name"),
    ]
    assert seal(events) == events


def test_originals_are_not_changed_so_the_running_turn_keeps_clear_values() -> None:
    said = user("wu@example.com 13812345678")
    said["parse_data"]["entities"] = [{"entity": "email", "value": "wu@example.com"}]
    asked = {
        "event": "bot",
        "text": "是 wu@example.com 吗",
        "data": {"buttons": [{"title": "wu@example.com", "payload": "/affirm"}]},
    }
    original = [said, slot("intake_email", "wu@example.com"), asked]
    before = copy.deepcopy(original)
    sealed = seal(original)
    assert original == before
    assert "wu@example.com" not in json.dumps(sealed, ensure_ascii=False)


def test_pending_question_follows_requested_slot_events() -> None:
    events = [slot("requested_slot", "intake_email"), slot("requested_slot", "intake_name")]
    assert requested_before(events) == "intake_name"
    batch = [user("吴婷"), slot("requested_slot", "intake_email"), user("不知道")]
    stored = seal(batch, requested="intake_name")
    assert [stored[0]["text"], stored[2]["text"]] == [NAME_TAG, "不知道"]


def test_a_cancel_or_a_declined_notice_withdraws_but_filing_does_not() -> None:
    assert withdraws([{"event": "action", "name": "action_cancel_intake"}])
    assert withdraws([slot("intake_outcome", "cancelled")])
    assert withdraws([slot("intake_outcome", "not_wanted")])
    assert not withdraws([slot("intake_outcome", "third_party"), {"event": "action", "name": "intake_form"}])


def test_client_metadata_is_masked_at_any_depth() -> None:
    event = {**user("你好"), "metadata": {"page": {"form": ["wu@example.com", 13800138000]}, "n": 1}}
    stored = seal([event])[0]
    assert stored["metadata"] == {"page": {"form": ["w***@example.com", 13800138000]}, "n": 1}


def traditional(typed: str, reading: str) -> dict[str, Any]:
    """A user event as Rasa stores it after bot/nlu/typed_text_reader.py read the message otherwise."""
    parse = {"text": reading, "typed_text": typed, "intent": {"name": "inform"}}
    return {"event": "user", "text": typed, "parse_data": parse}


def test_the_typed_text_kept_beside_the_reading_is_masked_too() -> None:
    stored = seal([traditional("電郵 chan.kayan@example.com", "电邮 chan.kayan@example.com")])
    assert "chan.kayan" not in json.dumps(stored, ensure_ascii=False)
    assert stored[0]["parse_data"]["typed_text"] == "電郵 ch***@example.com"


def test_a_typed_name_is_masked_whole_beside_the_reading() -> None:
    stored = seal([traditional("陳嘉欣", "陈嘉欣")], requested="intake_name")
    assert stored[0]["parse_data"]["typed_text"] == NAME_TAG and stored[0]["parse_data"]["text"] == NAME_TAG
