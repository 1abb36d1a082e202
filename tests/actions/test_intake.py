"""Request-form actions with the real domain, a CollectingDispatcher and an in-memory backend."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.intake import (
    Acknowledge,
    AskIntakeCode,
    AskIntakeName,
    CancelIntake,
    DeclineOutOfScope,
    SubmitIntake,
    ValidateIntakeForm,
)
from actions.intake_services import IntakeServices
from actions.status import AskStatusCode, ShowRequestStatus, ValidateStatusForm
from bot.chinese_script import TYPED_TEXT, to_simplified
from bot.crypto import FieldCipher
from bot.intake.pending import PendingStore
from tests.bot.intake.fakes import FakeBackend

ROOT = Path(__file__).resolve().parents[2]
DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text())
EMAIL = "wu.ting@example.com"


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


@pytest.fixture
def services(backend: FakeBackend, tmp_path: Path) -> IntakeServices:
    return IntakeServices(backend.client(), PendingStore(tmp_path / "pending.db", FieldCipher("k")))


def make_tracker(
    text: str,
    intent: str = "nlu_fallback",
    *,
    slots: dict[str, Any] | None = None,
    requested: str | None = None,
    form: str = "intake_form",
    activation: bool = False,
    after_digression: bool = False,
    confidence: float = 0.9,
) -> Tracker:
    parse = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []}
    events: list[dict[str, Any]] = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": parse, "input_channel": "rest"},
    ]
    if activation:
        events.append({"event": "active_loop", "name": form})
    if after_digression:
        events += [{"event": "action", "name": "utter_faq"}, {"event": "bot", "text": "答案"}]
    events += [
        {"event": "slot", "name": "requested_slot", "value": requested},
        {"event": "action", "name": form},
    ]
    return Tracker.from_dict(
        {
            "sender_id": "conv-1",
            "slots": {**(slots or {}), "requested_slot": requested},
            "latest_message": parse,
            "events": events,
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": form},
            "latest_action_name": form,
            "latest_input_channel": "rest",
        }
    )


def slot_sets(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


def texts_of(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(str(message.get("text") or message.get("response")) for message in dispatcher.messages)


FILLED = {
    "intake_type": "deletion",
    "intake_scenario": "recruitment",
    "intake_name": "吴婷",
    "intake_email": EMAIL,
    "intake_phone": "",
    "intake_details": "删除我的简历",
    "intake_run_id": "run-1",
    "intake_failures": {},
}


async def run_validation(
    services: IntakeServices, tracker: Tracker
) -> tuple[dict[str, Any], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = await ValidateIntakeForm(services).run(dispatcher, tracker, DOMAIN)
    return slot_sets(events), dispatcher


async def test_opening_message_fills_several_fields_and_asks_the_next(services: IntakeServices) -> None:
    tracker = make_tracker(f"我叫吴婷，邮箱 {EMAIL}，删除我的简历", "request_deletion", activation=True)
    slots, _ = await run_validation(services, tracker)
    assert slots["intake_name"] == "吴婷" and slots["intake_email"] == EMAIL
    assert slots["intake_type"] == "deletion" and slots["intake_scenario"] == "recruitment"
    assert slots["intake_details"] == "删除我的简历"
    assert slots["requested_slot"] == "intake_phone"


async def test_invalid_email_is_explained_and_asked_again(services: IntakeServices) -> None:
    filled = {**FILLED, "intake_email": None, "intake_phone": None, "intake_details": None}
    tracker = make_tracker("wu ting@example.com", slots=filled, requested="intake_email")
    slots, dispatcher = await run_validation(services, tracker)
    assert slots["intake_email"] is None and slots["requested_slot"] == "intake_email"
    assert "空格" in texts_of(dispatcher)


async def test_policy_question_mid_form_is_rejected_for_the_faq_rule(services: IntakeServices) -> None:
    tracker = make_tracker("你们会把我的数据传到国外吗？", "faq", requested="intake_name")
    assert await ValidateIntakeForm(services).run(CollectingDispatcher(), tracker, DOMAIN) == []


async def test_resuming_after_a_digression_does_not_reread_the_question(services: IntakeServices) -> None:
    tracker = make_tracker("我叫吴婷吗", "faq", requested="intake_name", after_digression=True)
    slots, _ = await run_validation(services, tracker)
    assert "intake_name" not in slots and slots["requested_slot"] == "intake_type"


async def test_third_party_opening_ends_the_form_and_nothing_is_sent(
    services: IntakeServices, backend: FakeBackend
) -> None:
    tracker = make_tracker(
        "帮我妈妈删除她的简历，她的邮箱是 mom@example.com", "request_deletion", activation=True
    )
    slots, dispatcher = await run_validation(services, tracker)
    assert slots["requested_slot"] is None and slots["intake_outcome"] == "third_party"
    assert "本人" in texts_of(dispatcher)
    submit = CollectingDispatcher()
    await SubmitIntake(services).run(submit, make_tracker("", slots=slots), DOMAIN)
    assert backend.calls == 0 and backend.sent == []


async def test_code_is_emailed_never_shown_and_then_verified(
    services: IntakeServices, backend: FakeBackend
) -> None:
    ask = CollectingDispatcher()
    events = await AskIntakeCode(services).run(
        ask, make_tracker("", slots=FILLED, requested="intake_code"), DOMAIN
    )
    code = backend.last_code(EMAIL)
    assert code not in texts_of(ask) and "wu***@example.com" in texts_of(ask)
    slots = {**FILLED, **slot_sets(events)}
    result, dispatcher = await run_validation(
        services, make_tracker(code, slots=slots, requested="intake_code")
    )
    assert result["intake_code"] == "verified" and result["intake_verification_token"]
    assert result["requested_slot"] == "intake_confirmed"
    assert code not in texts_of(dispatcher)


async def test_three_wrong_codes_offer_a_human(services: IntakeServices, backend: FakeBackend) -> None:
    events = await AskIntakeCode(services).run(CollectingDispatcher(), make_tracker("", slots=FILLED), DOMAIN)
    slots = {**FILLED, **slot_sets(events)}
    for _ in range(3):
        result, dispatcher = await run_validation(
            services, make_tracker("000000", slots=slots, requested="intake_code")
        )
        slots.update(result)
    assert "还可以再试 2 次" in texts_of(dispatcher)
    buttons = [button for message in dispatcher.messages for button in message.get("buttons") or []]
    assert {"title": "转人工客服", "payload": "/human_handoff"} in buttons
    assert slots.get("intake_code") is None and slots["intake_failures"] == {"intake_code": 3}


async def _verified_slots(services: IntakeServices, backend: FakeBackend) -> dict[str, Any]:
    events = await AskIntakeCode(services).run(CollectingDispatcher(), make_tracker("", slots=FILLED), DOMAIN)
    slots = {**FILLED, **slot_sets(events)}
    result, _ = await run_validation(
        services, make_tracker(backend.last_code(EMAIL), slots=slots, requested="intake_code")
    )
    return {**slots, **result, "intake_confirmed": True}


async def test_submit_files_shows_id_and_due_date_and_resets(
    services: IntakeServices, backend: FakeBackend
) -> None:
    slots = await _verified_slots(services, backend)
    dispatcher = CollectingDispatcher()
    events = await SubmitIntake(services).run(
        dispatcher, make_tracker("/affirm", "affirm", slots=slots), DOMAIN
    )
    (ticket_id,) = backend.tickets
    assert ticket_id in texts_of(dispatcher) and "2026年3月23日" in texts_of(dispatcher)
    assert backend.tickets[ticket_id]["channel"] == "rest"
    kept = slot_sets(events)
    assert kept.pop("recent_filing")["ticket_id"] == ticket_id  # a status check right after uses it
    assert all(value is None for value in kept.values())


async def test_submit_with_backend_down_keeps_the_request(
    services: IntakeServices, backend: FakeBackend
) -> None:
    slots = await _verified_slots(services, backend)
    backend.up = False
    dispatcher = CollectingDispatcher()
    await SubmitIntake(services).run(dispatcher, make_tracker("/affirm", "affirm", slots=slots), DOMAIN)
    assert "已安全保存" in texts_of(dispatcher) and services.store.count() == 1


async def test_cancel_says_nothing_was_filed_and_forgets(services: IntakeServices) -> None:
    dispatcher = CollectingDispatcher()
    events = await CancelIntake().run(dispatcher, make_tracker("算了", "stop", slots=FILLED), DOMAIN)
    assert "没有提交任何申请" in texts_of(dispatcher)
    assert slot_sets(events)["intake_name"] is None


async def test_cancel_after_the_code_was_sent_erases_the_challenge(
    services: IntakeServices, backend: FakeBackend
) -> None:
    slots = await _verified_slots(services, backend)
    dispatcher = CollectingDispatcher()
    await CancelIntake(services).run(dispatcher, make_tracker("算了 不弄了", "stop", slots=slots), DOMAIN)
    assert backend.withdrawn == [slots["intake_challenge_id"]]
    assert "没有提交任何申请" in texts_of(dispatcher)


async def test_cancel_while_the_backend_is_down_still_answers(
    services: IntakeServices, backend: FakeBackend
) -> None:
    slots = await _verified_slots(services, backend)
    backend.up = False
    dispatcher = CollectingDispatcher()
    await CancelIntake(services).run(dispatcher, make_tracker("算了", "stop", slots=slots), DOMAIN)
    assert "没有提交任何申请" in texts_of(dispatcher) and backend.withdrawn == []


async def test_status_check_shows_status_only_after_the_code(
    backend: FakeBackend, services: IntakeServices
) -> None:
    ticket_id = backend.add_ticket(EMAIL)
    opened = make_tracker(
        f"查一下 {ticket_id.lower()} 的进度", "check_request_status", form="status_form", activation=True
    )
    first = slot_sets(await ValidateStatusForm(services).run(CollectingDispatcher(), opened, DOMAIN))
    assert first["status_ticket_id"] == ticket_id and first["requested_slot"] == "status_code"
    ask = CollectingDispatcher()
    events = await AskStatusCode(services).run(ask, make_tracker("", slots=first, form="status_form"), DOMAIN)
    assert "received" not in texts_of(ask) and "已受理" not in texts_of(ask)
    slots = {**first, **slot_sets(events)}
    code_turn = make_tracker(
        backend.last_code(EMAIL), slots=slots, requested="status_code", form="status_form"
    )
    slots.update(slot_sets(await ValidateStatusForm(services).run(CollectingDispatcher(), code_turn, DOMAIN)))
    shown = CollectingDispatcher()
    await ShowRequestStatus().run(shown, make_tracker("", slots=slots, form="status_form"), DOMAIN)
    assert "已受理" in texts_of(shown) and "2026年3月23日" in texts_of(shown) and EMAIL not in texts_of(shown)


async def test_unknown_ticket_id_gets_the_same_answer(backend: FakeBackend, services: IntakeServices) -> None:
    real, unknown = CollectingDispatcher(), CollectingDispatcher()
    ticket_id = backend.add_ticket(EMAIL)
    for dispatcher, candidate in ((real, ticket_id), (unknown, "DSR-ZZZZZZ")):
        tracker = make_tracker("", slots={"status_ticket_id": candidate}, form="status_form")
        await AskStatusCode(services).run(dispatcher, tracker, DOMAIN)
    assert texts_of(real) == texts_of(unknown)


async def test_lost_ticket_id_points_to_the_confirmation_email(services: IntakeServices) -> None:
    tracker = make_tracker("我忘了申请编号", "check_request_status", form="status_form", activation=True)
    dispatcher = CollectingDispatcher()
    slots = slot_sets(await ValidateStatusForm(services).run(dispatcher, tracker, DOMAIN))
    assert slots["requested_slot"] is None and "确认邮件" in texts_of(dispatcher)


async def test_someone_elses_data_read_as_out_of_scope_is_told_who_can_ask() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("帮我妈妈删除她的信息", "out_of_scope", form="")
    await DeclineOutOfScope().run(dispatcher, tracker, DOMAIN)
    assert "本人" in texts_of(dispatcher) and "business@megvii.com" in texts_of(dispatcher)


async def test_other_out_of_scope_gets_the_usual_decline() -> None:
    dispatcher = CollectingDispatcher()
    await DeclineOutOfScope().run(dispatcher, make_tracker("今天天气如何", "out_of_scope", form=""), DOMAIN)
    assert dispatcher.messages[0]["response"] == "utter_out_of_scope"


async def test_a_yes_with_nothing_under_way_is_answered() -> None:
    dispatcher = CollectingDispatcher()
    await Acknowledge().run(dispatcher, make_tracker("好的", "affirm", form=""), DOMAIN)
    assert texts_of(dispatcher).strip()


async def test_no_prompt_while_our_cancel_question_is_open() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("算了", "stop", slots={"intake_pending": "cancel"}, requested="intake_name")
    assert await AskIntakeName().run(dispatcher, tracker, DOMAIN) == []
    assert dispatcher.messages == []


async def test_a_request_read_as_out_of_scope_starts_the_form() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("我想把我投的简历删了", "out_of_scope", form="")
    events = await DeclineOutOfScope().run(dispatcher, tracker, DOMAIN)
    assert [(event.get("event"), event.get("name")) for event in events] == [("followup", "intake_form")]
    assert dispatcher.messages == []


async def test_asking_to_switch_language_is_not_declined_as_out_of_scope() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("please answer in English", "out_of_scope", form="")
    await DeclineOutOfScope().run(dispatcher, tracker, DOMAIN)
    assert texts_of(dispatcher).startswith("Sure, I'll answer in English")


async def _file_here(services: IntakeServices, backend: FakeBackend) -> tuple[str, dict[str, Any]]:
    """File a request in conv-1; the slots the conversation keeps afterwards."""
    slots = await _verified_slots(services, backend)
    events = await SubmitIntake(services).run(
        CollectingDispatcher(), make_tracker("对，提交吧", "affirm", slots=slots), DOMAIN
    )
    (ticket_id,) = backend.tickets
    return ticket_id, {name: value for name, value in slot_sets(events).items() if value is not None}


async def test_status_right_after_filing_needs_no_second_code(
    services: IntakeServices, backend: FakeBackend
) -> None:
    """#13: a second code to the same address now would meet the resend gap; the filing's proof is used."""
    ticket_id, kept = await _file_here(services, backend)
    backend.rate_limited = True
    sent = len(backend.sent)
    opened = make_tracker(
        "我刚提交的申请现在什么状态", "check_request_status", slots=kept, form="status_form", activation=True
    )
    dispatcher = CollectingDispatcher()
    slots = slot_sets(await ValidateStatusForm(services).run(dispatcher, opened, DOMAIN))
    assert slots["requested_slot"] is None and slots["status_code"] == "verified"
    assert "稍后" not in texts_of(dispatcher) and len(backend.sent) == sent
    shown = CollectingDispatcher()
    await ShowRequestStatus().run(shown, make_tracker("", slots=slots, form="status_form"), DOMAIN)
    assert ticket_id in texts_of(shown) and "已受理" in texts_of(shown)


