"""Leftover words of how a question is put are not what it asks about (issue 11, in-scope questions declined).

Colloquial set phrases in an asking clause (真的假的, 那件事), a verbal measure (帮一把), a level of government with a
locative (县里), a one-character slip that leaves a character cut off (失宗 for 失踪), and an English "how many"
follow-up (how many women will it reach): each declined an in-scope question of the answerability sets 9a/9b. Each
rule is tested both ways: near-misses that ask for something no item covers stay declined. Over the real Linyi plan
(corpus/); the questions are this file's own phrasings unless marked.
"""

from __future__ import annotations

import pytest
from coverage_world import DOC, cut, fine_cut, linyi_world, pinyin


@pytest.fixture(scope="module")
def world():
    return linyi_world()


def _known(word: str) -> bool:
    import jieba

    return jieba.dt.FREQ.get(word, 0) > 0


def terms(world, question: str):
    from assistant.answering.coverage import question_terms
    from assistant.language.bilingual import dictionary

    d = dictionary()
    matcher, _, _ = world
    return question_terms(
        question,
        matcher.find(question),
        cut,
        to_pinyin=pinyin,
        is_word=_known,
        to_chinese=d,
        fine_cut=fine_cut,
        to_english=d.english,
    )


def decide(world, question: str, item: int):
    from assistant.answering.coverage import coverage

    _, evidence, plan = world
    return coverage(terms(world, question), evidence[(DOC, item)], plan, to_pinyin=pinyin)


def _term(world, question: str, text: str):
    return next(t for t in terms(world, question) if t.text == text)


# ---------------------------------------------------------------- colloquial set phrases


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("听说妇女能免费查两癌，真的假的？", 1),  # set 9a f9a-zh-040 put shorter
        ("打拐那件事是哪个部门负责？", 8),  # f9b-zh-075 without its opening
        ("听说有建希望小屋的，真的假的？", 5),
    ],
)
def test_a_colloquial_set_phrase_in_the_ask_does_not_decline(world, question, item):
    assert decide(world, question, item).covered


@pytest.mark.parametrize("phrase", ["个人所得税", "孤寡老人"])
def test_a_set_phrase_naming_a_thing_stays_a_thing_asked(world, phrase):
    t = _term(world, f"{phrase}有没有补贴？", phrase)
    assert t.strong and not t.generic


def test_a_near_miss_with_a_colloquial_tag_stays_declined(world):
    # the tag is how it asks; 肺癌 is what it asks about, and no item screens for it
    cov = decide(world, "听说妇女能免费查肺癌，真的假的？", 1)
    assert not cov.covered and "肺癌" in cov.unmatched


def test_a_colloquial_phrase_in_a_statement_is_a_circumstance_kept(world):
    # 没人管 tells the circumstance (nobody looks after the child) that decides the item: it stays a word of the question
    t = _term(world, "孩子没人管，有没有帮扶的", "没人管")
    assert not t.ask and not t.generic


# ---------------------------------------------------------------- a verbal measure: 帮一把


def test_a_verbal_measure_is_no_thing_asked(world):
    assert decide(world, "刚查出来乳腺癌，政府能帮一把不？", 1).covered
    assert all(t.text != "一把" for t in terms(world, "刚查出来乳腺癌，政府能帮一把不？"))


def test_a_verbal_measure_beside_a_foreign_thing_stays_declined(world):
    cov = decide(world, "刚查出来肺癌，政府能帮一把不？", 1)
    assert not cov.covered


# ---------------------------------------------------------------- a level of government: 县里


def test_a_level_with_a_locative_is_a_circumstance(world):
    assert _term(world, "县里有没有康复方面的救助？", "县里").generic
    assert decide(world, "县里有没有康复方面的救助？", 7).covered


def test_a_level_with_a_locative_does_not_cover_a_foreign_ask(world):
    cov = decide(world, "县里有没有养老方面的补贴？", 7)
    assert not cov.covered and "养老" in cov.unmatched


def test_a_level_word_of_its_own_stays(world):
    assert not _term(world, "县城有没有康复机构？", "县城").generic


# ---------------------------------------------------------------- a one-character slip: 失宗 for 失踪


def test_a_slipped_character_cut_off_sounds_like_the_item_word(world):
    cov = decide(world, "找失宗被拐儿童是哪个单位负责", 8)  # set 9a f9a-zh-054
    assert cov.covered


@pytest.mark.parametrize(
    ("pair", "found"),
    [
        ("失宗", True),  # 失踪 with one character slipped, the other in place
        ("是宗", False),  # the same syllables, no character of the item's word in place
        ("交税", False),  # nothing of the item sounds so
    ],
)
def test_a_single_character_is_the_item_word_only_by_a_one_character_slip(world, pair, found):
    from assistant.answering.coverage import Term, term_status

    _, evidence, plan = world
    t = Term(pair[1], "word", 0, True, pairs=(pair,))
    assert (term_status(t, evidence[(DOC, 8)], plan, to_pinyin=pinyin) == "item") is found


# ---------------------------------------------------------------- English: how many


def test_how_many_ties_a_follow_up_that_names_nothing_else(world):
    # set 9a f9a-en-038: the verb (reach) nothing covers does not decline a count asked of the item
    cov = decide(world, "and how many women will it reach?", 1)
    assert cov.reason != "not_covered"
    assert "how many" not in cov.matched  # no thing the plan mentions


def test_how_many_does_not_cover_a_foreign_thing(world):
    cov = decide(world, "How many people get lung cancer screening?", 1)
    assert not cov.covered and "lung" in cov.unmatched


# ---------------------------------------------------------------- English: a qualifier put in other words


def decide_en(world, question: str, item: int):
    from assistant.answering.coverage import coverage
    from assistant.language.bilingual import dictionary

    d = dictionary()
    _, evidence, plan = world
    return coverage(terms(world, question), evidence[(DOC, item)], plan, to_pinyin=pinyin, to_chinese=d, to_english=d.english)


@pytest.mark.parametrize(
    "question",
    ["What are the dream rooms for kids in difficulty?", "Who builds the dream rooms for kids?"],  # set 9a f9a-en-034
)
def test_a_qualifier_meaning_the_items_own_is_its_name_in_other_words(world, question):
    cov = decide_en(world, question, 5)  # 希望小屋: dream (心愿: wish) says what 希望 (to wish for) says
    assert cov.covered and "dream" not in cov.unmatched


@pytest.mark.parametrize(
    ("question", "item", "word"),
    [
        ("Who builds the storage rooms for kids?", 5, "storage"),
    ],
)
def test_a_qualifier_of_another_meaning_is_another_kind(world, question, item, word):
    cov = decide_en(world, question, item)
    assert not cov.covered and word in cov.unmatched
