"""Counts of kinds and rates, over the real Linyi plan (corpus/); the questions are this file's own phrasings.

- Counting kinds (哪几类, 几种) asks what the item lists, like 哪些: no figure in 类 is required of the item.
- A generic rate of reaching a target (覆盖率, 普及率) asks for a percentage: answered by an item stating one,
  not by an item stating none. A rate of a particular thing (辍学率, 治愈率) is a thing the item must name, however
  jieba tags it.
"""

from __future__ import annotations

import pytest
from coverage_world import cut, decide, linyi_world, pinyin

from assistant.answering.coverage import question_terms


@pytest.fixture(scope="module")
def world():
    return linyi_world()


@pytest.mark.parametrize("question", ["残疾儿童康复救助管哪几类残疾？", "康复救助包括几类残疾？"])
def test_a_count_of_kinds_asks_what_the_item_lists(world, question):
    assert decide(world, question, 7).covered
    terms = question_terms(question, world[0].find(question), cut, to_pinyin=pinyin)
    assert not any(t.kind == "measure" and t.text == "类" for t in terms)


def test_a_count_of_kinds_of_a_thing_the_item_lacks_is_not_covered(world):
    assert not decide(world, "康复救助包括几类慢性病？", 7).covered


@pytest.mark.parametrize("question", ["城市社区家长学校的覆盖率是多少？", "家长学校普及率能到多少"])
def test_a_generic_rate_is_answered_by_a_percentage_the_item_states(world, question):
    assert decide(world, question, 3).covered  # 90%的城市社区和80%的农村社区建立家长学校


def test_a_generic_rate_is_not_answered_by_an_item_stating_no_percentage(world):
    assert not decide(world, "两癌筛查的覆盖率是多少？", 1).covered


@pytest.mark.parametrize(("question", "item"), [("家长学校的辍学率是多少？", 3), ("残疾儿童康复的治愈率有多少？", 7)])
def test_a_rate_of_a_particular_thing_must_be_named_by_the_item(world, question, item):
    cov = decide(world, question, item)
    assert not cov.covered and any(u.endswith("率") for u in cov.unmatched)
