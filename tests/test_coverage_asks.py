"""Who an item's programme is for by age, asks for money, and English words through the dictionary, over the real plan
(corpus/policies/linyi-2022-women-children-ten-things.txt, 临政办字〔2022〕78号, published at
http://www.linyi.gov.cn/). Each mechanism both ways, in Chinese and English; the questions are this file's own.

- An age stated (70岁) or implied by the person word (老人, elderly: 60 or over) outside the age range of the
  programme asked about (35-64岁) means the item is not for that person; inside it, or with no age said, it may be.
- An amount of money asked for (多少钱, how much does X cost) is answered only by an item stating one; whether
  something costs money (要花钱不, is there a fee) is answered by an item that says it is free (免费).
- An English word the dictionary renders by function words (besides: 除了, 此外) is how a question is put, not
  what it asks about; a word reaches its kin's glosses (renovation -> renovate); a gloss matches the plan's
  form with one more character inside it (孕妇 in 孕产妇).
- What is asked about when the asking says little: asking clauses of question words only ask about the statement's
  thing; a word before a synonym the item has only as such names another kind of it (就业补贴); X closing a 的
  phrase (查X的) is the thing asked, not a qualifier; a count asked of an action the item does not name leaves no
  covered ask, so no partial answer.
"""

from __future__ import annotations

import pytest
from coverage_world import DOC, cut, decide, linyi_world, pinyin

from assistant.answering.coverage import Person, coverage, not_for, persons, question_terms
from assistant.eligibility import extract_facts

SCREENING_AGES = (35, 64)  # item 1: 对全市40万名35-64岁的农村妇女和城镇部分妇女进行宫颈癌、乳腺癌免费筛查


@pytest.fixture(scope="module")
def world():
    return linyi_world()


# ---------------------------------------------------------------- ages


@pytest.mark.parametrize(
    "text",
    [
        "70岁以上老人体检有没有免费的",  # a stated age above the range, no sex named
        "我奶奶八十了，能免费筛查吗",
        "Can 70-year-old women get the free screening?",
        "Is the screening free for my 80-year-old neighbour?",
    ],
)
def test_an_age_outside_the_programmes_range_is_not_for_it(world, text):
    _, evidence, _ = world
    assert not_for(persons(text, extract_facts(text)), evidence[(DOC, 1)], SCREENING_AGES) is not None


@pytest.mark.parametrize(
    "text",
    [
        "我妈六十了，想做免费的两癌筛查",  # 60: inside 35-64
        "村里的妇女能免费筛查吗",  # no age said
        "My mother is 50, can she be screened for free?",
        "Can women in the village get the free screening?",
        "退休的阿姨能查两癌吗",  # retired says no age
    ],
)
def test_an_age_inside_the_range_or_none_is_not_told(world, text):
    _, evidence, _ = world
    assert not_for(persons(text, extract_facts(text)), evidence[(DOC, 1)], SCREENING_AGES) is None


@pytest.mark.parametrize("text", ["家里老人能做免费筛查吗", "Can elderly people get the free screening?"])
def test_an_implied_age_counts_only_where_the_range_ends_below_it(world, text):
    _, evidence, _ = world
    people = persons(text, extract_facts(text))
    assert not_for(people, evidence[(DOC, 1)], (35, 55)) is not None  # 老人, elderly: 60 or over
    assert not_for(people, evidence[(DOC, 1)], SCREENING_AGES) is None  # 60-64 is inside 35-64


def test_without_an_age_range_an_elderly_person_is_not_excluded_by_age(world):
    _, evidence, _ = world
    text = "家里老人能参加体质监测吗"  # item 2: 3000名妇女儿童, no age range
    assert not_for(persons(text, extract_facts(text)), evidence[(DOC, 2)]) is None


def test_person_words_carry_the_age_they_imply():
    assert persons("老人") == (Person("老人", None, False, min_age=60),)
    assert persons("elderly residents")[0].min_age == 60
    assert persons("退休人员")[0].min_age is None  # retirement says no age (women retire at 50 or 55)
    assert Person("", age=70).outside((35, 64)) and not Person("", age=40).outside((35, 64))
    assert Person("老人", min_age=60).outside((35, 55)) and not Person("老人", min_age=60).outside((35, 64))


