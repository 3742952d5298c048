"""Logistics a plan's items do not state, and a named institution said without its level word.

- An online channel before a procedure (在网上怎么预约报名, 能不能线上申请) or a booking (预约) asks how to apply,
  which an item answers only when its own text states such a channel or a booking.
- A day of the week or the weekend asked about alone (周一开不开放, 周末能去测吗) asks whether something is open or
  done then: hours an item answers only when it names such a day; beside another ask (周末谁负责, 要花钱吗) the
  day is a circumstance.
- A place blanked at the head of a clause (the plan's own city, taken out as scope) still opens an institution's
  name: <place>人民医院 is one named thing the item does not name, as <place>市人民医院 is.

Over the real Linyi plan (corpus/) and a made-up plan; the questions are this file's own phrasings.
"""

from __future__ import annotations

import pytest
from coverage_world import cut, decide, linyi_world, pinyin

from assistant.answering.coverage import build_evidence, clauses, coverage, question_terms
from assistant.corpus.parsing import parse_policy


@pytest.fixture(scope="module")
def world():
    return linyi_world()


# ---------------------------------------------------------------- online channels and booking


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("免费筛查可以在手机上预约吗？", 1),
        ("希望小屋能不能线上申请？", 5),
        ("体质监测在网上怎么报名？", 2),
        ("家长学校要提前预约吗", 3),
    ],
)
def test_an_online_channel_or_a_booking_the_item_does_not_state_is_not_covered(world, question, item):
    cov = decide(world, question, item)
    assert not cov.covered and cov.unmatched


def test_a_covered_ask_beside_an_online_channel_is_partial(world):
    cov = decide(world, "希望小屋由哪个单位负责？能在线上申请吗？", 5)
    assert cov.reason == "partial" and any("线上" in u for u in cov.unmatched)


@pytest.mark.parametrize("question", ["希望小屋由哪个单位负责？", "希望小屋面向哪些孩子？"])
def test_without_a_channel_the_same_asks_are_covered(world, question):
    assert decide(world, question, 5).reason == "covered"


MADE_UP = """某市2030年便民服务实事方案

一、开展老年人免费体检。全年为1万名65岁以上老年人免费体检,群众可通过网上报名或电话预约,每周六集中开放。(牵头单位:市卫生健康委)

二、建设社区食堂20处。(责任单位:市民政局)
"""


@pytest.fixture(scope="module")
def made_up():
    doc = parse_policy(MADE_UP, "made-up-services")
    evidence, plan = build_evidence([doc], _EmptyGlossary(), to_pinyin=pinyin)
    return doc, evidence, plan


class _EmptyGlossary:
    synonyms = ()
    units = ()


def _decide_made_up(made_up, question, item):
    doc, evidence, plan = made_up
    return coverage(question_terms(question, (), cut, to_pinyin=pinyin), evidence[(doc.doc_id, item)], plan, to_pinyin=pinyin)


def test_an_item_stating_an_online_channel_and_a_day_answers_them(made_up):
    assert _decide_made_up(made_up, "老年人体检能在网上报名吗？", 1).covered
    assert _decide_made_up(made_up, "老年人体检周末能去吗？", 1).covered


def test_an_item_silent_on_them_does_not(made_up):
    assert not _decide_made_up(made_up, "社区食堂能在网上预约吗？", 2).covered
    assert not _decide_made_up(made_up, "社区食堂周末开不开门？", 2).covered


# ---------------------------------------------------------------- days of the week


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("农家书屋星期天开不开？", 10),
        ("体质监测节假日能做吗？", 2),
        ("星期六能带孩子去图书馆的亲子阅读专区吗", 10),
    ],
)
def test_a_day_asked_about_alone_asks_for_hours_the_item_does_not_state(world, question, item):
    cov = decide(world, question, item)
    assert not cov.covered and cov.unmatched


def test_a_day_in_a_second_clause_leaves_the_first_answered(world):
    cov = decide(world, "农家书屋归谁管？礼拜天能去看书吗？", 10)
    assert cov.reason == "partial" and "礼拜天" in cov.unmatched


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("星期六带孩子去图书馆的亲子阅读专区要花钱吗", 10),  # a price ask the item answers (免费开放)
        ("周末的体质监测由哪个部门负责？", 2),  # who is in charge
        ("每周一次的体质监测有多少人参加？", 2),  # 每周一: no day (a rate)
    ],
)
def test_a_day_beside_another_ask_is_a_circumstance(world, question, item):
    terms = question_terms(question, world[0].find(question), cut, to_pinyin=pinyin)
    assert not any(t.kind == "ask" and t.canonical == "hours" for t in terms)


# ---------------------------------------------------------------- a named institution after a blanked place


def test_a_blank_opening_a_clause_is_kept():
    assert clauses("  人民医院能做吗？") == ["  人民医院能做吗？"]
    assert clauses(" 能做吗？") == ["能做吗？"]  # one space is no place taken out


@pytest.mark.parametrize("question", ["    人民医院能做两癌筛查吗？", "请问，    妇幼保健院能做两癌筛查吗？"])
def test_an_institution_after_a_blanked_place_is_a_named_thing(world, question):
    cov = decide(world, question, 1)
    assert not cov.covered and any("院" in u for u in cov.unmatched)


def test_a_plain_noun_pair_after_a_blanked_place_is_not_joined_when_the_item_has_it(world):
    assert decide(world, "    农村妇女能做两癌筛查吗？", 1).covered
