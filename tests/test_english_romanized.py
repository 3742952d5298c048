"""English questions naming a place of a plan in pinyin (issue 11 point 4, English as first-class).

A word the dictionary has no meaning for, spelled by the toneless syllables of two or more characters in a row of
the item, is the item's (Fuhai for 富海). Both directions: a romanized name the item does not write stays foreign,
and so do part-syllables and one-syllable words. A city in scope.yaml's other_places written in pinyin (Shanghai)
is off-topic only when no indexed plan's place, issuer or title reads so.

Plans used (sources):
- eval/plans/fresh/fuyu-2020-standing-meeting.txt,
  http://xianyu.chinaxiaokang.com/qiqihaershidiji/fuyuxian/yaowen/2020/0309/2390680.html
  (item 7 "七是听取关于富海镇富海村污水处理设施新建工程项目情况的汇报。")
- eval/plans/fresh/shanghai-2019-practical-things.txt, http://www.jumpstarthappiness.com/policy/71258.html
  (沪府办发〔2019〕1号, issued by 上海市人民政府办公厅)
The questions are this file's own phrasings, not taken from the eval sets.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from coverage_world import chinese as _chinese
from coverage_world import cut, decide_key, pinyin, plan_world
from coverage_world import fine_cut as _fine_cut

from assistant.answering.coverage import _pinyin_of, _spelled_in, question_terms
from assistant.corpus.loading import Scope

PLAN = Path(__file__).parent.parent / "eval" / "plans" / "fresh" / "fuyu-2020-standing-meeting.txt"


@pytest.fixture(scope="module")
def fuyu():
    return plan_world(PLAN)


def decide(fuyu, question, key):
    return decide_key(fuyu, question, key)


def test_a_pinyin_name_is_spelled_by_whole_syllables():
    text = "听取关于富海镇富海村污水处理设施"
    syllables = _pinyin_of(text, pinyin)
    assert _spelled_in("Fuhai", text, syllables)
    assert _spelled_in("fuhaicun", text, syllables)
    assert not _spelled_in("fuha", text, syllables)  # part of a syllable left over
    assert not _spelled_in("fuhu", text, syllables)
    assert not _spelled_in("wuhai", text, syllables)  # another place
    assert not _spelled_in("fu", text, syllables)  # one syllable: too short to tell


def test_a_village_named_in_pinyin_ties_the_question_to_the_item(fuyu):
    cov = decide(fuyu, "Is a sewage facility being built in Fuhai village?", "7")
    assert cov.covered
    assert "fuhai" in cov.matched


def test_a_village_the_item_does_not_name_stays_foreign(fuyu):
    cov = decide(fuyu, "Is a sewage facility being built in Dongtai village?", "7")
    assert not cov.covered
    assert "dongtai" in cov.unmatched


def test_a_city_written_in_pinyin_is_off_topic_only_when_no_plan_is_for_it():
    plan = SimpleNamespace(title="2019年市政府要完成的与人民生活密切相关的实事", place="上海市", issuer="上海市人民政府办公厅")
    scope = Scope((), (), ("上海", "北京", "Shanghai", "Beijing"))
    off = scope.off_topic_terms((plan,))
    assert "Shanghai" not in off and "上海" not in off
    assert "Beijing" in off and "北京" in off


def test_news_is_no_plural_of_new():
    from assistant.language.bilingual import dictionary

    assert "新闻" not in dictionary().chinese("new")  # "new elderly care beds" asks nothing about news
    assert "新闻" in dictionary().chinese("news")


@pytest.mark.parametrize(
    "question",
    [
        "Which of the targets are led by the district development and reform bureau?",
        "Which dept takes the lead on these targets?",
        "When did the govt office put out the plan?",
    ],
)
def test_past_forms_and_short_spellings_of_asking_words_are_no_terms(question):
    # (eval/plans dev class: 'led by', 'which dept', 'the govt office' were declined as things no item names)
    terms = question_terms(question, (), cut, to_pinyin=pinyin, to_chinese=_chinese, fine_cut=_fine_cut)
    assert not {"led", "dept", "govt"} & {t.text for t in terms}
