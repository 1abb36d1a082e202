"""The foundation's promise, through the real Rasa server and action server on the REST channel."""

from __future__ import annotations

import re
import time

import pytest

from tests.support.services import Stack

pytestmark = pytest.mark.slow
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def texts(messages: list[dict[str, object]]) -> str:
    return "\n".join(str(message.get("text", "")) for message in messages)


def test_greeting_gets_the_welcome_in_chinese(stack: Stack) -> None:
    reply = texts(stack.say("e2e-greet", "你好"))
    assert CHINESE.search(reply)
    assert "申请" in reply and "隐私" in reply


def test_gibberish_gets_a_polite_answer_saying_what_it_can_do(stack: Stack) -> None:
    # Keyboard mashing is trained as out_of_scope (data/nlu/out_of_scope.yml), so it is declined with
    # the list of what the assistant does; text it cannot place at all gets the rephrase fallback.
    reply = texts(stack.say("e2e-gibberish", "qwpeori zxmcnv asdlkfj"))
    assert any(phrase in reply for phrase in ("换个说法", "没太明白", "超出了我的服务范围"))
    assert CHINESE.search(reply)


def test_long_message_is_refused_within_a_second(stack: Stack) -> None:
    started = time.monotonic()
    reply = texts(stack.say("e2e-long", "隐" * 10_000))
    elapsed = time.monotonic() - started
    assert "10000" in reply and "上限" in reply
    assert elapsed < 1.0, f"refusal took {elapsed:.2f} s"


def test_empty_message_gets_a_prompt(stack: Stack) -> None:
    reply = texts(stack.say("e2e-empty", "   "))
    assert "空消息" in reply


def test_http_api_requires_the_token(stack: Stack) -> None:
    import httpx

    anonymous = httpx.get(f"{stack.rasa_url}/conversations/rest:e2e-greet/tracker", timeout=10)
    assert anonymous.status_code == 401
    authorised = httpx.get(
        f"{stack.rasa_url}/conversations/rest:e2e-greet/tracker",
        params={"token": stack.env["RASA_TOKEN"]},
        timeout=10,
    )
    assert authorised.status_code == 200
