"""Words of the assistant's vocabulary as voice input, hurried typing and handwriting input mistake them: 山除
for 删除, 注消 for 注销, 个人信心 for 个人信息, 况视 for 旷视; 儿重 for 儿童, 电活 for 电话 (a look-alike
character picked from the handwriting keyboard's list, eval/dev9).

People dictating on a phone send homophones without punctuation, and the classifiers learned from the right
words (eval/dev7's voice crowd). Each misheard word is read as the word meant, with the same number of
characters, so the reading keeps every offset (bot/chinese_script.py `as_typed`). Only words that mean
nothing else in a privacy conversation are listed.
"""

from __future__ import annotations

import re

MEANT = {
    "山除": "删除",
    "删出": "删除",
    "珊除": "删除",
    "注消": "注销",
    "住销": "注销",
    "注宵": "注销",
    "个人信心": "个人信息",
    "隐死": "隐私",
    "隐思": "隐私",
    "况视": "旷视",
    "矿视": "旷视",
    "框视": "旷视",
    "旷世": "旷视",
    "邮相": "邮箱",
    "电化": "电话",
    "原侧": "原则",
    "简里": "简历",
    "授全": "授权",
    "更证": "更正",
    "查越": "查阅",
    "政测": "政策",
    "正策": "政策",
    # Look-alike characters from handwriting input.
    "儿重": "儿童",
    "删徐": "删除",
    "电活": "电话",
    "筒历": "简历",
    "修攻": "修改",
    "注梢": "注销",
    "油箱": "邮箱",
}
_MISHEARD = re.compile("|".join(sorted(MEANT, key=len, reverse=True)))


def correct_misheard(text: str) -> str:
    """`text` with each misheard word of the vocabulary read as the word meant."""
    return _MISHEARD.sub(lambda found: MEANT[found.group()], text)
