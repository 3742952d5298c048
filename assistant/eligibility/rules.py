"""Eligibility: who a policy item is for, what a person said about themselves, and the verdict.

The rules are data (corpus/eligibility.yaml), each condition citing the exact clause of the
policy it comes from, so a verdict can always be traced back to the published text.
Fact extraction is deterministic (regex + lexicon) so that the same message always yields
the same facts and tests can pin behaviour down exactly.

Everything here is a pure function over frozen dataclasses; the only I/O is `load_rules`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

import yaml

Verdict = Literal["eligible", "not_eligible", "uncertain"]

# --------------------------------------------------------------------------------------
# Facts
# --------------------------------------------------------------------------------------

DISABILITY_CATEGORIES: tuple[str, ...] = ("视力", "智力", "肢体", "听力", "言语", "孤独症")
# "无" is an explicit "no disability" so that a question about disabilities can be answered
# negatively instead of being asked again forever.
NO_DISABILITY = "无"
FAMILY_CIRCUMSTANCES: tuple[str, ...] = (
    "服刑人员子女",
    "精神疾病患者子女",
    "孤儿",
    "出嫁女",
    "离婚丧偶",
    "外出打工",
)


@dataclass(frozen=True)
class Facts:
    """What the person has told us; None / () means "not said", never "no"."""

    age: int | None = None
    sex: Literal["female", "male"] | None = None
    is_child: bool | None = None  # subject is a minor
    residence: Literal["rural", "urban"] | None = None
    hardship: bool | None = None  # 困难/困境/hardship/poor
    low_income: bool | None = None  # 低收入/低保/low-income
    disabilities: tuple[str, ...] = ()  # DISABILITY_CATEGORIES, or ("无",) when explicitly none
    family: tuple[str, ...] = ()  # FAMILY_CIRCUMSTANCES
    has_cancer: bool | None = None  # diagnosed with 宫颈癌/乳腺癌
    own_room: bool | None = None  # False = 无独立居住和学习环境
    # False = said outright to have no tie to any village collective (跟哪个村集体都没关系);
    # living or being registered in a town alone does not settle it (item 9 leaves that open).
    in_collective: bool | None = None
    subject: str | None = None  # "self", "child", "daughter", "mother-in-law", ...


FACT_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Facts) if f.name != "subject")
_TUPLE_FACTS = frozenset({"disabilities", "family"})
_BOOL_FACTS = frozenset({"is_child", "hardship", "low_income", "has_cancer", "own_room", "in_collective"})
# Facts about the household rather than the person: kept when the conversation turns to
# another family member (a 低保 household stays a 低保 household for the daughter too).
_HOUSEHOLD_FACTS = ("residence", "hardship", "low_income")
_HOUSEHOLD_FAMILY = frozenset({"服刑人员子女", "精神疾病患者子女"})
_CHILD_SUBJECTS = frozenset({"child", "daughter", "son", "granddaughter", "grandson"})

# --------------------------------------------------------------------------------------
# Lexicons (module constants: extract_facts takes only text, so they cannot live in YAML)
# --------------------------------------------------------------------------------------

# (pattern, subject, sex, is_child); longer words first so 儿媳妇 is not read as 媳妇.
_KIN_ZH: tuple[tuple[str, str, str | None, bool | None], ...] = (
    ("婆婆|丈母娘|岳母", "mother-in-law", "female", False),
    ("儿媳妇|儿媳", "daughter-in-law", "female", False),
    ("外婆|姥姥|奶奶", "grandmother", "female", False),
    ("外孙女|孙女", "granddaughter", "female", True),
    ("妈妈|母亲|老妈|我妈|俺妈|咱妈|我娘|俺娘|咱娘|老娘", "mother", "female", False),
    ("媳妇|老婆|妻子", "wife", "female", False),
    ("闺女|女儿|小女孩|女孩|女娃|小姑娘", "daughter", "female", True),
    ("姐姐|妹妹|我姐|我妹", "sister", "female", None),
    ("老公|丈夫", "husband", "male", False),
    ("爸爸|父亲|我爸|俺爸", "father", "male", False),
    ("爷爷|姥爷|外公", "grandfather", "male", False),
    ("外孙|孙子", "grandson", "male", True),
    ("儿子|小男孩|男孩|男娃", "son", "male", True),
    ("外甥女|侄女", "niece", "female", None),
    ("外甥|侄子|侄儿", "nephew", "male", None),
    ("哥哥|弟弟|我哥|我弟|俺哥|俺弟", "brother", "male", None),
    # 儿童 in a group's or programme's name (困境儿童, 残疾儿童康复救助) is not a person.
    (
        "孩子|小孩|娃娃|娃|宝宝|(?<!困境|残疾|孤困|留守|失踪|被拐)儿童(?!康复|救助|关爱|体质|志愿|之家|福利|服务|项目|帮扶|这块|那块)",
        "child",
        None,
        True,
    ),
)
_KIN_EN: tuple[tuple[str, str, str | None, bool | None], ...] = (
    (r"mother-in-law|mom-in-law|mum-in-law", "mother-in-law", "female", False),
    (r"grandmother|grandma|granny", "grandmother", "female", False),
    (r"granddaughter", "granddaughter", "female", True),
    (r"mother|mom|mum|mommy", "mother", "female", False),
    (r"wife", "wife", "female", False),
    (r"daughter|girl", "daughter", "female", True),
    (r"sister", "sister", "female", None),
    (r"husband", "husband", "male", False),
    (r"father|dad", "father", "male", False),
    (r"grandfather|grandpa", "grandfather", "male", False),
    (r"grandson", "grandson", "male", True),
    (r"son|boy", "son", "male", True),
    (r"niece", "niece", "female", None),
    (r"nephew", "nephew", "male", None),
    (r"brother", "brother", "male", None),
    # "(registered as) a child in difficulty" describes someone already named, like "an orphan".
    (r"kid|kids|(?<!a )child|children|baby", "child", None, True),
    # "a 12-year-old orphan", "the orphan": a child named by circumstance; "(I'm) an orphan" is a
    # predicate about someone already named, so not a new subject.
    (r"(?<!an )orphan", "child", None, True),
)
_KIN_INFO: dict[str, tuple[str | None, bool | None]] = {subj: (sex, child) for _, subj, sex, child in _KIN_ZH + _KIN_EN}
_KIN_INFO["self"] = (None, None)

# "我是孩子(的)妈妈": the speaker is the mother, not a separate subject.
_SELF_PARENT_RE = re.compile(r"我是[^，。,.？?！!；;]{0,6}?的?(妈妈|母亲|妈|奶奶|姥姥|外婆|爸爸|父亲|爸|爷爷)")
_SELF_PARENT_SEX = {
    "妈妈": "female",
    "母亲": "female",
    "妈": "female",
    "奶奶": "female",
    "姥姥": "female",
    "外婆": "female",
    "爸爸": "male",
    "父亲": "male",
    "爸": "male",
    "爷爷": "male",
}
# 我 counts as the subject only when followed by something said about a person, so that
# "我们村" / "我家在农村" / "我是农村的" do not switch the subject away from a daughter.
_SELF_ZH_RE = re.compile(
    r"本人|(?:我|俺)(?!们|家)(?=是(?!农村|城|村|乡|县|本地)|今年|已经|已|都|\d|[零一二两三四五六七八九十]+周?岁"
    r"|能|可以|可不可以|符合|有资格|够|算|属于|得了|查出|确诊|患|想|要|也|没有自己|离婚|离异|丧偶|守寡|从小|一直|一辈子|住"
    r"|出嫁|嫁|在外|外出|残|有|自己|女|男)"
)
_SELF_EN_RE = re.compile(r"\b(?:i|i'm|im|i've|myself)\b(?!-)")
# A relative someone lives with is context, not the subject: "跟爷爷奶奶挤一间屋",
# "和奶奶住一间老屋", "shares a bed with her grandma", "we live with grandma".
_COMPANION_BEFORE_ZH = re.compile(r"(?:跟|和|与|同|随|陪)着?(?:我|俺|他|她|孩子|娃)?的?$")
_COMPANION_JOIN_ZH = re.compile(r"[、和与及]?")
_COMPANION_AFTER_ZH = re.compile(r"[^，。,.；;！!？?]{0,4}?(?:住|挤|睡|生活|过日子|过活|一起|一块|一间|一个屋|一张床)")
_COMPANION_BEFORE_EN = re.compile(r"\bwith\s+(?:(?:my|her|his|their|our|the)\s+)?$")
# A relative followed by a circumstance (坐牢, 在外打工, 去世...) is context, not the subject.
_CIRCUM_AFTER_ZH = re.compile(
    r"[^，。,.；;！!？?他她爸妈父母]{0,4}?(坐牢|服刑|在监狱|蹲监狱|判刑|被判|关进|打工|去世|过世|没了|不在了"
    r"|精神病|精神疾病|精神分裂|走了|跑了|离家出走)"
)
_CIRCUM_AFTER_EN = re.compile(
    r"\s*(?:(?:is|was|has been|has|had|works|is working|went)\s+)?(?:a\s+)?(?:in prison|in jail|incarcerated|away"
    r"|migrant|mentally ill|mental illness|dead|working away|working in|passed away|died)\b"
)

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUM = "[零一二两三四五六七八九十]{1,3}"
_AGE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<![\d\-~～至到.])(\d{1,3})\s*(?:周岁|岁)"),
    re.compile(rf"(?<![零一二两三四五六七八九十至到])({_CN_NUM})\s*(?:周岁|岁)"),
    re.compile(rf"今年\s*(\d{{1,3}}|{_CN_NUM})(?![\d年万名元个千百号月日块%零一二两三四五六七八九十])"),
    # "六十四了", "儿子15了", "今年64了": a bare number + 了 right after a person or at a clause start.
    re.compile(
        rf"(?:^|(?<=[\s，,、。；;:：婆妈娘爸爹姐妹儿女子娃孩公爷奶姥媳我俺她他弟哥甥侄]))"
        rf"(\d{{1,3}}|{_CN_NUM})(?:周?岁)?了"
    ),
    re.compile(r"\b(\d{1,3})[- ]years?[- ]old\b"),
    re.compile(r"\baged?\s+(\d{1,3})\b"),
    re.compile(
        r"\b(?:i'm|im|i am|she's|she is|he's|he is|is|turned|turns)\s+(\d{1,3})\b"
        r"(?!\s*(?:%|percent|km|kg|yuan|rmb|people|places|women|children|years? ago|th|st|nd|rd)\b)"
    ),
)

_RURAL_ZH = re.compile(r"村里|农村|乡下|在村|村上|村民|村集体|山村|乡村|本村|邻村|外村|娘家村|嫁到[^，。,.；;？?]{0,4}村")
_URBAN_ZH = re.compile(r"城里|城镇|县城|市区|城市|小区|城区|市里")
_RURAL_EN = re.compile(r"\b(?:rural|village|villages|countryside|farm|farming)\b")
_URBAN_EN = re.compile(r"\b(?:urban|city|town|downtown)\b")
_HUKOU_RE = re.compile(r"(农村|城镇|城市)户口|户口在(村|农村|城里|城镇|县城|市里)")

_HARDSHIP_CORE = r"困难|困境|贫困|贫穷|家里穷|很穷|穷人|hardship|poor|poverty|struggling|needy"
_HARDSHIP_RE = re.compile(rf"{_HARDSHIP_CORE}|低保|特困")
_HARDSHIP_CORE_RE = re.compile(_HARDSHIP_CORE)
# 困境儿童 is undefined in the plan (the item's units decide, and the reason says so), but a child
# with no parents, or whose parent is dead or in prison, is plainly in 困境: these imply hardship
# unless the person said outright that the family is not in hardship.
_HARDSHIP_FAMILY = frozenset({"孤儿", "服刑人员子女"})
_LOST_PARENT_RE = re.compile(
    r"(?:爸爸|爸|父亲|爹|(?<![姑舅姨婶])(?:妈妈|妈|母亲)|(?<![姑新])娘)(?:早就?|已经|前几年|几年前|前年|去年)?(?:去世|过世|没了|不在了|走了|病逝|离世|死了)"
    r"|\b(?:dad|father|mom|mother|mum|parent)\s+(?:has\s+|had\s+)?(?:passed away|died|is dead|was killed)"
    r"|\blost (?:her|his|their) (?:dad|father|mom|mother|mum|parents?)\b"
)
_NO_COLLECTIVE_RE = re.compile(
    r"(?:跟|和|与)(?:哪个|任何|什么)?(?:村|村集体|村集体经济组织|集体经济组织|村里)都?没(?:有)?(?:什么|任何)?(?:关系|关联|瓜葛)"
    r"|(?:不是|从来不是|从没当过)(?:任何|哪个)(?:一?个)?(?:村)?集体(?:经济组织)?的?成员|不属于任何(?:村)?集体"
    r"|\bnot (?:a )?(?:member of|in|part of|tied to|linked to) any (?:village )?collective"
    r"|\bno (?:ties?|links?|connections?) (?:to|with) any (?:village )?collective"
    r"|\bnever (?:been )?(?:a )?member of (?:a|any) (?:village )?collective"
    r"|(?:do not|don't|does not|doesn't) belong to any (?:village )?collective"
)
_LOW_INCOME_RE = re.compile(r"低收入|低保|low-income|low income|minimum living allowance|dibao")

_DISABILITY_LEXICON: tuple[tuple[str, str], ...] = (
    (r"自闭症|孤独症|\bautism\b|\bautistic\b", "孤独症"),
    (r"聋|听不见|听不到|听力|\bhearing\b|\bdeaf\b", "听力"),
    (r"(?<!文)盲(?!目|区|点|道)|看不见|看不清|弱视|视力|\bblind\b|\bvisually\b|\bvision\b|low vision", "视力"),
    (r"坐轮椅|瘫|肢体|腿脚|截肢|\bwheelchair\b|physical disabilit|physically disabled|cerebral palsy|paraly", "肢体"),
    (r"智力|智障|发育迟缓|唐氏|\bintellectual\b|developmental delay|down syndrome", "智力"),
    (r"不会说话|说不了话|哑|言语|语言障碍|\bspeech\b|\bmute\b|can't speak|cannot speak|nonverbal|non-verbal", "言语"),
)
_NO_DISABILITY_RE = re.compile(
    r"没有残疾|没残疾|不是残疾|无残疾|不残疾|\bno disabilit|\bnot disabled\b|doesn't have a disability"
    r"|does not have a disability|has no disabilit"
)

_FAMILY_LEXICON: tuple[tuple[str, str], ...] = (
    (r"服刑|坐牢|在监狱|蹲监狱|判刑|\bprison\b|\bjail\b|incarcerated", "服刑人员子女"),
    (r"精神病|精神疾病|精神分裂|mental illness|mentally ill|schizophreni", "精神疾病患者子女"),
    (
        r"孤儿|父母双亡|双亲(?:都)?(?:不在|去世|过世|亡故)"
        r"|(?:父母|爹娘|爸妈|爸爸妈妈|爹妈)(?:都|双双|早就?|全|已经|早已)*(?:不在|去世|过世|没了|走了|离世|病逝|死了)"
        r"|\borphan|\bboth (?:of (?:her|his|their) )?parents (?:died|are dead|passed away|have died)"
        r"|\blost (?:both )?(?:her|his|their) parents",
        "孤儿",
    ),
    (r"出嫁女|嫁出去|外嫁|嫁到|married out|married into another village|married off", "出嫁女"),
    (r"离婚|丧偶|离异|守寡|寡妇|老公去世|丈夫去世|老公没了|\bdivorced?\b|\bwidow", "离婚丧偶"),
    (
        r"外出打工|在外打工|出去打工|外地打工|进城打工|在外地|migrant worker|working away|works away"
        r"|work away from home|working in another city",
        "外出打工",
    ),
)

_OWN_ROOM_FALSE_RE = re.compile(
    r"没有?(?:自己|独立|单独)的?(?:房间|屋子?|卧室|空间|地方)|没(?:有)?(?:地方|空间)(?:学习|写作业|住)"
    r"|没有学习的地方|挤在一起|挤一间|挤一个屋|挤在一个|无独立居住|没有独立居住"
    r"|no room of (?:her|his|their|my) own|no place to study|nowhere to study|no space to study"
    r"|shares? a room|doesn't have (?:her|his) own room|does not have (?:her|his) own room|no (?:own )?room"
    # a whole family in one room / one bed, or not even a desk to study at
    r"|(?:住|挤|睡)(?:在)?(?:同)?一(?:间|个|张|铺)(?:小|老|破|旧)?(?:屋|房|床|炕)"
    r"|(?:写字桌|书桌|课桌|写字台|学习桌)(?:都|也)?没有?|没有?(?:一)?(?:张|个)?(?:写字桌|书桌|课桌|写字台|学习桌)"
    r"|\bshares? (?:a|one|the same) bed\b|\bsharing (?:a|one|the same) (?:bed|room)\b"
    r"|\bin (?:one|a single|the same) (?:small |tiny |little )?(?:room|bedroom)\b"
    r"|\bno (?:study )?desk\b|\bwithout a desk\b|(?:doesn't|does not|don't|do not) have a desk"
)
_OWN_ROOM_TRUE_RE = re.compile(r"有(?:自己|独立)的?(?:房间|屋子?|卧室)|has (?:her|his|their) own room|have my own room")

_CANCER_TWO_RE = re.compile(r"宫颈癌|乳腺癌|两癌|(?:breast|cervical) cancer")
_CANCER_DIAG_RE = re.compile(
    r"(?:查出|得了|得过|确诊|诊断|患有|患了|患上|生了)了?[^，。,.？?]{0,4}?(?:宫颈癌|乳腺癌|两癌)"
    r"|(?:宫颈癌|乳腺癌|两癌)(?:患者|病人)"
    r"|diagnosed with (?:breast|cervical) cancer|(?:has|had|have|got) (?:breast|cervical) cancer"
    r"|(?:breast|cervical) cancer (?:patient|survivor)"
)
_CANCER_NEG_RE = re.compile(
    r"(?:没有?|未|不是)(?:查出|得|确诊|诊断|患)[^，。,.？?]{0,6}?(?:宫颈癌|乳腺癌|两癌|癌)"
    r"|(?:not|never) (?:been )?diagnosed|(?:doesn't|does not|don't|do not) have (?:breast|cervical) cancer"
)
_OTHER_CANCER_RE = re.compile(
    r"(?:查出|得了|确诊|患有|患了|患上)了?(?:肺|胃|肝|肠|直肠|结肠|食管|食道|甲状腺|卵巢|鼻咽|胰腺|淋巴|骨|皮肤|膀胱|血)癌"
    r"|(?:lung|stomach|liver|colon|thyroid|ovarian|skin|pancreatic|bone|blood) cancer"
)

_SEP = r"[\s，,、。；;!！?？]"
_NEG_ZH_RE = re.compile(r"不|没|无|非|未")
_NEG_EN_RE = re.compile(r"\b(?:not|no|never|isn't|aren't|wasn't|don't|doesn't)\b|n't\b")
_CLAUSE_BREAK_RE = re.compile(r"[，。,.；;！!？?\n]")

_WHO_ZH = r"(?:我|俺|咱|她|他|孩子|娃)"
_ELIGIBILITY_Q_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"(?:我|本人|俺|孩子|娃|小孩|女儿|儿子|闺女|婆婆|妈|母亲|奶奶|姥姥|媳妇|老婆|姐|妹|老公|爸|她|他|们|儿童|妇女|女)"
        r"[^，。,.？?！!]{0,6}?(?:能|可以|可不可以|能否|可否|符合|有资格|有没有资格|够|算不算|属于|属不属于|享受)"
    ),
    re.compile(r"(?:能|可以|能否|可否)(?:参加|申请|享受|领取?|得到|获得|报名|拿到|纳入|入选|享有|去做|做|免费|被|申领|办|确认)"),
    re.compile(r"符合[^，。,.？?]{0,8}(?:条件|要求|标准)|有没有资格|有资格|够(?:不够)?(?:条件|资格)|是否符合"),
    # "能不能去免费筛查", "可不可以申请": the A-not-A question is itself the question mark.
    re.compile(r"(?:能不能|可不可以|能否|可否)(?:去|来|参加|申请|享受|领|得到|获得|报名|做|查|办|确认|接受|报)"),
    # "像我这样的…", "我这种情况…", "精神病人家的孩子也管吗": asking whether a case is covered.
    re.compile(
        rf"像{_WHO_ZH}这样|{_WHO_ZH}这(?:种|样的)情况"
        rf"|(?:孩子|娃|妇女|女的|人|女|{_WHO_ZH})也(?:管|算|包括|能|可以|行|有份)[^，。,.]{{0,4}}(?:吗|么|不|[？?])"
    ),
    re.compile(r"(?:适用|适合)于?(?:我|她|他|孩子)"),
    # "能带她去做", "能去查两癌吗", "能给弄一间不", "还能报吗", "能按这个方案确认…吗": 能/可以 +
    # a few words + an action of taking part (能力/可能/功能 are not 能).
    re.compile(
        r"(?<![可功才智技体本职效性])(?:能|可以)(?![^，。,.？?！!]*(?:多少|几个|几处|几名|几人|哪|什么|谁|怎么|何时))"
        r"(?:不能)?[^，。,.？?！!]{0,6}?"
        r"(?:参加|申请|享受|领|得到|获得|报|拿到|纳入|入选|享有|做|查|办|确认|接受|弄|给|带|去|上|用|排)"
        r"[^，。,.！!]{0,20}(?:吗|么|不|没|呀|啊|[？?])"
    ),
    # Inclusion: "有我的份吗", "算不算我一个", "管不管我这种情况", "还让她去不", "轮得到我吗", "还给确认吗".
    re.compile(
        rf"有(?:没有)?{_WHO_ZH}[^，。,.？?]{{0,2}}份|算(?:不算)?上?{_WHO_ZH}|管不管{_WHO_ZH}"
        rf"|(?:让|叫)(?:不让)?{_WHO_ZH}(?:去|做|参加|查|报)[^，。,.]{{0,4}}(?:吗|么|不|[？?])"
        rf"|轮(?:得|不)?(?:到|上){_WHO_ZH}|(?:包括|包含|覆盖)(?:不包括)?{_WHO_ZH}"
        r"|(?:还|会|能)?给(?:不给)?(?:我|俺|她|他|孩子|娃)?(?:确认|办理?|批|安排|弄)[^，。,.]{0,4}(?:吗|么|不|[？?])"
    ),
    # A wish plus a tag question: "想免费查个乳腺癌，行不行？", "想去做两癌检查，可以吗".
    re.compile(
        r"(?:我|俺|咱|她|他|孩子|娃|想|要)[^？?]*?[，,\s]?(?:行不行|行吗|可以吗|可不可以|成吗|成不成|中不中|中吗|能行吗)"
        r"[？?。.!！\s]*$"
    ),
    re.compile(
        r"\b(?:can|could|may)\s+(?:i|we|she|he|they|my\s+[a-z\-]+|our\s+[a-z\-]+)\b"
        r"|\beligib|\bqualif|\bentitled\b|\b(?:am i|is she|is he|are we) covered\b"
    ),
    # "free screening ok for me?", "hope cabin possible?" (about a person named in the message),
    # "Is there any financial help for her?".
    re.compile(r"\b(?:ok|okay|possible|available|allowed|open)\s+(?:for|to)\s+(?:me|her|him|us|them|my\s+\w+|our\s+\w+)\b"),
    re.compile(r"(?:\bmy\b|\bour\b|\bi\b|\bi'm\b|\bshe\b|\bhe\b|\bwe\b)[^?]*\b(?:possible|ok|okay|allowed)\s*\?"),
    re.compile(
        r"\b(?:is there|are there|any)\b[^.?!]{0,30}\b(?:help|assistance|support|aid|subsidy|subsidies|benefits?)\s+"
        r"(?:for|to)\s+(?:me|her|him|us|them|my\s+\w+|our\s+\w+)\b"
    ),
)
# A follow-up restating a fact: "what about if she is 15?", "那如果孩子15岁呢" (with a fact in it).
_WHAT_IF_RE = re.compile(r"\bwhat about\b|\bwhat if\b|\bhow about\b|(?:如果|要是|假如|假设|换成)[^？?]*呢")


def _parse_cn_number(token: str) -> int | None:
    """Chinese numerals up to 99 (四十二, 十四, 两), enough for ages."""
    if token.isdigit():
        return int(token)
    if "十" in token:
        tens, _, ones = token.partition("十")
        if len(tens) > 1 or len(ones) > 1:
            return None
        t = _CN_DIGITS.get(tens, -1) if tens else 1
        o = _CN_DIGITS.get(ones, -1) if ones else 0
        return None if t < 0 or o < 0 else t * 10 + o
    if len(token) == 1 and token in _CN_DIGITS:
        return _CN_DIGITS[token]
    return None


def _negated(text: str, start: int) -> bool:
    """Whether the word at `start` is negated within its own clause (不是低保户, not poor)."""
    window = text[max(0, start - 14) : start]
    parts = _CLAUSE_BREAK_RE.split(window)
    window = parts[-1] if parts else window
    return bool(_NEG_ZH_RE.search(window[-4:]) or _NEG_EN_RE.search(window))


@dataclass(frozen=True)
class _Mention:
    pos: int
    end: int
    subject: str
    sex: str | None = None


def _is_companion(text: str, start: int, end: int, companion_end: int) -> bool:
    """A relative named after 跟/和/与/同 … 住/挤 or "with": who the subject lives with."""
    if _COMPANION_BEFORE_EN.search(text[max(0, start - 20) : start]):
        return True
    chained = companion_end >= 0 and _COMPANION_JOIN_ZH.fullmatch(text[companion_end:start]) is not None
    if not chained and not _COMPANION_BEFORE_ZH.search(text[max(0, start - 6) : start]):
        return False
    if chained:
        return True
    # 跟/和 also join two people asking together ("我婆婆和我妈能参加吗"): only living together
    # (住/挤/睡/一起…) makes the second one context. Skip over further kin words ("跟爷爷奶奶挤").
    rest = re.sub(r"^(?:[、和与及]?(?:" + "|".join(p for p, *_ in _KIN_ZH) + r"))*", "", text[end:])
    return _COMPANION_AFTER_ZH.match(rest) is not None


def _person_mentions(text: str) -> list[_Mention]:
    """Every mention of a person who could be the subject, in text order."""
    mentions: list[_Mention] = []
    masked: list[tuple[int, int]] = []
    for m in _SELF_PARENT_RE.finditer(text):
        mentions.append(_Mention(m.start(), m.end(), "self", _SELF_PARENT_SEX[m.group(1)]))
        masked.append((m.start(), m.end()))

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in masked)

    for patterns, flags, circum in ((_KIN_ZH, "", _CIRCUM_AFTER_ZH), (_KIN_EN, r"\b", _CIRCUM_AFTER_EN)):
        alternation = "|".join(f"(?P<k{i}>{flags}(?:{p}){flags})" for i, (p, *_rest) in enumerate(patterns))
        companion_end = -1  # end of the last relative named as someone lived with
        for m in re.finditer(alternation, text):
            if not free(m.start(), m.end()):
                continue
            idx = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
            if circum.match(text, m.end()):
                continue
            if _is_companion(text, m.start(), m.end(), companion_end):
                companion_end = m.end()
                continue
            mentions.append(_Mention(m.start(), m.end(), patterns[idx][1]))
            masked.append((m.start(), m.end()))
    for regex in (_SELF_ZH_RE, _SELF_EN_RE):
        for m in regex.finditer(text):
            if free(m.start(), m.end()):
                mentions.append(_Mention(m.start(), m.end(), "self"))
    return sorted(mentions, key=lambda x: x.pos)


def _pick_subject(text: str, mentions: list[_Mention]) -> _Mention | None:
    """The person the question is about: the one right before the eligibility verb, else the last named."""
    if not mentions:
        return None
    verb = re.search(r"能|可以|可不可以|符合|有资格|够|属于|享受|\bcan\b|\bcould\b|\bqualif|\beligib|\bentitled\b", text)
    if verb:
        before = [m for m in mentions if m.end <= verb.start()]
        # English puts the subject after the modal: "can my daughter ...", "does my son qualify".
        after = [m for m in mentions if m.pos >= verb.end() and m.pos - verb.end() <= 12]
        if verb.group(0) in ("can", "could") and after:
            return after[0]
        if before:
            # Prefer a mention in the same clause as the verb.
            last = before[-1]
            if not _CLAUSE_BREAK_RE.search(text[last.end : verb.start()]):
                return last
    return mentions[-1]


def _extract_age(text: str, mentions: list[_Mention], subject: _Mention | None) -> int | None:
    """The subject's age: one said after the subject's mention, else one with no owner."""
    found: list[tuple[int, int]] = []
    seen: set[int] = set()
    for pattern in _AGE_PATTERNS:
        for m in pattern.finditer(text):
            value = _parse_cn_number(m.group(1))
            if value is None or not 0 <= value <= 120 or m.start(1) in seen:
                continue
            seen.add(m.start(1))
            found.append((m.start(1), value))
    found.sort()
    stripped = text.strip().strip("。.!！?？")
    if not found and re.fullmatch(rf"\d{{1,3}}|{_CN_NUM}", stripped):
        value = _parse_cn_number(stripped)
        if value is not None and 0 < value <= 120:
            return value
    unowned: list[int] = []
    for pos, value in found:
        owners = [m for m in mentions if m.end <= pos]
        owner = owners[-1] if owners else None
        if subject is not None and owner is not None and owner.subject == subject.subject:
            return value
        if owner is None:
            unowned.append(value)
    if unowned:
        return unowned[0]
    if found and subject is None:
        return found[0][1]
    return None


def _extract_sex(text: str, subject: _Mention | None) -> str | None:
    """Sex of the subject: from the kinship word, else only from what is said outright."""
    if subject is not None and subject.sex:
        return subject.sex
    kin_sex = _KIN_INFO.get(subject.subject, (None, None))[0] if subject else None
    if kin_sex:
        return kin_sex
    stripped = text.strip().strip("。.!！?？ ")
    if re.fullmatch(r"(?:是)?(?:女|女的|女性|妇女|female|a woman|woman)", stripped):
        return "female"
    if re.fullmatch(r"(?:是)?(?:男|男的|男性|male|a man|man)", stripped):
        return "male"
    who = subject.subject if subject else None
    if who in (None, "self"):
        # A bare 女 / 男 between separators: "42岁 农村 女", "45岁，女".
        bare_female = re.search(rf"(?:^|{_SEP})女(?:性|的)?(?={_SEP}|$)", text)
        bare_male = re.search(rf"(?:^|{_SEP})男(?:性|的)?(?={_SEP}|$)", text)
        if bare_female and not bare_male:
            return "female"
        if bare_male and not bare_female:
            return "male"
    if who in _CHILD_SUBJECTS:
        female = re.search(r"女孩|女娃|小姑娘|\bgirl\b", text)
        male = re.search(r"男孩|男娃|\bboy\b", text)
    elif who in (None, "self"):
        female = re.search(
            r"女的|女性|妇女(?!儿童)|女人|出嫁女|外嫁女|寡妇|守寡|本人女|我是女|\bwoman\b|\bfemale\b|\bwidow\b"
            r"|\bi(?:'m| am) (?:a )?(?:mother|mom|wife|housewife)\b",
            text,
        )
        male = re.search(r"男的|男性|男人|男士|本人男|我是男|\bman\b|\bmale\b", text)
    else:
        return None
    if female and not male:
        return "female"
    if male and not female:
        return "male"
    return None


def _extract_residence(text: str) -> str | None:
    """Rural or urban; a stated 户口 wins, otherwise conflicting words leave it open."""
    hukou = _HUKOU_RE.search(text)
    if hukou:
        word = hukou.group(1) or hukou.group(2)
        return "rural" if word in ("农村", "村") else "urban"
    rural = any(not _negated(text, m.start()) for r in (_RURAL_ZH, _RURAL_EN) for m in r.finditer(text))
    urban = any(
        not _negated(text, m.start())
        for r in (_URBAN_ZH, _URBAN_EN)
        for m in r.finditer(text)
        if text[max(0, m.start() - 6) : m.start()] != "linyi "
    )
    if rural and not urban:
        return "rural"
    if urban and not rural:
        return "urban"
    return None


def _polarity(text: str, positive: re.Pattern[str], negatable: re.Pattern[str]) -> bool | None:
    """True if any un-negated hit, False if only negated hits of the core words, else None."""
    hits = [(m.start(), _negated(text, m.start())) for m in positive.finditer(text)]
    if any(not neg for _, neg in hits):
        return True
    if any(neg for pos, neg in hits if negatable.match(text, pos)):
        return False
    return None


def _extract_has_cancer(text: str) -> bool | None:
    """Diagnosed with 宫颈癌/乳腺癌; another cancer means not the 两癌 this item is about."""
    if _CANCER_NEG_RE.search(text):
        return False
    if _CANCER_DIAG_RE.search(text):
        return True
    if _OTHER_CANCER_RE.search(text) and not _CANCER_TWO_RE.search(text):
        return False
    return None


def _extract_categories(text: str, lexicon: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """Canonical categories mentioned (un-negated), in lexicon order."""
    out: list[str] = []
    for pattern, canonical in lexicon:
        if any(not _negated(text, m.start()) for m in re.finditer(pattern, text)):
            out.append(canonical)
    return tuple(out)


def extract_facts(text: str) -> Facts:
    """Read the facts a person states about themselves or a relative (zh/en, deterministic)."""
    t = text.lower()
    mentions = _person_mentions(t)
    subject = _pick_subject(t, mentions)
    subject_name = subject.subject if subject else None
    age = _extract_age(t, mentions, subject)
    sex = _extract_sex(t, subject)

    is_child: bool | None = _KIN_INFO.get(subject_name, (None, None))[1] if subject_name else None
    if re.search(r"未成年|\bminor\b|under 18", t):
        is_child = True
    elif re.search(r"(?<!未)成年人?了|已成年|\badult\b|grown-up", t):
        is_child = False
    if age is not None:
        is_child = age < 18

    disabilities = _extract_categories(t, _DISABILITY_LEXICON)
    if not disabilities and _NO_DISABILITY_RE.search(t):
        disabilities = (NO_DISABILITY,)

    own_room: bool | None = None
    if _OWN_ROOM_FALSE_RE.search(t):
        own_room = False
    elif _OWN_ROOM_TRUE_RE.search(t):
        own_room = True

    family = _extract_categories(t, _FAMILY_LEXICON)
    hardship = _polarity(t, _HARDSHIP_RE, _HARDSHIP_CORE_RE)
    if hardship is None and (_HARDSHIP_FAMILY & set(family) or _LOST_PARENT_RE.search(t)):
        hardship = True  # see _HARDSHIP_FAMILY: orphan / parent dead or in prison is 困境

    return Facts(
        age=age,
        sex=sex,  # type: ignore[arg-type]
        is_child=is_child,
        # "跟哪个村集体都没关系" / "not in any village collective" says nothing about living in a village
        residence=_extract_residence(_NO_COLLECTIVE_RE.sub("，", t)),  # type: ignore[arg-type]
        hardship=hardship,
        low_income=_polarity(t, _LOW_INCOME_RE, _LOW_INCOME_RE),
        disabilities=disabilities,
        family=family,
        has_cancer=_extract_has_cancer(t),
        own_room=own_room,
        in_collective=False if _NO_COLLECTIVE_RE.search(t) else None,
        subject=subject_name,
    )


def _same_person(a: str, b: str) -> bool:
    """ "child" and "daughter" in consecutive turns are the same child, not a new subject."""
    return a == b or (a in _CHILD_SUBJECTS and b in _CHILD_SUBJECTS and "child" in (a, b))


def merge_facts(earlier: Facts, later: Facts) -> Facts:
    """Combine turns: later said values win; a new subject starts a new person but keeps the household."""
    subject = later.subject or earlier.subject
    base = earlier
    if earlier.subject and later.subject:
        if _same_person(earlier.subject, later.subject):
            subject = earlier.subject if later.subject == "child" else later.subject
        else:
            base = Facts(
                residence=earlier.residence,
                hardship=earlier.hardship,
                low_income=earlier.low_income,
                family=tuple(f for f in earlier.family if f in _HOUSEHOLD_FAMILY),
            )
    values: dict[str, Any] = {}
    for name in FACT_NAMES:
        new = getattr(later, name)
        values[name] = new if (new != () and new is not None) else getattr(base, name)
    if later.age is not None and later.is_child is None:
        values["is_child"] = later.age < 18
    return Facts(**values, subject=subject)


def is_eligibility_question(text: str) -> bool:
    """Whether the user asks if someone qualifies (vs. asking what the plan says)."""
    t = text.lower()
    if any(p.search(t) for p in _ELIGIBILITY_Q_PATTERNS):
        return True
    if _WHAT_IF_RE.search(t):
        facts = extract_facts(text)
        return any(getattr(facts, name) not in (None, ()) for name in FACT_NAMES)
    return False


# --------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------


class RuleError(ValueError):
    """The rules file is malformed; the message names the file and, when known, the line."""


@dataclass(frozen=True)
class Condition:
    """One requirement of a program, citing the clause of the plan it comes from.

    Exactly one test: min_age/max_age (age), equals (bool or sex), or one_of (residence,
    disabilities, family). `uncertain_values` are values the plan leaves open (城镇部分妇女);
    `list_is_open` marks a list ending in 等 so unlisted values are open, not excluded.
    `alternatives` are OR-ed with this condition (妇女 or 儿童). `assume_if_missing`: an unknown
    value passes (with `assumed_note_*` in the reason) instead of being asked.
    """

    fact: str
    clause: str
    question_zh: str
    question_en: str
    min_age: int | None = None
    max_age: int | None = None
    equals: bool | str | None = None
    one_of: tuple[str, ...] = ()
    uncertain_values: tuple[str, ...] = ()
    list_is_open: bool = False
    open_note_zh: str = ""  # why a value is open, e.g. "方案只写“城镇部分妇女”，未说明是哪些。"
    open_note_en: str = ""
    note_zh: str = ""  # said when the condition is met on a self-declared, undefined notion
    note_en: str = ""
    alternatives: tuple[Condition, ...] = ()
    # An unknown value does not decide (is not asked); only a stated value that fails does. For
    # women-only items asked about by the person themself: "我能做宫颈癌筛查吗" is not met with
    # "are you female?", while 我老公 / my husband / 男的 still fails. The note says what was assumed.
    assume_if_missing: bool = False
    assumed_note_zh: str = ""
    assumed_note_en: str = ""


@dataclass(frozen=True)
class RuleSet:
    """Who one program of one item of a policy document is for."""

    document: str
    item: int
    program: str
    program_en: str
    target_zh: str  # exact substring of the policy text
    target_en: str
    conditions: tuple[Condition, ...]
    units_zh: str = ""  # the item's lead/responsible units, exact substring of the policy text
    units_en: str = ""
    note_zh: str = ""  # said with an eligible verdict (quota etc.)
    note_en: str = ""
    keywords: tuple[str, ...] = ()  # words in a question that point at this program (select_rule)


class _LineDict(dict):  # type: ignore[type-arg]
    """A YAML mapping that remembers its line, for error messages."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings know their line and reject duplicate keys."""


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[_LineDict]:
    """Build a _LineDict (yielded first so recursive structures work, as PyYAML expects)."""
    data = _LineDict()
    data.line = node.start_mark.line + 1
    yield data
    keys: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in keys:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        keys.add(key)
    data.update(loader.construct_mapping(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)

_CONDITION_KEYS = frozenset(
    {
        "fact",
        "clause",
        "question_zh",
        "question_en",
        "min_age",
        "max_age",
        "equals",
        "one_of",
        "uncertain_values",
        "list_is_open",
        "open_note_zh",
        "open_note_en",
        "note_zh",
        "note_en",
        "or",
        "assume_if_missing",
        "assumed_note_zh",
        "assumed_note_en",
    }
)
_RULESET_KEYS = frozenset(
    {
        "document",
        "item",
        "program",
        "program_en",
        "target_zh",
        "target_en",
        "conditions",
        "units_zh",
        "units_en",
        "note_zh",
        "note_en",
        "keywords",
    }
)
_ALLOWED_VALUES: dict[str, tuple[Any, ...]] = {
    "sex": ("female", "male"),
    "residence": ("rural", "urban"),
    "disabilities": DISABILITY_CATEGORIES + (NO_DISABILITY,),
    "family": FAMILY_CIRCUMSTANCES,
}


def _fail(path: Path, line: int | None, message: str) -> RuleError:
    where = f"{path}:{line}" if line else str(path)
    return RuleError(f"{where}: {message}")


def _str(path: Path, d: _LineDict, key: str, required: bool = True) -> str:
    value = d.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise _fail(path, getattr(d, "line", None), f"{key!r} must be a non-empty string")
    return value


def _str_tuple(path: Path, d: _LineDict, key: str) -> tuple[str, ...]:
    value = d.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, getattr(d, "line", None), f"{key!r} must be a list of strings")
    return tuple(value)


