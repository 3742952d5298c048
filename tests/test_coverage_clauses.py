"""What each asking clause asks about, over the real plan (corpus/policies/linyi-2022-women-children-ten-things.txt,
临政办字〔2022〕78号, published at http://www.linyi.gov.cn/). Each mechanism both ways, in Chinese and English; the
questions are this file's own.

- The object of an ask, not a qualifier of it: a word the tokenizer tags as a verb but the dictionary gives no verb
  sense (体检: "abbr. for 体格检查") is a thing asked about; a free check-up is not the free screening.
- A named institution is one term: adjacent nouns opened by a place or a level word (市人民医院) are not their words
  (人民 of the issuer's 人民政府, 医院 of a glossary alias).
- Clause by clause: "and" before a question word starts another ask (Who runs X and what is their phone number:
  partial, not declined); a partial answer only when an ask of a covered clause is answered; a clause tied to the
  item by a unit's name alone (能找妇联要吗) asks the unit for the thing another clause names.
- A person the item is not for, asked about in a clause of their own beside an ask about the item itself: the item's
  ask is answered and the person is the part not covered.
"""

from __future__ import annotations

import pytest
from coverage_world import DOC, linyi_world, pinyin, terms_of

from assistant.answering.assistant import PolicyAssistant
from assistant.answering.coverage import _names, clauses, coverage, coverage_note, load_lexicon


@pytest.fixture(scope="module")
def world():
    return linyi_world()


def decide(world, question: str, item: int):
    from assistant.language.bilingual import dictionary

    _, evidence, plan = world
    return coverage(terms_of(world, question), evidence[(DOC, item)], plan, to_pinyin=pinyin, to_chinese=dictionary())


# ---------------------------------------------------------------- the object of the ask


@pytest.mark.parametrize("text", ["男的能做免费体检吗？", "老人能不能免费体检？", "村里有没有免费体检"])
def test_a_free_check_up_is_not_the_free_screening(world, text):
    cov = decide(world, text, 1)
    assert not cov.covered and "体检" in cov.unmatched


@pytest.mark.parametrize("text", ["两癌筛查免费吗？", "农村妇女能免费做两癌筛查吗", "两癌能免费查吗"])
def test_the_free_screening_asked_in_other_words_stays_covered(world, text):
    assert decide(world, text, 1).covered


# ---------------------------------------------------------------- named institutions


def test_adjacent_nouns_opened_by_a_level_word_or_a_blanked_place_are_one_name():
    lex = load_lexicon()
    assert ("人民医院", "nt") in _names([("市", "n"), ("人民", "n"), ("医院", "n")], lex)
    assert ("人民医院", "nt") in _names([("临沂市", "ns"), ("人民", "n"), ("医院", "n")], lex)
    assert ("人民医院", "nt") in _names([("在", "p"), (" ", "x"), (" ", "x"), ("人民", "n"), ("医院", "n")], lex)
    # a run of plain nouns with nothing naming it stays its words; so does a noun after a single space
    assert _names([("农村", "n"), ("妇女", "n")], lex) == [("农村", "n"), ("妇女", "n")]
    assert _names([("在", "p"), (" ", "x"), ("人民", "n"), ("医院", "n")], lex)[-1] == ("医院", "n")
    # a character that is no level word (问, tagged a noun) and an organisation's name (国务院 + 文件) open none
    assert _names([("问", "n"), ("妇女", "n"), ("儿童", "n")], lex) == [("问", "n"), ("妇女", "n"), ("儿童", "n")]
    assert _names([("国务院", "nt"), ("文件", "n")], lex) == [("国务院", "nt"), ("文件", "n")]


@pytest.mark.parametrize("text", ["两癌筛查指定在市人民医院做吗？", "两癌筛查是在县人民医院做吗"])
def test_a_hospital_the_plan_never_names_is_not_confirmed(world, text):
    cov = decide(world, text, 1)
    assert not cov.covered and any(u.endswith("人民医院") for u in cov.unmatched)


def test_the_issuers_words_do_not_answer_for_a_named_hospital(world):
    # item 0 holds the issuer 临沂市人民政府办公室: 人民 is there, 市人民医院 is not
    assert not decide(world, "两癌筛查指定在市人民医院做吗？", 0).covered


def test_a_unit_the_plan_names_is_still_found(world):
    assert decide(world, "两癌筛查是市妇联牵头吗？", 1).covered


# ---------------------------------------------------------------- clause by clause


def test_and_before_a_question_word_starts_another_clause():
    assert clauses("Who runs the Hope Cabins and what is their phone number?") == [
        "Who runs the Hope Cabins",
        "what is their phone number?",
    ]
    assert len(clauses("Who is in charge of the cervical and breast cancer screening?")) == 1


@pytest.mark.parametrize(
    ("text", "item", "uncovered"),
    [
        ("Who runs the Hope Cabins and what is their phone number?", 5, "phone"),
        ("两癌筛查是哪个单位牵头？在哪家医院做，电话多少？", 1, "电话"),
        ("两癌筛查覆盖多少人，在哪家医院做？", 1, "医院"),
    ],
)
def test_a_covered_ask_beside_an_uncovered_one_is_a_partial_answer(world, text, item, uncovered):
    cov = decide(world, text, item)
    assert cov.partial and uncovered in cov.unmatched
    assert uncovered in coverage_note(cov, "en" if text.isascii() else "zh")


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("两癌筛查在网上怎么预约，有没有小程序？", 1),  # how to book, and an app: nothing the item says is asked
        ("What is the phone number of the Hope Cabins?", 5),
    ],
)
def test_no_partial_answer_without_an_answered_ask(world, text, item):
    assert not decide(world, text, item).covered


def test_a_unit_named_only_as_whom_to_ask_does_not_cover_the_thing_asked(world):
    cov = decide(world, "离婚后的抚养费怎么算，能找妇联要吗？", 1)
    assert not cov.covered and "抚养费" in cov.unmatched
    # the unit asked about itself is covered
    assert decide(world, "市妇联负责哪些事？", 1).covered
    assert decide(world, "两癌筛查归市妇联管吗？", 1).covered


# ---------------------------------------------------------------- a person in a clause of their own


def test_a_person_asked_about_apart_leaves_the_items_own_ask_answered(world):
    text = "体质监测给开运动处方吗？成年男同志能不能也去测？"
    cov = decide(world, text, 2)
    assert cov.covered
    assert PolicyAssistant._asked_apart(text, "男同志", terms_of(world, text), cov)
    # asked in the same clause as the item, the person is the whole question
    alone = "男同志能不能做体质监测？"
    assert not PolicyAssistant._asked_apart(alone, "男同志", terms_of(world, alone), decide(world, alone, 2))
    english = "Does the fitness monitoring give exercise prescriptions? Can adult men take part too?"
    assert PolicyAssistant._asked_apart(english, "men", terms_of(world, english), decide(world, english, 2))


# ---------------------------------------------------------------- statements among questions


def test_a_sentence_closed_by_a_full_stop_states_when_questions_are_marked(world):
    text = "我今年五十二岁，一直没做过啥体检。听说今年有免费查宫颈癌乳腺癌的，我能去查吗？"
    terms = terms_of(world, text)
    assert not any(t.ask for t in terms if t.text == "体检")
    assert decide(world, text, 1).covered
    # the same words in a clause the question mark closes are asked
    assert any(t.ask for t in terms_of(world, "一直没做过啥体检？") if t.text == "体检")
