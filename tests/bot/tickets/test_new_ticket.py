from __future__ import annotations

from dataclasses import replace

import pytest

from bot.tickets.errors import InvalidTicketField
from bot.tickets.new_ticket import NewTicket, validate_new_ticket

VALID = NewTicket(
    type="deletion",
    scenario="recruitment",
    name="吴婷",
    email="wuting@example.com",
    details="删除我投递的简历\n和面试记录",
    channel="rest",
    conversation_id="rest:abc",
)


def test_a_valid_ticket_keeps_its_line_breaks_in_the_details() -> None:
    assert validate_new_ticket(VALID).details == "删除我投递的简历\n和面试记录"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("conversation_id", "tg:1\x00"),
        ("conversation_id", "web:abc\r\nforged: line"),
        ("name", "吴婷\x1b[31m"),
        ("channel", "rest\n"),
        ("details", "删除\x00我的简历"),
    ],
)
def test_control_characters_are_refused_naming_the_field(field: str, value: str) -> None:
    with pytest.raises(InvalidTicketField) as refused:
        validate_new_ticket(replace(VALID, **{field: value}))
    assert refused.value.field == field