def _bool(path: Path, d: _LineDict, key: str) -> bool:
    value = d.get(key, False)
    if not isinstance(value, bool):
        raise _fail(path, getattr(d, "line", None), f"{key!r} must be true or false")
    return value


def _parse_condition(path: Path, d: Any) -> Condition:
    """One YAML condition -> Condition, checking it tests a real fact with one kind of test."""
    if not isinstance(d, dict):
        raise _fail(path, None, "each condition must be a mapping")
    line = getattr(d, "line", None)
    unknown = set(d) - _CONDITION_KEYS
    if unknown:
        raise _fail(path, line, f"unknown condition key(s): {', '.join(sorted(map(str, unknown)))}")
    fact = _str(path, d, "fact")
    if fact not in FACT_NAMES:
        raise _fail(path, line, f"unknown fact {fact!r}; expected one of {', '.join(FACT_NAMES)}")
    min_age, max_age = d.get("min_age"), d.get("max_age")
    for bound in (min_age, max_age):
        if bound is not None and (not isinstance(bound, int) or isinstance(bound, bool)):
            raise _fail(path, line, "min_age/max_age must be integers")
    one_of = _str_tuple(path, d, "one_of")
    uncertain = _str_tuple(path, d, "uncertain_values")
    equals = d.get("equals")
    tests = sum((min_age is not None or max_age is not None, equals is not None, bool(one_of)))
    if tests != 1:
        raise _fail(path, line, "a condition needs exactly one of min_age/max_age, equals, one_of")
    if (min_age is not None or max_age is not None) and fact != "age":
        raise _fail(path, line, "min_age/max_age only apply to fact 'age'")
    if fact == "age" and min_age is None and max_age is None:
        raise _fail(path, line, "fact 'age' needs min_age and/or max_age")
    if equals is not None:
        if fact in _BOOL_FACTS and not isinstance(equals, bool):
            raise _fail(path, line, f"equals for {fact!r} must be true or false")
        if fact not in _BOOL_FACTS and equals not in _ALLOWED_VALUES.get(fact, ()):
            raise _fail(path, line, f"equals {equals!r} is not a valid value of {fact!r}")
    allowed = _ALLOWED_VALUES.get(fact)
    for value in one_of + uncertain:
        if allowed is None or value not in allowed:
            raise _fail(path, line, f"{value!r} is not a valid value of {fact!r}")
    alternatives = d.get("or", [])
    if not isinstance(alternatives, list):
        raise _fail(path, line, "'or' must be a list of conditions")
    return Condition(
        fact=fact,
        clause=_str(path, d, "clause"),
        question_zh=_str(path, d, "question_zh"),
        question_en=_str(path, d, "question_en"),
        min_age=min_age,
        max_age=max_age,
        equals=equals,
        one_of=one_of,
        uncertain_values=uncertain,
        list_is_open=bool(d.get("list_is_open", False)),
        open_note_zh=_str(path, d, "open_note_zh", required=False),
        open_note_en=_str(path, d, "open_note_en", required=False),
        note_zh=_str(path, d, "note_zh", required=False),
        note_en=_str(path, d, "note_en", required=False),
        alternatives=tuple(_parse_condition(path, a) for a in alternatives),
        assume_if_missing=_bool(path, d, "assume_if_missing"),
        assumed_note_zh=_str(path, d, "assumed_note_zh", required=False),
        assumed_note_en=_str(path, d, "assumed_note_en", required=False),
    )


