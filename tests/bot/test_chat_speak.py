"""English chat shorthand is written out; addresses and capitalised names are not."""

from __future__ import annotations

from bot.chat_speak import expand_chat_speak


def test_shorthand_words_are_written_out() -> None:
    assert expand_chat_speak("what happens if u get hacked lol") == "what happens if you get hacked lol"
    assert expand_chat_speak("R u a bot? pls delete my acct") == "are you a bot? please delete my account"
    assert expand_chat_speak("where do I send a DSAR") == "where do I send a data subject access request"
    assert expand_chat_speak("gtg, Megvi said ttyl") == "got to go, megvii said talk to you later"


def test_addresses_names_and_longer_words_stay_as_typed() -> None:
    kept = ("email u@x.cn", "see ur.example.com", "my name is Im Ji-woo", "I am in the U.S.", "ultra urgent")
    for text in kept:
        assert expand_chat_speak(text) == text