# ---------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("question", "item", "asked"),
    [
        ("How much does each Hope Room cost to build?", 5, "cost"),  # the item states a count, not an amount
        ("What will the family education guidance centre cost?", 3, "cost"),
        ("希望小屋建一个要多少钱", 5, "多少钱"),
        ("两癌筛查一次的费用是多少", 1, "费用"),  # 免费 says it is free, not an amount
    ],
)
def test_an_amount_of_money_the_item_does_not_state_is_not_covered(world, question, item, asked):
    cov = decide(world, question, item)
    assert not cov.covered and asked in cov.unmatched


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("俺村的妇女去查那个两癌，要花钱不？", 1),  # 免费筛查
        ("两癌筛查收费吗", 1),
        ("Is there a fee for the cancer screening?", 1),
        ("How many Hope Rooms will be built?", 5),  # a count the item states is still answered
    ],
)
def test_whether_it_costs_money_is_answered_by_an_item_that_says_free(world, question, item):
    assert decide(world, question, item).covered


@pytest.mark.parametrize(("question", "item"), [("家长学校收费吗", 3), ("Is there a fee for the Hope Rooms?", 5)])
def test_whether_it_costs_money_is_not_answered_by_an_item_silent_on_it(world, question, item):
    assert not decide(world, question, item).covered


# ---------------------------------------------------------------- English words through the dictionary


def decide_en(world, question: str, item: int):
    from assistant.language.bilingual import dictionary

    matcher, evidence, plan = world
    terms = question_terms(question, matcher.find(question), cut, to_pinyin=pinyin, to_chinese=dictionary())
    return coverage(terms, evidence[(DOC, item)], plan, to_pinyin=pinyin, to_chinese=dictionary())


@pytest.mark.parametrize("word", ["besides", "else", "otherwise", "already"])
def test_a_word_the_dictionary_renders_by_function_words_is_how_a_question_is_put(word):
    from assistant.answering.coverage import _function_word, load_lexicon
    from assistant.language.bilingual import dictionary

    assert _function_word(word, load_lexicon(), cut, dictionary())


@pytest.mark.parametrize("word", ["free", "land", "hospital", "tickets", "colon", "alone", "rural"])
def test_a_content_word_is_not_a_function_word(word):
    from assistant.answering.coverage import _function_word, load_lexicon
    from assistant.language.bilingual import dictionary

    assert not _function_word(word, load_lexicon(), cut, dictionary())


def test_a_function_word_no_longer_vetoes_a_question_and_a_foreign_noun_still_does(world):
    assert "besides" not in decide_en(world, "Who runs the Hope Rooms besides the Youth League?", 5).unmatched
    cov = decide_en(world, "Who runs the Hope Rooms besides the railway?", 5)
    assert not cov.covered and "railway" in cov.unmatched


@pytest.mark.parametrize(
    ("word", "kin"),
    [("renovation", "装修"), ("exemption", "免除"), ("growth", "增长"), ("sanitary", "卫生"), ("protection", "保护")],
)
def test_a_word_reaches_the_glosses_of_its_kin_of_another_word_class(word, kin):
    from assistant.language.bilingual import dictionary

    assert kin in dictionary()(word)


@pytest.mark.parametrize("word", ["million", "mission", "pension", "station"])
def test_a_word_that_only_looks_derived_gets_no_kins_glosses(word):
    from assistant.language.bilingual import dictionary

    unrelated = {"million": "磨坊", "mission": "想念", "pension": "笔会", "station": "状态"}
    assert unrelated[word] not in dictionary()(word)


def test_a_gloss_with_one_more_character_inside_is_the_plans_longer_form():
    from assistant.answering.coverage import Term, gloss_in, load_lexicon

    term = Term("pregnant women", "word", 0, True)
    to_chinese = lambda t, primary=False: ("孕妇",)  # noqa: E731 - the dictionary's word for the term
    # 孕产妇: as written in maternal-health plans (e.g. 提升孕产妇和儿童健康水平)
    assert gloss_in(term, "加强孕产妇健康管理", load_lexicon(), to_chinese) == "孕产妇"
    assert gloss_in(term, "加强妇女健康管理", load_lexicon(), to_chinese) is None
    assert gloss_in(term, "孕检和妇科", load_lexicon(), to_chinese) is None  # two characters between: not the word


# ---------------------------------------------------------------- which one


@pytest.mark.parametrize(
    ("question", "item", "kind"),
    [
        ("去哪家医院做两癌筛查", 1, "医院"),  # the item names no hospital; another part of the plans may
        ("Which hospital exactly should I go to for the cervical cancer screening?", 1, "hospital"),
    ],
)
def test_picking_out_one_of_a_kind_the_item_does_not_name_is_not_covered(world, question, item, kind):
    cov = decide_en(world, question, item)
    assert not cov.covered and kind in cov.unmatched


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("哪些社区要建家长学校", 3),  # 90%的城市社区和80%的农村社区建立家长学校
        ("Which cancers are screened?", 1),  # 宫颈癌、乳腺癌
        ("两癌筛查在医院做吗", 1),  # not picking one out: a hospital named elsewhere stays neutral
    ],
)
def test_picking_out_one_of_a_kind_the_item_names_is_covered(world, question, item):
    assert decide_en(world, question, item).covered


