import pytest

from bot.language import detect_language, effective_language, only_asks_to_switch, requested_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("查阅我的个人信息要收费吗", "zh"),
        ("how do I close my account?", "en"),
        ("我想 delete my account", "zh"),
        ("你们的cookie咋关", "zh"),
        ("hello", "en"),
        ("ok", None),
        ("zhang.san@example.com", None),
        ("123456", None),
        ("DSR-7K3M9Q", None),
        ("my email is wf@163.com", "en"),
        ("qwpeori zxmcnv asdlkfj", None),
        ("Hello", "en"),
        ("gdpr?", None),
    ],
)
def test_detects_the_language_of_the_sentence_not_of_its_addresses(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("please answer in English", "en"),
        ("can you reply in english", "en"),
        ("English please", "en"),
        ("请说中文", "zh"),
        ("用中文回答我", "zh"),
        ("switch to Chinese", "zh"),
        ("I want to delete my data", None),
        ("我的英文名是Tom", None),
    ],
)
def test_recognises_an_explicit_switch(text: str, expected: str | None) -> None:
    assert requested_language(text) == expected


@pytest.mark.parametrize(
    ("language", "preference", "expected"),
    [(None, None, "zh"), ("en", None, "en"), ("en", "zh", "zh"), ("zh", "en", "en"), ("fr", None, "zh")],
)
def test_the_preference_wins_then_the_message_language_then_chinese(
    language: str | None, preference: str | None, expected: str
) -> None:
    assert effective_language(language, preference) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("please answer in English", "en"),
        ("English please, thanks", "en"),
        ("请说中文吧", "zh"),
        ("Can you reply in English? how do I delete my data", None),
        ("我想删除数据，说中文", None),
        ("how do I delete my data", None),
    ],
)
def test_a_message_that_only_asks_to_switch_is_told_apart(text: str, expected: str | None) -> None:
    assert only_asks_to_switch(text) == expected
