"""What reaches the person: take pauses and greets, replies are sent, notes never, end resumes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.handoff import service
from bot.handoff.desk import HelpDesk
from bot.handoff.errors import NotYours, RasaUnavailable
from bot.handoff.texts import ENDED, ENGLISH, WAIT_NOTICE
from tests.support.clock import FrozenClock
from tests.support.fake_rasa import FakeRasa


@pytest.fixture
def waiting(session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock) -> str:
    with session_scope(session_factory) as session:
        view, _ = service.request_handoff(
            session=session,
            cipher=cipher,
            conversation_id="c-1",
            channel="telegram",
            reason="asked",
            now=clock(),
        )
    return view.id


async def test_take_pauses_and_greets_once_by_display_name_with_the_header_payload(
    desk: HelpDesk, rasa: FakeRasa, waiting: str, agent_id: int
) -> None:
    view = await desk.take(waiting, agent_id, "小王")
    assert view.state == "taken"
    assert rasa.kinds() == ["pause", "say"]
    greeting = rasa.calls[1][2]
    assert "客服 小王" in greeting["text"]
    assert greeting["custom"] == {"handoff": "agent_joined", "agent": "客服 小王"}


async def test_taking_twice_greets_once(desk: HelpDesk, rasa: FakeRasa, waiting: str, agent_id: int) -> None:
    await desk.take(waiting, agent_id, "小王")
    await desk.take(waiting, agent_id, "小王")
    assert rasa.kinds() == ["pause", "say"]


async def test_take_is_given_back_when_rasa_is_down(
    desk: HelpDesk, rasa: FakeRasa, waiting: str, agent_id: int
) -> None:
    rasa.down = True
    with pytest.raises(RasaUnavailable):
        await desk.take(waiting, agent_id, "小王")
    view = await desk._db(lambda s: service.get_handoff(session=s, cipher=desk.cipher, handoff_id=waiting))
    assert (view.state, view.agent_id) == ("waiting", None)


async def test_reply_reaches_the_person_and_a_note_does_not(
    desk: HelpDesk, rasa: FakeRasa, waiting: str, agent_id: int
) -> None:
    await desk.take(waiting, agent_id, "小王")
    await desk.reply(waiting, agent_id, "小王", "请问您的邮箱是？")
    await desk.note(waiting, agent_id, "内部：疑似重复请求")
    assert rasa.said("c-1")[-1] == "请问您的邮箱是？"
    assert all("内部" not in text for text in rasa.said())
    assert rasa.calls[-1][2]["agent"] == "小王"


async def test_end_resumes_the_assistant_and_tells_the_person(
    desk: HelpDesk, rasa: FakeRasa, waiting: str, agent_id: int
) -> None:
    await desk.take(waiting, agent_id, "小王")
    view = await desk.end(waiting, agent_id)
    assert view.state == "ended"
    assert rasa.kinds()[-3:] == ["resume", "say", "say"]
    signal, notice = rasa.calls[-2][2], rasa.calls[-1][2]
    assert (signal["text"], signal["custom"]) == ("", {"handoff": "agent_left"})  # header first
    assert (notice["text"], notice["custom"]) == (ENDED, None)  # then the words, once


async def test_end_by_someone_else_sends_nothing(
    desk: HelpDesk, rasa: FakeRasa, waiting: str, agent_id: int, other_agent_id: int
) -> None:
    await desk.take(waiting, agent_id, "小王")
    with pytest.raises(NotYours):
        await desk.end(waiting, other_agent_id)
    assert rasa.kinds() == ["pause", "say"]


async def test_end_stays_open_when_rasa_is_down(
    desk: HelpDesk, rasa: FakeRasa, waiting: str, agent_id: int
) -> None:
    await desk.take(waiting, agent_id, "小王")
    rasa.down = True
    with pytest.raises(RasaUnavailable):
        await desk.end(waiting, agent_id)
    view = await desk._db(lambda s: service.get_handoff(session=s, cipher=desk.cipher, handoff_id=waiting))
    assert view.state == "taken"


async def test_wait_notice_is_sent_once_with_the_offer(
    desk: HelpDesk, rasa: FakeRasa, waiting: str, clock: FrozenClock
) -> None:
    assert await desk.send_wait_notices(timedelta(minutes=5)) == 0
    clock.advance(minutes=5)
    assert await desk.send_wait_notices(timedelta(minutes=5)) == 1
    assert await desk.send_wait_notices(timedelta(minutes=5)) == 0
    assert rasa.kinds() == ["resume", "say"]
    assert rasa.said() == [WAIT_NOTICE]
    assert "business@megvii.com" in WAIT_NOTICE and "+86 400-6700-866" in WAIT_NOTICE
    assert [b["payload"] for b in rasa.calls[-1][2]["buttons"]] == ["我想提交个人信息申请", "/human_handoff"]


async def test_watcher_runs_until_stopped(
    desk: HelpDesk, rasa: FakeRasa, waiting: str, clock: FrozenClock
) -> None:
    import asyncio

    clock.advance(minutes=10)
    stop = asyncio.Event()
    task = asyncio.create_task(desk.watch_waiting(timedelta(minutes=5), stop, every=0.01))
    for _ in range(200):
        if rasa.said():
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(task, timeout=2)
    assert rasa.said() == [WAIT_NOTICE]


async def test_typing_reaches_a_widget_only_from_the_holder(
    desk: HelpDesk,
    rasa: FakeRasa,
    session_factory: SessionFactory,
    cipher: FieldCipher,
    clock: FrozenClock,
    agent_id: int,
    other_agent_id: int,
) -> None:
    with session_scope(session_factory) as session:
        web, _ = service.request_handoff(
            session=session,
            cipher=cipher,
            conversation_id="w-1",
            channel="socketio",
            reason="asked",
            now=clock(),
        )
    await desk.take(web.id, agent_id, "小王")
    with pytest.raises(NotYours):
        await desk.typing(web.id, other_agent_id, True)
    assert await desk.typing(web.id, agent_id, True) is True
    assert rasa.calls[-1] == ("typing", "w-1", {"typing": True, "channel": "socketio"})


async def test_typing_goes_to_telegram_and_not_to_rest(
    desk: HelpDesk,
    rasa: FakeRasa,
    session_factory: SessionFactory,
    cipher: FieldCipher,
    clock: FrozenClock,
    waiting: str,
    agent_id: int,
) -> None:
    await desk.take(waiting, agent_id, "小王")
    assert await desk.typing(waiting, agent_id, True) is True
    assert rasa.calls[-1] == ("typing", "c-1", {"typing": True, "channel": "telegram"})
    with session_scope(session_factory) as session:
        rest, _ = service.request_handoff(
            session=session, cipher=cipher, conversation_id="r-1", channel="rest", reason="asked", now=clock()
        )
    await desk.take(rest.id, agent_id, "小王")
    assert await desk.typing(rest.id, agent_id, True) is False
    assert rasa.calls[-1][0] != "typing"


async def test_an_english_conversation_hears_the_desk_in_english(
    desk: HelpDesk, rasa: FakeRasa, waiting: str, agent_id: int, clock: FrozenClock
) -> None:
    rasa.events["c-1"] = [{"event": "slot", "name": "language", "value": "en"}]
    clock.advance(minutes=5)
    await desk.send_wait_notices(timedelta(minutes=5))
    await desk.take(waiting, agent_id, "小王")
    await desk.end(waiting, agent_id)
    notice, greeting, _, ended = rasa.said()
    assert notice == ENGLISH["WAIT_NOTICE"] and rasa.calls[1][2]["buttons"][0]["title"] == "File a request"
    assert greeting == "Hello, this is Agent 小王; I have joined the conversation. How can I help?"
    assert ended == ENGLISH["ENDED"]


async def test_a_chinese_preference_keeps_the_desk_chinese(
    desk: HelpDesk, rasa: FakeRasa, waiting: str, agent_id: int
) -> None:
    rasa.events["c-1"] = [
        {"event": "slot", "name": "language", "value": "en"},
        {"event": "slot", "name": "language_preference", "value": "zh"},
    ]
    await desk.take(waiting, agent_id, "小王")
    assert "客服 小王" in rasa.said()[-1]