def test_a_covered_ask_beside_a_which_the_item_cannot_answer_is_partial(world):
    cov = decide_en(world, "两癌筛查是哪两个癌？另外在哪家医院做、要不要预约？", 1)
    assert cov.reason == "partial" and cov.unmatched == ("医院", "预约")  # 医院 is no mistyped 亿元; the item states no booking


# ---------------------------------------------------------------- a verb alone ties no clause to an item


def test_a_verb_of_the_item_beside_a_thing_it_does_not_name_is_not_covered(world):
    cov = decide_en(world, "结婚登记要预约吗，周末能办不", 1)  # 能办: 办 is somewhere in the item's text
    assert not cov.covered and "结婚登记" in cov.unmatched
    cov = decide_en(world, "体质监测要排队多久，周末能测吗？", 2)  # 多久 asks in a clause without a question mark
    assert not cov.covered and "多久" in cov.unmatched


@pytest.mark.parametrize(
    ("question", "item", "uncovered"),
    [
        ("家长学校要覆盖多少农村社区？上课收费吗？", 3, "收费"),  # the item names a thing: the verb clause is partial
        ("How many Hope Rooms will be built, and do families have to pay?", 5, "have to pay"),
    ],
)
def test_a_thing_the_item_names_keeps_a_partial_answer(world, question, item, uncovered):
    cov = decide_en(world, question, item)
    assert cov.reason == "partial" and uncovered in cov.unmatched


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("家长学校那个事儿，城里社区得建到几成？", 3),  # 几成: tenths, a percentage (90%的城市社区)
        ("So how many village moms get the free cancer checks?", 1),  # moms: a plural of a neutral word
        ("Which authority cracks down on child trafficking?", 8),  # authority: a word of asking who
    ],
)
def test_colloquial_asks_reach_the_item(world, question, item):
    assert decide_en(world, question, item).covered


def test_an_age_is_only_one_the_question_states():
    text = "今年两癌筛查全市一共要给多少名妇女查？"  # no one's age: 两 is no age
    assert all(p.age is None for p in persons(text, extract_facts(text)))
    text = "我奶奶八十了，能免费筛查吗"
    assert persons(text, extract_facts(text))[0].age == 80


def test_a_thing_nothing_covers_in_a_statement_is_context(world):
    # 屋子 (the plan says 小屋) in the statement; the asking clause points back at it
    assert decide_en(world, "听说有给困难娃娃收拾屋子的活儿，这事归谁管呐？", 5).covered


@pytest.mark.parametrize("question", ["免费筛查里说的“两癌”，具体是指哪些病？", "市财政局在方案里涉及哪些事项？"])
def test_which_of_a_generic_kind_asks_what_the_item_lists(world, question):
    assert decide_en(world, question, 1).covered


def test_a_particle_glued_to_a_verb_is_not_a_thing_asked_about():
    # a tokenizer taught other plans' words may cut 管呐 as one word (seen in a full test run): not a noun asked for
    from assistant.answering.coverage import load_lexicon

    glued = [("这事", "r"), ("归", "v"), ("谁", "r"), ("管呐", "v"), ("？", "x")]
    terms = question_terms("这事归谁管呐？", (), lambda text: glued, load_lexicon())
    assert [t.text for t in terms] == []
    kept = [("谁", "r"), ("管", "v"), ("希望小屋呀", "n")]
    assert [t.text for t in question_terms("谁管希望小屋呀", (), lambda text: kept, load_lexicon())] == ["希望小屋"]


# ---------------------------------------------------------------- what is asked about when the asking says little


@pytest.mark.parametrize(
    ("question", "item", "uncovered"),
    [
        # the asking clauses are only question words: the statement's thing is what is asked about
        ("新买的电动车要上牌，去哪上？要带啥？", 10, "电动车"),
        ("I just bought an electric scooter and it needs a plate. Where do I go? What do I bring?", 10, "bring"),
    ],
)
def test_asking_clauses_with_no_content_ask_about_the_statement(world, question, item, uncovered):
    cov = decide_en(world, question, item)
    assert not cov.covered and uncovered in cov.unmatched


