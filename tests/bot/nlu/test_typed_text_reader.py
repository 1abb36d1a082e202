from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.chinese_script import TYPED_TEXT
from bot.nlu.typed_text_reader import TypedTextReader


def test_traditional_characters_reach_the_pipeline_simplified_and_the_typed_text_is_kept() -> None:
    traditional, simplified = Message(data={TEXT: "我要註銷帳號"}), Message(data={TEXT: "我要注销账号"})
    TypedTextReader().process([traditional, simplified])
    assert traditional.get(TEXT) == "我要注销帐号" and traditional.get(TYPED_TEXT) == "我要註銷帳號"
    assert simplified.get(TEXT) == "我要注销账号" and simplified.get(TYPED_TEXT) is None
    assert TYPED_TEXT in traditional.as_dict(only_output_properties=True)


def test_misheard_words_are_read_as_meant_and_the_typed_text_is_kept() -> None:
    dictated = Message(data={TEXT: "帮我山除在況視的個人信心"})
    TypedTextReader().process([dictated])
    assert dictated.get(TEXT) == "帮我删除在旷视的个人信息"
    assert dictated.get(TYPED_TEXT) == "帮我山除在況視的個人信心"


def test_english_shorthand_is_read_in_full_words() -> None:
    casual = Message(data={TEXT: "what do u guys do with my face pics"})
    TypedTextReader().process([casual])
    assert casual.get(TEXT) == "what do you guys do with my face pics"
    assert casual.get(TYPED_TEXT) == "what do u guys do with my face pics"


def test_written_cantonese_is_read_as_simplified_mandarin() -> None:
    cantonese = Message(data={TEXT: "幫我刪咗喺你哋度嘅資料"})
    TypedTextReader().process([cantonese])
    assert cantonese.get(TEXT) == "帮我删了在你们那的资料"
    assert cantonese.get(TYPED_TEXT) == "幫我刪咗喺你哋度嘅資料"
