from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.pinyin_reader import PinyinReader


def test_a_pinyin_message_reaches_the_pipeline_as_characters() -> None:
    pinyin, english = Message(data={TEXT: "zhuxiao zhanghao"}), Message(data={TEXT: "close my account"})
    PinyinReader().process([pinyin, english])
    assert pinyin.get(TEXT) == "注销账号"
    assert english.get(TEXT) == "close my account"
