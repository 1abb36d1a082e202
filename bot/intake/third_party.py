"""Someone else's data: a relative's, a colleague's, a named stranger's, or everyone's at once.

The desk only files requests about the person's own data (policy section 七: the email must come from the
person concerned), so a request for anyone else's is declined with who may ask instead, and looking someone
up ("查查我邻居有没有投过简历") is declined whatever the classifiers ranked.
"""

from __future__ import annotations

import re

_RELATIONS = (
    "妈妈|母亲|老妈|爸爸|父亲|老爸|父母|爸妈|朋友|同事|老婆|老公|妻子|丈夫|爱人|孩子|儿子|女儿|家人|亲戚|"
    "哥哥|姐姐|弟弟|妹妹|别人|他人|其他人|员工|下属|男朋友|女朋友|男友|女友|同学|室友|领导|老板|邻居|"
    "前男友|前女友|前任|前妻|前夫|对象|(?<=我)(妈|爸|哥|姐|弟|妹)|"  # "我前男友", "我妈的资料"
    "爷爷|奶奶|外公|外婆|姥姥|姥爷|叔叔|阿姨|舅舅|姑姑|表哥|表姐|表弟|表妹|堂哥|堂姐|侄子|侄女|外甥|"
    "媳妇|未婚妻|未婚夫|婆婆|岳父|岳母|公公|闺蜜|哥们|网友|房东|租客|保姆|合伙人|继子|继女|继父|继母|"
    "实习生|新同事|家长|店员|职员|雇员|手下|顾客|客人|(那个|这个|那位|这位)[^，。,.？?]{0,3}(人|女孩|男孩|女生|男生|姑娘|小伙子?|先生|女士)"
)
# "我们部门新来的实习生": where the relation works or lives, said before naming them.
_WHOSE = r"(我们|咱们)?((公司|部门|单位|团队|组|小区|班|前台)(里|里面|的)?){0,2}(新来的|以前的)?"
# "查查我邻居有没有投过简历", "刚才有个陌生号码打给我 帮我查下是谁": looking someone else up is never a
# policy question either (FaqAnswerGate declines it whatever was ranked).
_LOOKING_SOMEONE_UP = re.compile(
    rf"(查|查查|查一下|查下|看看)(我的?)?({_RELATIONS})|(查|查查|查一下|查下){_WHOSE}({_RELATIONS})"
    # "我岳父在你们那儿投过简历吗", "whether my ex-wife applied for a job": did a relation apply.
    rf"|({_RELATIONS})[^，。,.？?我]{{0,10}}(有没有|是不是|是否)?(投过|投了|递过|交过)(简历)?(吗|没|么|？|\?|$)"
    r"|\b(whether|if) my [a-z-]+ (has |had |ever )*(applied|sent|submitted|registered)\b"
    r"|陌生(号码|电话|来电|人).{0,12}(是谁|查)"
    # "我儿子同学家长的电话能给我吗", "你们员工张某某的家庭住址是哪": someone's contact details, asked for;
    # a role of Megvii's own with nobody named ("你们前台的电话是多少") is the policy's contact.
    rf"|((?<!你们)(?<!你们的)(?<!旷视)(?<!旷视的)(?<!贵司)(?<!贵司的)({_RELATIONS})的?"
    rf"|({_RELATIONS})[^，。,.？?我的]{{1,6}}的)(手机号?|电话|家庭住址|住址|联系方式|邮箱)[^，。,.？?]{{0,4}}"
    r"(给我|告诉我|发我|是多少|是啥|是什么|是哪|在哪)"
    r"|查.{0,3}(是谁|谁打)|\bwho (called|texted|emailed|phoned|rang) me\b"
    r"|\b(person|guy|someone|number) (who|that) (called|texted|emailed|phoned|rang) me\b",
    re.I,
)
_THIRD_PARTY = (
    re.compile(rf"(帮|替|代|给|为)(我的?)?({_RELATIONS})"),
    re.compile(rf"({_RELATIONS}|他|她)(的)(个人)?(信息|数据|资料|简历|账号|帐号|手机号?|邮箱|照片|人脸)"),
    # "我们员工张伟的人脸打卡记录", "他是我同事": a relation, a name, then their data.
    re.compile(
        rf"({_RELATIONS})(?:(?!我)[\u4e00-\u9fff]){{1,8}}的(个人)?(信息|数据|资料|记录|简历|账号|人脸|照片|打卡|考勤)"
    ),
    # "我前女友投过简历 把她的联系方式给我": a relation named, then his or her data.
    re.compile(
        rf"({_RELATIONS}).*(他|她)[^，。,.？?]{{0,6}}(信息|数据|资料|简历|手机号?|电话|邮箱|联系方式|照片|住址)"
    ),
    # "这个号码是谁的", "who owns this number": whose contact a number or address is.
    re.compile(
        r"(这个|这个?人的?)(号码?|手机号?|电话|邮箱|账号)(是|归|属于)谁|是谁的(号码?|手机号?|电话|邮箱)"
        r"|who (owns|is behind|uses) (this|that|the) (number|phone|email|account)|whose (number|phone|email)",
        re.I,
    ),
    # "find the email of John Smith", "the address of the applicant": another named person's details.
    re.compile(
        r"\b(?i:e-?mail|phone|number|address|resume|cv|details|data|info)(?i: address| number)? (?i:of|for) "
        r"((?i:a|an|the|this|that|your) "
        r"(?i:user|applicant|candidate|person|guy|girl|man|woman|employee|customer)"
        r"|[A-Z][a-z]+ [A-Z][a-z]+)"
    ),
    re.compile(rf"(他|她)是我的?({_RELATIONS})"),
    # "我女儿投过简历，我想帮她查一下存了她哪些信息": a relation named, then acting for him or her.
    re.compile(rf"({_RELATIONS}).*((帮|替|代)(他|她)|存了?(他|她)|(他|她)(哪些|什么))"),
    _LOOKING_SOMEONE_UP,
    # "把我继子在你们售后系统里留的邮箱告诉我", "把她在你们售后网站的账号注销掉": someone else's data, asked
    # to be handed over or removed.
    re.compile(
        rf"把((我的?)?({_RELATIONS})|(他|她)们?的?)[^，。,.？?]{{0,14}}"
        r"(信息|数据|资料|简历|账号|帐号|记录|手机号?|电话|邮箱|照片|人脸|住址)"
    ),
    # "帮我查一下前男友最近去过哪些地方": a relation, then where they went or what is held on them.
    re.compile(rf"({_RELATIONS}).{{0,8}}(去过|在哪|行踪|位置|手机号|电话|邮箱|照片|人脸|考勤|打卡|打的卡)"),
    # Everyone's data at once is never one person's own request ("把所有工单导出").
    re.compile(
        r"(所有|全部)的?(人|用户|客户|工单|申请人)|every (ticket|user|requester)|all (tickets|users)", re.I
    ),
    re.compile(
        r"别人的|他人的|其他人的|第三方的|不是我本人|不是本人|代别人|代他人"
        r"|someone else|somebody else|another person|other people'?s"
        r"|someone'?s (data|info|resume|phone|email)"
        r"|my (friend|mother|father|mom|mum|dad|wife|husband|son|daughter|employee|staff|colleague|co-?worker"
        r"|boss|client|customer|brother|sister|girlfriend|boyfriend|roommate|grandma|grandmother|grandpa"
        r"|grandfather|aunt|uncle|cousin|nephew|niece|partner|fianc[eé]e?|landlord|tenant"
        r"|sibling|ex-wife|ex-husband|neighbou?r|ex)s?\b|i'?m (his|her|their) |on behalf of",
        re.I,
    ),
    # "帮我查一下张伟的手机号": a surname-led name, then that person's contact or identity data.
    re.compile(
        r"(查|找|要|给我|告诉我|发我|调出|导出|把)(一下|下)?[王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹"
        r"彭曾肖田董袁潘蒋蔡杜叶苏魏吕丁沈姚卢姜崔钟谭陆汪范廖贾夏韦方白邹孟熊秦邱尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
        r"钱严覃武戴莫孔汤][\u4e00-\u9fff]{1,2}的(手机号?|电话|邮箱|住址|家庭住址|身份证号?|简历|照片|人脸|行踪|位置|个人信息"
        r"|数据|资料|信息)"
    ),
)


# "我是实习生，请删除我实习生时期的资料": a relation word the person uses of themselves names nobody else.
_SELF_DESCRIBED = re.compile(
    rf"(我是|我曾是|我曾经是|我以前是|我当时是|作为|身为)(一名|一个|个|名)?({_RELATIONS})"
)


def is_third_party(text: str) -> bool:
    """True when the person asks about somebody else's data."""
    for described in _SELF_DESCRIBED.finditer(text):
        text = text.replace(described.group(3), "")
    return any(pattern.search(text) for pattern in _THIRD_PARTY)


def looks_up_someone_else(text: str) -> bool:
    """True when the person wants someone else found or their record checked."""
    return bool(_LOOKING_SOMEONE_UP.search(text))
