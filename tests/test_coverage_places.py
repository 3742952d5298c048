"""Where a thing is, what an alias says of it, and facts told about oneself, over the real plan
(corpus/policies/linyi-2022-women-children-ten-things.txt, 临政办字〔2022〕78号, published at http://www.linyi.gov.cn/).
Each mechanism both ways; the questions are this file's own.

- A where-ask (在哪儿, 什么地方, where) is answered by the item's sentence that places the thing asked about by a
  phrase other than the thing itself (在图书馆开设 the reading corner); a thing whose sentence names no place (the
  model book houses) or whose only such phrase is the thing itself (依托 the designated institutions, asked where they
  are) leaves the where-ask uncovered.
- A word the item has only through a glossary alias (门票 in 免门票, an alias of 免费开放) ties the question to the
  item only where the item says that term of the question's other things: admission to the libraries is covered,
  admission to the scenic-spot book bars is not.
- Facts the fact reader takes from the question (城里: residence) are who asks, not what is asked about.
"""

from __future__ import annotations

import pytest
from coverage_world import DOC, linyi_world, pinyin, terms_of

from assistant.answering.assistant import _circumstances, _fact_words
from assistant.answering.coverage import coverage, load_lexicon, located
from assistant.eligibility import base_schema


@pytest.fixture(scope="module")
def world():
    return linyi_world()


def decide(world, question: str, item: int, terms=None):
    from assistant.language.bilingual import dictionary

    _, evidence, plan = world
    terms = terms if terms is not None else terms_of(world, question)
    return coverage(terms, evidence[(DOC, item)], plan, to_pinyin=pinyin, to_chinese=dictionary())


# ---------------------------------------------------------------- where a thing is


def test_place_phrases_of_a_sentence():
    lex = load_lexicon()
    placed = located("在图书馆开设亲子阅读专区。", lex.place_markers, lex.not_places)
    assert [p for _, p in placed] == ["图书馆"]
    placed = located("依托各类定点康复机构,集中康复救助残疾儿童2200名。", lex.place_markers, lex.not_places)
    assert [p for _, p in placed] == ["各类定点康复机构"]
    # a time, a scope: no place
    assert located("于2022年底前完成。在此基础上进一步推进。", lex.place_markers, lex.not_places) == ()
    assert located("在全市范围内开展筛查。", lex.place_markers, lex.not_places) == ()


@pytest.mark.parametrize("text", ["亲子阅读专区开在哪儿？", "那里面说的亲子阅读专区开在什么地方？", "亲子阅读专区在哪里"])
def test_a_where_ask_about_a_placed_thing_is_covered(world, text):
    cov = decide(world, text, 10)
    assert cov.covered and not cov.unmatched, cov


@pytest.mark.parametrize("text", ["示范农家书屋建在哪里？", "农家书屋在什么地方"])
def test_a_where_ask_about_a_thing_placed_nowhere_is_not_covered(world, text):
    cov = decide(world, text, 10)
    assert not cov.covered and any(w in cov.unmatched for w in ("在哪里", "什么地方")), cov


def test_the_thing_itself_is_no_place_of_it_and_the_partial_answer_says_so(world):
    cov = decide(world, "残疾儿童康复救助多少人？定点康复机构有哪些，地址在哪？", 7)
    assert cov.covered and cov.reason == "partial" and "地址" in cov.unmatched, cov


# ---------------------------------------------------------------- what an alias says


@pytest.mark.parametrize("text", ["去景区看书吧要买门票吗，门票多少钱？", "在景区看书吧的话，景区门票多少钱一张？"])
def test_an_alias_of_a_term_the_item_says_of_other_things_ties_nothing(world, text):
    cov = decide(world, text, 10)
    assert not cov.covered and "门票" in cov.unmatched, cov


@pytest.mark.parametrize("text", ["图书馆要门票吗？", "博物馆收不收门票"])
def test_an_alias_of_a_term_said_of_the_asked_thing_stays_covered(world, text):
    cov = decide(world, text, 10)
    assert cov.covered and "门票" not in cov.unmatched, cov


# ---------------------------------------------------------------- facts told are not asked about

NARRATIVE = "我住在罗庄区城区的小区里，平时在超市上班。我今年三十八岁。听邻居说有免费两癌筛查，我们城里人能不能做啊？"


def test_a_residence_told_is_not_a_thing_asked_about(world):
    told = _fact_words(NARRATIVE, base_schema())
    assert "城里" in told
    assert not decide(world, NARRATIVE, 1).covered  # read as a thing, the word the item lacks declined it
    cov = decide(world, NARRATIVE, 1, _circumstances(terms_of(world, NARRATIVE), told))
    assert cov.covered and "城里人" not in cov.unmatched, cov


def test_a_fact_word_leaves_a_foreign_thing_foreign(world):
    text = "我是城里人，城里的体检中心在哪？"
    told = _fact_words(text, base_schema())
    cov = decide(world, text, 1, _circumstances(terms_of(world, text), told))
    assert not cov.covered, cov


def test_no_fact_told_changes_nothing(world):
    text = "两癌筛查覆盖多少人？"
    terms = terms_of(world, text)
    assert _circumstances(terms, _fact_words(text, base_schema())) == tuple(terms)


def test_a_finer_place_than_the_item_gives_is_not_covered(world):
    # the question names the place the item gives (图书馆) and asks a finer one (几楼)
    cov = decide(world, "亲子阅读专区在图书馆几楼？", 10)
    assert not cov.covered, cov


@pytest.mark.parametrize("text", ["两癌 screening 的 lead department 是哪个？", "十件实事总的是谁在那统筹着？"])
def test_a_glossary_name_of_a_role_is_no_unsaid_alias(world, text):
    item = 1 if "两癌" in text else 0
    assert decide(world, text, item).covered


def test_english_where_asks_both_ways(world):
    assert decide(world, "Where is the parent-child reading area set up?", 10).covered
    cov = decide(world, "Where are the model rural libraries?", 10)
    assert not cov.covered and "where are" in cov.unmatched, cov


# ---------------------------------------------------------------- what a figure is asked of


def test_a_figure_asked_of_an_uncovered_clause_is_not_answered(world):
    cov = decide(world, "给孕妇发营养补助吗，标准是多少？", 1)
    assert not cov.covered and "孕妇" in cov.unmatched, cov
    assert decide(world, "低收入两癌妇女有救助吗？救助多少人？", 1).covered


def test_the_notice_answers_a_figure_only_beside_the_asked_thing():
    from assistant.answering.coverage import Term, _figure_said

    # (the addressee line of a real notice, 湖州 2020, eval/plans/set3: no figure stated of the new district)
    notice = "2020年政府工作报告重点工作责任分解湖州市人民政府办公室2020年5月22日各区县人民政府,南太湖新区管委会,市府各部门"
    district = Term("南太湖", "word", 0, True)
    count = Term("个", "measure", 0, True)
    assert not _figure_said([district, count], {district: "item", count: "item"}, notice)
    tasks = Term("重点工作", "word", 0, True)
    assert _figure_said([tasks, count], {tasks: "item", count: "item"}, notice + "。共分解重点工作52项")
