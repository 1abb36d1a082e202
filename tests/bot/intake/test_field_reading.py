"""Going ahead with the request stated the turn before: a bare contact or a vague "查一下" starts its form."""

from __future__ import annotations

import pytest

from bot.intake.field_reading import continues_request, goes_ahead_with_earlier


def test_a_bare_email_after_stating_a_request_continues_it() -> None:
    assert continues_request("sunyue@example.com", "我想查一下你们有我什么数据")
    assert not continues_request("sunyue@example.com", "你们公司在哪")


@pytest.mark.parametrize(
    ("text", "earlier", "goes_ahead"),
    [
        ("还是想让你们查一下", "我想删掉考勤系统里的人脸信息", True),
        ("那就麻烦你们看看吧", "帮我注销招聘账号", True),
        ("还是想让你们查一下", "你们公司在哪", False),  # nothing was stated before
        ("还是想让你们查一下", "帮我妈妈删除她的数据", False),  # someone else's data
        ("能不能查一下", "我想删掉我的简历", False),  # a question
        ("查一下我的数据", "我想删掉我的简历", False),  # access of its own
    ],
)
def test_a_vague_go_ahead_follows_the_stated_request(text: str, earlier: str, goes_ahead: bool) -> None:
    assert goes_ahead_with_earlier(text, earlier) is goes_ahead