def load_rules(path: Path) -> list[RuleSet]:
    """Read rule sets from YAML; the only I/O in this module."""
    path = Path(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise _fail(path, line, f"invalid YAML: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise _fail(path, None, f"invalid YAML: {exc}") from exc
    except OSError as exc:
        raise _fail(path, None, f"cannot read rules: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("rule_sets"), list):
        raise _fail(path, getattr(raw, "line", None), "expected a mapping with a 'rule_sets' list")
    default_document = raw.get("document")
    out: list[RuleSet] = []
    for d in raw["rule_sets"]:
        if not isinstance(d, dict):
            raise _fail(path, None, "each rule set must be a mapping")
        line = getattr(d, "line", None)
        unknown = set(d) - _RULESET_KEYS
        if unknown:
            raise _fail(path, line, f"unknown rule set key(s): {', '.join(sorted(map(str, unknown)))}")
        item = d.get("item")
        if not isinstance(item, int) or isinstance(item, bool) or not 1 <= item <= 99:
            raise _fail(path, line, "'item' must be a positive integer")
        document = d.get("document", default_document)
        if not isinstance(document, str) or not document:
            raise _fail(path, line, "'document' missing (per rule set or at top level)")
        conditions = d.get("conditions")
        if not isinstance(conditions, list) or not conditions:
            raise _fail(path, line, "'conditions' must be a non-empty list")
        out.append(
            RuleSet(
                document=document,
                item=item,
                program=_str(path, d, "program"),
                program_en=_str(path, d, "program_en"),
                target_zh=_str(path, d, "target_zh"),
                target_en=_str(path, d, "target_en"),
                conditions=tuple(_parse_condition(path, c) for c in conditions),
                units_zh=_str(path, d, "units_zh", required=False),
                units_en=_str(path, d, "units_en", required=False),
                note_zh=_str(path, d, "note_zh", required=False),
                note_en=_str(path, d, "note_en", required=False),
                keywords=_str_tuple(path, d, "keywords"),
            )
        )
    return out


def all_conditions(conditions: tuple[Condition, ...]) -> list[Condition]:
    """Every condition, its alternatives included (to check each cites the plan)."""
    out: list[Condition] = []
    for c in conditions:
        out.append(c)
        out.extend(all_conditions(c.alternatives))
    return out


def check_clauses(rule_sets: list[RuleSet], policy_text: str, document: str | None = None) -> tuple[str, ...]:
    """Quoted texts (clauses, targets, units) that are NOT in the policy text; empty = all cited exactly."""
    missing: list[str] = []
    for rs in rule_sets:
        if document is not None and rs.document != document:
            continue
        quoted = [rs.target_zh] + ([rs.units_zh] if rs.units_zh else [])
        quoted += [c.clause for c in all_conditions(rs.conditions)]
        missing.extend(q for q in quoted if q not in policy_text and q not in missing)
    return tuple(missing)


def select_rule(rule_sets: list[RuleSet], document: str, item: int, question: str) -> RuleSet | None:
    """Pick the program of an item the question is about (screening vs. assistance); default the first."""
    candidates = [rs for rs in rule_sets if rs.document == document and rs.item == item]
    if not candidates:
        return None
    q = question.lower()
    scores = [sum(1 for k in rs.keywords if k.lower() in q) for rs in candidates]
    best = max(scores)
    return candidates[scores.index(best)] if best > 0 else candidates[0]


# --------------------------------------------------------------------------------------
# Judgement
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Judgement:
    """A verdict with the clause it rests on, or the next question to ask."""

    verdict: Verdict | None  # None when a deciding fact is missing
    missing_facts: tuple[str, ...]
    next_question_zh: str | None
    next_question_en: str | None
    reason_zh: str
    reason_en: str
    clause: str


_PASS, _FAIL, _MISSING, _OPEN = "pass", "fail", "missing", "open"


@dataclass(frozen=True)
class _Outcome:
    status: str
    leaves: tuple[Condition, ...]  # the condition(s) that decided the status
    missing: tuple[str, ...] = ()
    question: Condition | None = None  # whose question to ask when missing


def _value(facts: Facts, fact: str) -> Any:
    """A fact's value; is_child follows from a stated age when not said directly."""
    value = getattr(facts, fact)
    if fact == "is_child" and value is None and facts.age is not None:
        return facts.age < 18
    return value


def _evaluate_leaf(c: Condition, facts: Facts) -> str:
    """One test on one fact; a value the plan leaves open is "open", never "fail"."""
    value = _value(facts, c.fact)
    if value is None or value == ():
        return _PASS if c.assume_if_missing else _MISSING
    if c.fact == "age":
        too_young = c.min_age is not None and value < c.min_age
        too_old = c.max_age is not None and value > c.max_age
        return _FAIL if too_young or too_old else _PASS
    if c.equals is not None:
        if value == c.equals:
            return _PASS
        return _OPEN if value in c.uncertain_values else _FAIL
    values = value if isinstance(value, tuple) else (value,)
    if any(v in c.one_of for v in values):
        return _PASS
    if any(v in c.uncertain_values for v in values):
        return _OPEN
    if c.list_is_open and NO_DISABILITY not in values:
        return _OPEN
    return _FAIL


def _evaluate(c: Condition, facts: Facts) -> _Outcome:
    """Evaluate a condition with its OR-alternatives: pass > missing > open > fail."""
    leaves = (replace(c, alternatives=()),) + c.alternatives
    results = [(leaf, _evaluate(leaf, facts) if leaf.alternatives else _Outcome(_evaluate_leaf(leaf, facts), (leaf,))) for leaf in leaves]
    for _leaf, r in results:
        if r.status == _PASS:
            return _Outcome(_PASS, r.leaves)
    missing = [(leaf, r) for leaf, r in results if r.status == _MISSING]
    if missing:
        facts_needed: list[str] = []
        for leaf, r in missing:
            for name in r.missing or (leaf.fact,):
                if name not in facts_needed:
                    facts_needed.append(name)
        asker = c if len(missing) == len(results) else (missing[0][1].question or missing[0][0])
        return _Outcome(_MISSING, tuple(leaf for leaf, _ in missing), tuple(facts_needed), asker)
    for _leaf, r in results:
        if r.status == _OPEN:
            return _Outcome(_OPEN, r.leaves)
    return _Outcome(_FAIL, tuple(x for _, r in results for x in r.leaves))


_ITEM_ZH = ("", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十")

# subject -> (zh, en, be, have); self is addressed as 您 / you.
_WHO: dict[str | None, tuple[str, str, str, str]] = {
    None: ("当事人", "the person concerned", "is", "has"),
    "self": ("您", "you", "are", "have"),
    "child": ("孩子", "the child", "is", "has"),
    "daughter": ("您女儿", "your daughter", "is", "has"),
    "son": ("您儿子", "your son", "is", "has"),
    "granddaughter": ("您孙女", "your granddaughter", "is", "has"),
    "grandson": ("您孙子", "your grandson", "is", "has"),
    "mother": ("您母亲", "your mother", "is", "has"),
    "mother-in-law": ("您婆婆", "your mother-in-law", "is", "has"),
    "daughter-in-law": ("您儿媳", "your daughter-in-law", "is", "has"),
    "grandmother": ("您奶奶", "your grandmother", "is", "has"),
    "wife": ("您妻子", "your wife", "is", "has"),
    "sister": ("您姐妹", "your sister", "is", "has"),
    "husband": ("您丈夫", "your husband", "is", "has"),
    "father": ("您父亲", "your father", "is", "has"),
    "grandfather": ("您爷爷", "your grandfather", "is", "has"),
    "nephew": ("您侄子/外甥", "your nephew", "is", "has"),
    "brother": ("您兄弟", "your brother", "is", "has"),
    "niece": ("您侄女/外甥女", "your niece", "is", "has"),
}

_DISABILITY_EN = {"视力": "visual", "智力": "intellectual", "肢体": "physical", "听力": "hearing", "言语": "speech", "孤独症": "autism"}
_FAMILY_ZH = {
    "服刑人员子女": "是服刑人员子女",
    "精神疾病患者子女": "是精神疾病患者子女",
    "孤儿": "是孤儿",
    "出嫁女": "是出嫁女",
    "离婚丧偶": "离婚或丧偶",
    "外出打工": "外出打工",
}
_FAMILY_EN = {
    "服刑人员子女": "a child of a prisoner",
    "精神疾病患者子女": "a child of a parent with mental illness",
    "孤儿": "an orphan",
    "出嫁女": "a married-out daughter (出嫁女)",
    "离婚丧偶": "divorced or widowed",
    "外出打工": "working away from home (外出打工)",
}
# For a child, 外出打工 / 离婚丧偶 said in the conversation are about the parents.
_FAMILY_CHILD_ZH = {"外出打工": "父母外出打工", "离婚丧偶": "父母离婚或丧偶"}
_FAMILY_CHILD_EN = {"外出打工": "a child of a parent working away from home", "离婚丧偶": "a child of divorced or widowed parents"}
_FACT_LABEL = {
    "age": ("年龄", "age"),
    "sex": ("性别", "sex"),
    "is_child": ("是否为未成年儿童", "whether they are a minor"),
    "residence": ("住在农村还是城镇", "whether they live in a rural or urban area"),
    "hardship": ("是否属于困难/困境情况", "whether the family is in hardship"),
    "low_income": ("是否为低收入家庭", "whether the household is low-income"),
    "disabilities": ("残疾类别", "the type of disability"),
    "family": ("家庭情况", "the family circumstances"),
    "has_cancer": ("是否确诊宫颈癌或乳腺癌", "whether cervical or breast cancer has been diagnosed"),
    "own_room": ("是否有独立的居住和学习环境", "whether they have their own space to live and study"),
    "in_collective": ("是否为村集体经济组织成员", "whether they belong to a village collective"),
}


def _predicate(fact: str, value: Any, c: Condition | None = None, child: bool = False) -> tuple[str, str, bool]:
    """(zh, en, en_uses_have) describing a stated fact, e.g. ("66岁", "66 years old", False).

    `child`: the subject is a child, so 外出打工 / 离婚丧偶 describe the parents.
    """
    if fact == "age":
        return f"{value}岁", f"{value} years old", False
    if fact == "sex":
        return ("是女性", "female", False) if value == "female" else ("是男性", "male", False)
    if fact == "is_child":
        return ("是未成年儿童", "a minor", False) if value else ("已成年", "an adult", False)
    if fact == "residence":
        return ("在农村", "in a rural area", False) if value == "rural" else ("在城镇", "in a city or town", False)
    if fact == "hardship":
        return ("家庭困难", "in hardship", False) if value else ("家庭不属于困难情况", "not in hardship", False)
    if fact == "low_income":
        return (
            ("是低收入家庭", "from a low-income household", False)
            if value
            else ("不是低收入家庭", "not from a low-income household", False)
        )
    if fact == "has_cancer":
        return (
            ("已确诊宫颈癌或乳腺癌", "been diagnosed with cervical or breast cancer", True)
            if value
            else ("未确诊宫颈癌或乳腺癌", "not been diagnosed with cervical or breast cancer", True)
        )
    if fact == "own_room":
        return (
            ("有独立的居住和学习空间", "their own space to live and study", True)
            if value
            else ("没有独立的居住和学习环境", "without their own space to live and study", False)
        )
    if fact == "in_collective":
        return (
            ("是村集体经济组织成员", "a member of a village collective", False)
            if value
            else ("跟任何村集体经济组织都没有关系", "not tied to any village collective", False)
        )
    if fact == "disabilities":
        if NO_DISABILITY in value:
            return "没有残疾", "no disability", True
        shown = [v for v in value if c is None or not c.one_of or v in c.one_of] or list(value)
        zh = "、".join(v if v == "孤独症" else f"{v}残疾" for v in shown)
        en = " and ".join(f"a {_DISABILITY_EN[v]} disability" if v != "孤独症" else "autism" for v in shown)
        return f"有{zh}", en, True
    shown = [v for v in value if c is None or not c.one_of or v in c.one_of] or list(value)
    family_zh = {**_FAMILY_ZH, **_FAMILY_CHILD_ZH} if child else _FAMILY_ZH
    family_en = {**_FAMILY_EN, **_FAMILY_CHILD_EN} if child else _FAMILY_EN
    return "，".join(family_zh[v] for v in shown), " and ".join(family_en[v] for v in shown), False


def _describe(facts: Facts, leaves: tuple[Condition, ...]) -> tuple[str, str]:
    """ "您66岁，是男性" / "you are 66 years old and male" for the facts behind these conditions."""
    who_zh, who_en, be, have = _WHO.get(facts.subject, _WHO[None])
    zh_parts: list[str] = []
    en_parts: list[str] = []
    seen: set[str] = set()
    for leaf in leaves:
        if leaf.fact in seen:
            continue
        seen.add(leaf.fact)
        value = _value(facts, leaf.fact)
        if value is None or value == ():
            continue
        zh, en, uses_have = _predicate(leaf.fact, value, leaf, child=_value(facts, "is_child") is True)
        zh_parts.append(zh)
        en_parts.append(f"{have if uses_have else be} {en}")
    if not zh_parts:
        return "", ""
    en_joined = ", ".join(en_parts[:-1]) + (" and " if len(en_parts) > 1 else "") + en_parts[-1]
    return who_zh + "，".join(zh_parts), f"{who_en} {en_joined}"


def _target(rules: RuleSet) -> tuple[str, str]:
    """Every reason starts from who the item is for, in the plan's own words."""
    return (
        f"本项面向{rules.target_zh}（第{_ITEM_ZH[rules.item] if rules.item <= 10 else rules.item}项）",
        f"this item is for {rules.target_en} (item {rules.item})",
    )


def _units(rules: RuleSet) -> tuple[str, str]:
    """Who to ask when the plan leaves the decision to the implementing units."""
    return (rules.units_zh or "本项的牵头/责任单位", rules.units_en or "the units responsible for this item")


def judge(rules: RuleSet, facts: Facts) -> Judgement:
    """Apply one rule set: fail beats missing beats open beats eligible."""
    outcomes = [_evaluate(c, facts) for c in rules.conditions]
    target_zh, target_en = _target(rules)
    units_zh, units_en = _units(rules)

    failed = [o for o in outcomes if o.status == _FAIL]
    if failed:
        leaves = tuple(x for o in failed for x in o.leaves)
        said_zh, said_en = _describe(facts, leaves)
        clause = failed[0].leaves[0].clause
        return Judgement(
            verdict="not_eligible",
            missing_facts=(),
            next_question_zh=None,
            next_question_en=None,
            reason_zh=f"不符合：{target_zh}，{said_zh}（方案原文：“{clause}”）。",
            reason_en=f"Not eligible: {target_en}; {said_en} (the plan says: “{clause}”).",
            clause=clause,
        )

    missing = [o for o in outcomes if o.status == _MISSING]
    if missing:
        names: list[str] = []
        for o in missing:
            names.extend(n for n in o.missing if n not in names)
        first = missing[0]
        asker = first.question or first.leaves[0]
        label_zh, label_en = _FACT_LABEL[first.missing[0]]
        return Judgement(
            verdict=None,
            missing_facts=tuple(names),
            next_question_zh=asker.question_zh,
            next_question_en=asker.question_en,
            reason_zh=f"还不能判断：{target_zh}，需要先了解{label_zh}。",
            reason_en=f"Cannot decide yet: {target_en}; first need to know {label_en}.",
            clause=asker.clause,
        )

    opened = [o for o in outcomes if o.status == _OPEN]
    if opened:
        leaf = opened[0].leaves[0]
        said_zh, said_en = _describe(facts, (leaf,))
        note_zh = leaf.open_note_zh or f"方案原文“{leaf.clause}”没有说明这种情况是否包括在内。"
        note_en = leaf.open_note_en or f"the plan (“{leaf.clause}”) does not say whether this case is included."
        return Judgement(
            verdict="uncertain",
            missing_facts=(),
            next_question_zh=None,
            next_question_en=None,
            reason_zh=f"无法确定：{target_zh}，{said_zh}；{note_zh}请向{units_zh}咨询。",
            reason_en=f"Uncertain: {target_en}; {said_en}; {note_en} Please ask {units_en}.",
            clause=leaf.clause,
        )

    leaves = tuple(x for o in outcomes for x in o.leaves)
    said_zh, said_en = _describe(facts, leaves)
    assumed = [x for x in leaves if x.assume_if_missing and _value(facts, x.fact) in (None, ())]
    notes_zh = "".join(x.note_zh for x in leaves if x.note_zh) + "".join(x.assumed_note_zh for x in assumed)
    notes_zh += rules.note_zh
    notes_en = " ".join(
        [x.note_en for x in leaves if x.note_en]
        + [x.assumed_note_en for x in assumed if x.assumed_note_en]
        + ([rules.note_en] if rules.note_en else [])
    )
    return Judgement(
        verdict="eligible",
        missing_facts=(),
        next_question_zh=None,
        next_question_en=None,
        reason_zh=f"符合：{target_zh}，{said_zh}。{notes_zh}具体安排请咨询{units_zh}。",
        reason_en=" ".join(p for p in (f"Eligible: {target_en}; {said_en}.", notes_en, f"For arrangements, ask {units_en}.") if p),
        clause=rules.target_zh,
    )


_YES_RE = re.compile(r"(?:是|是的|对|对的|嗯|有|有的|确诊了|属于|算|yes|yeah|yep|correct|right|true)[。.!！]?")
_NO_RE = re.compile(r"(?:不是|不|没有|没|无|不对|不属于|不算|no|nope|not really|false)[。.!！]?")


def answer_facts(fact: str, text: str) -> Facts:
    """Facts from a reply to the question about `fact`, so a bare 是/不是/yes/no is understood."""
    facts = extract_facts(text)
    if fact not in FACT_NAMES or getattr(facts, fact) not in (None, ()):
        return facts
    reply = text.strip().lower()
    yes, no = bool(_YES_RE.fullmatch(reply)), bool(_NO_RE.fullmatch(reply))
    if yes == no:
        return facts
    if fact in _BOOL_FACTS:
        return replace(facts, **{fact: yes})
    if fact == "sex":  # questions about sex are phrased "是女性吗？"
        return replace(facts, sex="female" if yes else "male")
    return facts


__all__ = [
    "Condition",
    "Facts",
    "Judgement",
    "RuleError",
    "RuleSet",
    "Verdict",
    "answer_facts",
    "check_clauses",
    "extract_facts",
    "is_eligibility_question",
    "judge",
    "load_rules",
    "merge_facts",
    "select_rule",
]
