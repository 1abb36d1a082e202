from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.closing_remark import ClosingRemark


def _intent_after(text: str, intent: str) -> str:
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.9}})
    ClosingRemark().process([message])
    return str(message.get(INTENT)["name"])


def test_thanks_ending_in_a_farewell_are_a_goodbye() -> None:
    assert _intent_after("好的谢谢 拜拜", "thank") == "goodbye"


def test_plain_thanks_and_other_intents_stand() -> None:
    assert _intent_after("谢谢你", "thank") == "thank"
    assert _intent_after("删除要多久 拜拜", "faq") == "faq"
