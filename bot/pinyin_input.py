"""Chinese typed as pinyin: "shanchu wode shuju", "kua jing chuan shu 你们有没有", "dh多少", "swhz收哪些信息".

People with the input method switched off, or in a hurry, type the syllables or their initials. The
classifiers learned from characters, so such messages were declined as out of scope (eval/dev4: 11 of
446 messages). The Latin runs of a message are read back as characters only when every one of them
spells words of the assistant's own vocabulary below (and one is a word of substance, not only "wo de"
or "you"); anything else — English, names, emails, product codes — leaves the message as typed.
"""

from __future__ import annotations

import re

# Words of substance: the subjects people ask this assistant about.
_SUBJECT_WORDS = {
    "shuju": "数据",
    "xinxi": "信息",
    "geren": "个人",
    "gerenxinxi": "个人信息",
    "yinsi": "隐私",
    "zhengce": "政策",
    "yinsizhengce": "隐私政策",
    "shanchu": "删除",
    "zhuxiao": "注销",
    "chayue": "查阅",
    "chakan": "查看",
    "chaxun": "查询",
    "gengzheng": "更正",
    "xiugai": "修改",
    "zhanghao": "账号",
    "zhanghu": "账户",
    "jianli": "简历",
    "zhaopin": "招聘",
    "yingpin": "应聘",
    "shouhou": "售后",
    "shangwu": "商务",
    "hezuo": "合作",
    "zixun": "咨询",
    "gongxiang": "共享",
    "zhuanrang": "转让",
    "pilu": "披露",
    "kuajing": "跨境",
    "chuanshu": "传输",
    "chujing": "出境",
    "cunchu": "存储",
    "baocun": "保存",
    "baoliu": "保留",
    "ertong": "儿童",
    "weichengnian": "未成年",
    "quanli": "权利",
    "yonghu": "用户",
    "kehu": "客户",
    "anquan": "安全",
    "dengbao": "等保",
    "renzheng": "认证",
    "xielu": "泄露",
    "youxiang": "邮箱",
    "dianhua": "电话",
    "dizhi": "地址",
    "renlian": "人脸",
    "yewu": "业务",
    "changjing": "场景",
    "chuli": "处理",
    "shoujihao": "手机号",
    "shouji": "手机",
    "haoma": "号码",
    "shenqing": "申请",
    "jindu": "进度",
    "rengong": "人工",
    "kefu": "客服",
    "feiyong": "费用",
    "shoufei": "收费",
    "tongyi": "同意",
    "chehui": "撤回",
    "gengxin": "更新",
    "banben": "版本",
    "lianxi": "联系",
    "lianxifangshi": "联系方式",
    "shenfen": "身份",
    "yanzheng": "验证",
    "kuangshi": "旷视",
    "fuben": "副本",
    "daochu": "导出",
    "tousu": "投诉",
    "mima": "密码",
    # Small talk typed as pinyin ("xiexie", "zaijian") is a whole message of its own.
    "xiexie": "谢谢",
    "nihao": "你好",
    "zaijian": "再见",
}
# Words that only join the others ("chayue wo de shuju").
_JOINING_WORDS = {
    "wo": "我",
    "wode": "我的",
    "de": "的",
    "you": "有",
    "naxie": "哪些",
    "shenme": "什么",
    "zenme": "怎么",
    "ma": "吗",
    "nimen": "你们",
    "neng": "能",
    "yao": "要",
    "duoshao": "多少",
    "shi": "是",
    "meiyou": "没有",
    "keyi": "可以",
    "ruhe": "如何",
    "zaina": "在哪",
    "xia": "下",
    "bang": "帮",
    "qing": "请",
    "duojiu": "多久",
    "xiang": "想",
    "zhao": "找",
    "shui": "谁",
    "gei": "给",
}
# Initials people use for the long words ("swhz" = 商务合作).
_INITIALS = {
    "yszc": "隐私政策",
    "grxx": "个人信息",
    "swhz": "商务合作",
    "sh": "售后",
    "dh": "电话",
    "yx": "邮箱",
    "zxzh": "注销账号",
    "kf": "客服",
    "rg": "人工",
    "zrg": "转人工",
    "sfz": "身份证",
    "sc": "删除",
    "zx": "注销",
}
MAX_LETTERS = 80  # a longer Latin run is not a question typed in pinyin
_LATIN_RUN = re.compile(r"[A-Za-z]+(?:\s+[A-Za-z]+)*")
_LONGEST = max(len(word) for word in (*_SUBJECT_WORDS, *_JOINING_WORDS))


def _word(syllables: str) -> str | None:
    return _SUBJECT_WORDS.get(syllables) or _JOINING_WORDS.get(syllables)


def _spelled(letters: str) -> tuple[str, bool] | None:
    """(characters, has a subject word) for letters that split wholly into known words, in the fewest
    words; None when they do not split. Bottom-up over the positions: no recursion, no cache that a
    stream of random Latin text could grow."""
    if len(letters) > MAX_LETTERS:
        return None
    # best[i]: (characters, has a subject word, words) for letters[i:]
    best: list[tuple[str, bool, int] | None] = [None] * len(letters) + [("", False, 0)]
    for start in range(len(letters) - 1, -1, -1):
        for end in range(start + 1, min(len(letters), start + _LONGEST) + 1):
            head, rest = _word(letters[start:end]), best[end]
            if head and rest is not None and (best[start] is None or rest[2] + 1 < best[start][2]):
                subject = rest[1] or letters[start:end] in _SUBJECT_WORDS
                best[start] = (head + rest[0], subject, rest[2] + 1)
    found = best[0]
    return None if found is None or not letters else (found[0], found[1])


def _read_run(run: str) -> tuple[str, bool] | None:
    """A Latin run as characters, or None when it is not (all) pinyin of known words."""
    letters = re.sub(r"\s+", "", run.lower())
    if letters in _INITIALS:
        return _INITIALS[letters], True
    return _spelled(letters)


def read_pinyin(text: str) -> str:
    """The message with its pinyin read as characters; unchanged unless every Latin run is known pinyin."""
    runs = list(_LATIN_RUN.finditer(text))
    if not runs:
        return text
    readings = [_read_run(match.group(0)) for match in runs]
    if any(reading is None for reading in readings) or not any(r[1] for r in readings if r):
        return text
    pieces, last = [], 0
    for match, reading in zip(runs, readings, strict=True):
        assert reading is not None
        pieces += [text[last : match.start()], reading[0]]
        last = match.end()
    return "".join(pieces) + text[last:]
