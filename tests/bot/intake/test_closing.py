import pytest

from bot.intake.closing import ends_with_farewell


@pytest.mark.parametrize(
    "text",
    [
        "好的谢谢 拜拜",
        "谢谢啦，再见！",
        "多谢 先这样吧",
        "thanks a lot, bye!",
        "thx, have a nice day",
        "谢谢 88",
    ],
)
def test_thanks_ending_in_a_farewell_take_leave(text: str) -> None:
    assert ends_with_farewell(text)


@pytest.mark.parametrize(
    "text",
    [
        "谢谢",
        "再见之前想说声谢谢",
        "thanks, that helps",
        "感谢帮助 明白了",
        "用户名 johnd88 谢谢",
        "bye的意思是什么 谢谢",
    ],
)
def test_thanks_that_do_not_end_with_a_farewell_stay_thanks(text: str) -> None:
    assert not ends_with_farewell(text)
