import pytest

from bot.pinyin_input import read_pinyin


@pytest.mark.parametrize(
    ("typed", "reading"),
    [
        ("shanchu wode shuju", "删除我的数据"),
        ("chayue wo de shuju", "查阅我的数据"),
        ("zhuxiao zhanghao", "注销账号"),
        ("kua jing chuan shu 你们有没有", "跨境传输 你们有没有"),
        ("yonghu quanli you naxie", "用户权利有哪些"),
        ("dengbao做过没", "等保做过没"),
        ("dh多少", "电话多少"),
        ("swhz 收哪些信息", "商务合作 收哪些信息"),
        ("gengzheng wo de shouji haoma", "更正我的手机号码"),
        ("wo xiang shanchu jianli zhao shui", "我想删除简历找谁"),
        ("帮我把售后账号zx了", "帮我把售后账号注销了"),
        ("sc我的简历", "删除我的简历"),
        ("好的 xiexie", "好的 谢谢"),
    ],
)
def test_pinyin_of_the_assistants_words_is_read_as_characters(typed: str, reading: str) -> None:
    assert read_pinyin(typed) == reading


@pytest.mark.parametrize(
    "typed",
    [
        "how do I delete my data",  # English
        "thank you",  # "you" is pinyin too, but "thank" is not
        "you ma",  # joining words only: nothing to read
        "我叫zhang san",  # a name
        "wode@qq.com 是我邮箱",  # an email address
        "cookie能关吗",
        "ISO认证有哪些",
        "已经删除了",
        "wo shi zhao lei",  # a surname is a joining word, the given name is not the assistant's
    ],
)
def test_anything_else_is_left_as_typed(typed: str) -> None:
    assert read_pinyin(typed) == typed


def test_a_very_long_latin_run_is_left_alone_without_recursing() -> None:
    typed = "de" * 2000 + " shuju"
    assert read_pinyin(typed) == typed