async def test_stale_filing_proof_falls_back_to_a_code_for_that_ticket(
    services: IntakeServices, backend: FakeBackend
) -> None:
    """Past the reuse window the check still knows which ticket is meant, and sends a code for it."""
    ticket_id, kept = await _file_here(services, backend)
    backend.proofs_expired = True
    opened = make_tracker(
        "那个申请进度如何", "check_request_status", slots=kept, form="status_form", activation=True
    )
    slots = slot_sets(await ValidateStatusForm(services).run(CollectingDispatcher(), opened, DOMAIN))
    assert slots["status_ticket_id"] == ticket_id and slots["requested_slot"] == "status_code"
    assert slots.get("status_code") is None


async def test_filing_proof_does_not_show_another_ticket(
    services: IntakeServices, backend: FakeBackend
) -> None:
    """An id other than the one just filed goes the usual way: a code to that ticket's address."""
    _, kept = await _file_here(services, backend)
    other = backend.add_ticket("someone.else@example.com")
    opened = make_tracker(
        f"查一下 {other}", "check_request_status", slots=kept, form="status_form", activation=True
    )
    slots = slot_sets(await ValidateStatusForm(services).run(CollectingDispatcher(), opened, DOMAIN))
    assert slots["status_ticket_id"] == other and slots["requested_slot"] == "status_code"


async def test_a_message_in_traditional_characters_files_the_name_as_typed(services: IntakeServices) -> None:
    typed = f"我叫陳嘉欣，電郵 {EMAIL}，請刪除我的簡歷"
    tracker = make_tracker(to_simplified(typed), "request_deletion", activation=True)
    tracker.latest_message[TYPED_TEXT] = typed  # as bot/nlu/typed_text_reader.py leaves the parse
    slots, _ = await run_validation(services, tracker)
    assert slots["intake_type"] == "deletion" and slots["intake_email"] == EMAIL
    assert slots["intake_name"] == "陳嘉欣"
    assert slots["intake_details"] == "請刪除我的簡歷"
