"""English words of how a question names a plan and its figures (issue 10, English questions on real plans).

Numbers and ordinals (the 2nd meeting, the 14th Five-Year period, four) are figures, dropped as the Chinese numerals
are; the English names of a document's kind (notice, breakdown, key points, rules) say which document is meant, not
what is asked of it; goal and objective ask for a target, as target does; chair and preside render 主持; above
designated size is 规模以上. Each in both directions: a thing the plan does not state stays foreign beside them.

Plans used (sources):
- eval/plans/fresh/fuyu-2020-standing-meeting.txt,
  http://xianyu.chinaxiaokang.com/qiqihaershidiji/fuyuxian/yaowen/2020/0309/2390680.html
  (its title "县长邹浩主持召开县政府第二次常务会议")
- tests/data/real/lishan-2023-key-tasks.docx (item 1.1 "努力实现地区生产总值增长6.2%左右")
The questions are this file's own phrasings, not taken from the eval sets.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from coverage_world import chinese as _chinese
from coverage_world import cut, pinyin
from coverage_world import fine_cut as _fine_cut
from coverage_world import glosses as _glosses

from assistant.answering.coverage import build_evidence, coverage, question_terms, with_glosses

ROOT = Path(__file__).parent.parent
FUYU = ROOT / "eval" / "plans" / "fresh" / "fuyu-2020-standing-meeting.txt"
LISHAN = ROOT / "tests" / "data" / "real" / "lishan-2023-key-tasks.docx"


def _world(path: Path):
    from assistant.corpus.loading import load_corpus, parse_file
    from assistant.settings import PROJECT_ROOT

    doc = parse_file(path)
    evidence, plan = build_evidence([doc], load_corpus(PROJECT_ROOT / "corpus").glossary, to_pinyin=pinyin)
    return doc, with_glosses(evidence, _fine_cut, _glosses), plan


@pytest.fixture(scope="module")
def fuyu():
    return _world(FUYU)


@pytest.fixture(scope="module")
def lishan():
    return _world(LISHAN)


def terms(question):
    return question_terms(question, (), cut, to_pinyin=pinyin, to_chinese=_chinese, fine_cut=_fine_cut)


def decide(world, question, key):
    doc, evidence, plan = world
    number = 0 if key == "0" else next(it.number for it in doc.items if (it.key or str(it.number)) == key)
    return coverage(terms(question), evidence[(doc.doc_id, number)], plan, to_pinyin=pinyin, to_chinese=_chinese)


def test_numbers_and_ordinals_are_no_terms():
    said = {t.text for t in terms("What did the 2nd meeting say about the 14th Five-Year period and the four projects?")}
    assert not said & {"nd", "th", "five", "four", "2nd", "14th"}
    assert "meeting" in said and "period" in said


def test_an_ordinal_meeting_and_who_chaired_it_are_the_plans_own(fuyu):
    cov = decide(fuyu, "Who chaired the county government's 2nd standing meeting?", "0")
    assert cov.covered and not cov.unmatched


def test_a_meeting_on_something_the_plan_never_says_stays_declined(fuyu):
    cov = decide(fuyu, "Who chaired the county government's 2nd meeting on snow removal?", "0")
    assert not cov.covered
    assert "snow removal" in cov.unmatched or "snow" in cov.unmatched


def test_the_kind_of_document_names_the_plan_not_what_is_asked(fuyu):
    cov = decide(fuyu, "What is the document number of the county's task breakdown notice?", "0")
    assert cov.reason in ("covered", "no_terms")
    said = {t.text for t in terms("Who signed the key points circular and the rules?")}
    assert not said & {"notice", "circular", "breakdown", "points", "key points", "rules"}


def test_a_notice_about_something_else_stays_foreign(fuyu):
    cov = decide(fuyu, "What is the document number of the county's notice on heating subsidies?", "0")
    assert not cov.covered
    assert "heating" in cov.unmatched or "heating subsidies" in cov.unmatched


def test_a_goal_asks_for_the_target_the_item_sets(lishan):
    cov = decide(lishan, "What is the district's GDP growth goal?", "1.1")
    assert cov.covered


def test_a_goal_for_a_thing_the_item_does_not_set_stays_foreign(lishan):
    cov = decide(lishan, "What is the district's unemployment goal?", "1.1")
    assert not cov.covered
    assert "unemployment" in cov.unmatched


def test_a_word_beside_a_number_word_is_a_numbered_name():
    by_text = {t.text: t for t in terms("What is the double hundred project about?")}
    assert by_text["double"].unknown
    by_text = {t.text: t for t in terms("What is the double project about?")}
    assert not by_text["double"].unknown


@pytest.mark.parametrize("question", ["Who is the issuer of the county's rules?", "Which office put out this notice?"])
def test_asking_for_the_issuer_is_a_document_ask(question):
    from assistant.language.understanding import intents_of

    assert "document" in intents_of(question, (), ())


def test_putting_out_a_fire_is_no_document_ask():
    from assistant.language.understanding import intents_of

    assert "document" not in intents_of("How do firefighters put out a fire?", (), ())


XIANGYANG = ROOT / "eval" / "plans" / "set3" / "xiangyang-2022-ten-things.html"  # item 1 "全市改造老舊小區118個"


@pytest.fixture(scope="module")
def xiangyang():
    return _world(XIANGYANG)


def test_renovating_old_residential_compounds_is_the_plans_改造老旧小区(xiangyang):
    cov = decide(xiangyang, "How many old residential compounds will the city renovate?", "1")
    assert cov.covered


def test_renovating_something_the_item_does_not_name_stays_foreign(xiangyang):
    cov = decide(xiangyang, "How many old cinemas will the city renovate?", "1")
    assert not cov.covered
    assert "cinemas" in cov.unmatched


@pytest.mark.parametrize("question", ["Who screens older people for dementia?", "Who screens young children for autism?"])
def test_a_phrase_naming_people_by_age_is_who_is_asked_about(question):
    said = {t.text for t in terms(question)}
    assert not said & {"older people", "young children", "older", "young"}


def test_a_phrase_naming_no_people_stays_a_term():
    said = {t.text for t in terms("Who plants young trees?")}
    assert said & {"young trees", "trees"}


def _glossary_term(text: str, canonical: str):
    from assistant.answering.coverage import Term

    return Term(text, "glossary", 0, False, canonical=canonical)


def test_an_english_glossary_alias_counts_where_the_plan_writes_its_chinese_word():
    from assistant.answering.assistant import plans_write

    renovate = _glossary_term("renovate", "改造房屋")  # the glossary's canonical is not the plan's wording
    assert plans_write(renovate, ["全市改造老旧小区100个"])  # 改造: the plan's own word for it
    assert not plans_write(renovate, ["全市新建公园10个"])  # a plan that renovates nothing


def test_a_chinese_glossary_alias_counts_only_as_written():
    from assistant.answering.assistant import plans_write

    assert plans_write(_glossary_term("改造房屋", "改造房屋"), ["为困难儿童改造房屋"])
    assert not plans_write(_glossary_term("改造房屋", "改造房屋"), ["全市改造老旧小区100个"])


def test_a_phrase_naming_people_by_age_and_sex_stays_a_term():
    said = {t.text for t in terms("Who screens older men for dementia?")}
    assert "older men" in said
