import pytest

from bot.intake.right_question import asks_how_to_use_right


@pytest.mark.parametrize(
    "text",
    [
        "怎么注销账号",
        "请问如何申请删除个人信息",
        "查阅要花钱吗",
        "注销的流程是什么",
        "how do I close my account",
        "is it possible to close my recruitment account?",
        "where can i ask for my data to be deleted",
        "我想知道怎么更正我的信息",
    ],
)
def test_a_question_about_a_right_is_recognised(text: str) -> None:
    assert asks_how_to_use_right(text)


@pytest.mark.parametrize(
    "text",
    [
        "帮我把售后账号里的资料都删掉",
        "把号注销了",
        "我想删除我的简历，怎么弄",
        "怎么都找不到注销入口 你直接帮我销户吧",
        "please close my account",
        "how do i get my account shut down, just do it for me",
        "I want a copy of my data",
        "删除我的数据",
    ],
)
def test_a_wish_to_use_the_right_is_not_a_question(text: str) -> None:
    assert not asks_how_to_use_right(text)