def test_asking_clauses_with_no_content_about_the_items_thing_are_answered(world):
    assert decide_en(world, "孩子想上家长学校，去哪报名？要带啥？", 3).covered  # (家长学校: item 3's own word)


@pytest.mark.parametrize(
    ("question", "uncovered"),
    [
        ("残疾人成年以后找工作，有哪些就业补贴？", "就业"),  # 补贴 reaches item 1 only as a synonym of its 救助资金
        ("Are there any employment subsidies for disabled adults?", "employment"),
    ],
)
def test_a_word_naming_another_kind_of_a_synonym_is_not_covered(world, question, uncovered):
    cov = decide_en(world, question, 1)
    assert not cov.covered and uncovered in cov.unmatched


@pytest.mark.parametrize(
    "question", ["两癌妇女有哪些补贴？", "两癌妇女的救助补贴怎么领？", "Which subsidies do low-income women with cancer get?"]
)
def test_the_synonym_alone_or_with_the_items_words_is_covered(world, question):
    assert decide_en(world, question, 1).covered


def test_before_the_items_own_word_a_verb_is_what_is_done_to_it(world):
    assert decide_en(world, "另外问一下，打击拐卖儿童是哪个单位负责？", 8).covered  # item 8 writes 拐卖


@pytest.mark.parametrize(
    ("question", "uncovered"),
    [
        ("临沂有没有免费查肺癌的？我抽烟好多年了", "肺癌"),  # 查肺癌的: the ones that screen for it, not a qualifier
        ("Is there anywhere in Linyi that screens for lung cancer for free?", "lung cancer"),
    ],
)
def test_the_uncovered_thing_asked_about_is_no_partial_answer(world, question, uncovered):
    cov = decide_en(world, question, 1)
    assert not cov.covered and uncovered in cov.unmatched


@pytest.mark.parametrize("question", ["有免费查两癌的吗？", "有没有免费的两癌筛查？"])
def test_the_covered_thing_asked_about_the_same_way_is_answered(world, question):
    assert decide_en(world, question, 1).covered


@pytest.mark.parametrize(
    "question",
    [
        "监狱探视服刑人员要预约吗？一个月能探几次？",  # item 6 names 服刑人员 (their children's aid), not visiting
        "Do I need to book a prison visit? How many times a month can I visit?",
    ],
)
def test_a_count_of_an_action_the_item_does_not_name_is_no_partial_answer(world, question):
    assert not decide_en(world, question, 6).covered


def test_a_count_the_item_states_keeps_the_partial_answer(world):
    cov = decide_en(world, "服刑人员的孩子有什么帮扶？一年给多少钱？", 6)
    assert cov.reason == "partial" and "多少钱" in cov.unmatched


@pytest.mark.parametrize(
    "question",
    ["Which hospital exactly do I go to for the breast cancer screening?", "两癌筛查去哪家医院做？"],
)
def test_which_one_of_a_kind_is_not_answered_for_another_items_thing(world, question):
    # item 7 (rehabilitation of disabled children) ties only by the kind asked to pick; the screening is item 1's
    cov = decide_en(world, question, 7)
    assert not cov.covered


@pytest.mark.parametrize("question", ["残疾儿童康复去哪家医院？", "Which hospital does the rehabilitation for disabled children?"])
def test_which_one_of_a_kind_for_the_items_own_thing_is_covered(world, question):
    assert decide_en(world, question, 7).covered


# ---------------------------------------------------------------- English questions joined by "and"


@pytest.mark.parametrize(
    ("question", "item", "uncovered"),
    [
        # a covered ask and an ask the item does not answer, joined by "and": partial, as the comma makes it in Chinese
        ("Who runs the Hope Rooms and what is their phone number?", 5, "phone"),
        ("How many Hope Rooms will be built and how big is each one?", 5, "big"),
        ("希望小屋谁负责，电话多少？", 5, "电话"),
    ],
)
def test_a_second_question_joined_by_and_is_a_clause_of_its_own(world, question, item, uncovered):
    cov = decide_en(world, question, item)
    assert cov.reason == "partial" and uncovered in cov.unmatched, cov


@pytest.mark.parametrize(
    "question",
    [
        # "and" inside one ask joins its things, not two questions; a near-miss joined to a covered ask stays uncovered
        "How do I renew my passport and when does the office open?",
        "护照怎么续签，办事处几点开门？",
    ],
)
def test_and_without_a_second_question_word_or_with_nothing_covered_is_not_partial(world, question):
    cov = decide_en(world, question, 5)
    assert cov.reason != "partial", cov
