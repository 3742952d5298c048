"""Coverage on real published plans as they come (tests/data/real, each plan's source address in its sidecar
.yaml and below): traditional characters with pronunciations printed after them, a compound the plan writes
split, dates and deadlines, figures in a unit the figure reader does not take, a meeting report's own text
(item 0) and places that are scope rather than content. Both directions: the paraphrase is covered, a
near-miss is still declined.

Plans used (sources):
- qixian-2022-livelihood.txt: http://jlbada.com/2022/05-05/2707188.html (traditional, with pinyin after characters)
- caidian-2023-gov-report-tasks.pdf: https://www.caidian.gov.cn/zwgk/zc/zfwj/qzfbgwj/202302/t20230208_2147809.shtml
- lishui-2020-civil-affairs-meeting.html: http://www.lishui.gov.cn/art/2020/12/24/art_1229430363_57310464.html
- feixian-2024-women-children.txt: http://feixian.gov.cn/info/7927/161487.htm
- xianyang-2022-business-environment.md: a mirror of 鹹陽市2022年深化"放管服"改革最佳化營商環境工作要點
  (newton.com.tw wiki page, see its sidecar)

The questions are this file's own phrasings, not taken from the eval sets.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from coverage_world import cut, pinyin
from coverage_world import fine_cut as _fine_cut

from assistant.answering.coverage import Term, build_evidence, coverage, question_terms, term_status

REAL = Path(__file__).parent / "data" / "real"
PLANS = {
    "qixian": "qixian-2022-livelihood.txt",
    "caidian": "caidian-2023-gov-report-tasks.pdf",
    "lishui": "lishui-2020-civil-affairs-meeting.html",
    "feixian": "feixian-2024-women-children.txt",
    "xianyang": "xianyang-2022-business-environment.md",
}


def _known(word):
    import jieba

    return jieba.dt.FREQ.get(word, 0) > 0


@pytest.fixture(scope="module")
def real():
    """(documents by short name, evidence, plan vocabulary) of five real plans, with the real glossary."""
    from assistant.corpus.loading import load_corpus, parse_file
    from assistant.settings import PROJECT_ROOT

    docs = {name: parse_file(REAL / file) for name, file in PLANS.items()}
    glossary = load_corpus(PROJECT_ROOT / "corpus").glossary
    evidence, plan = build_evidence(list(docs.values()), glossary, to_pinyin=pinyin)
    return docs, evidence, plan


def item_of(docs, name, key):
    doc = docs[name]
    return doc.doc_id, next(it.number for it in doc.items if (it.key or str(it.number)) == key)


def decide(real, question, name, key):
    docs, evidence, plan = real
    doc_id, number = (docs[name].doc_id, 0) if key == "0" else item_of(docs, name, key)
    terms = question_terms(question, (), cut, to_pinyin=pinyin, is_word=_known, fine_cut=_fine_cut)
    return coverage(terms, evidence[(doc_id, number)], plan, to_pinyin=pinyin)


# ---------------------------------------------------------------- traditional text, pronunciations after characters


def test_pronunciations_after_characters_do_not_split_words(real):
    """杞縣 prints 農(nóng)村教師周轉(zhuǎn)房: the simplified question finds the words of the traditional text."""
    cov = decide(real, "杞县农村教师周转房今年建多少套？", "qixian", "2")
    assert cov.covered and "农村教师" in cov.matched
    cov = decide(real, "杞县今年要培训多少职业技能人员？", "qixian", "1")
    assert cov.covered and "职业技能" in cov.matched


def test_a_word_the_traditional_plan_does_not_have_is_still_foreign(real):
    cov = decide(real, "杞县农村教师周转房的物业费多少钱？", "qixian", "2")
    assert not cov.covered and "物业费" in cov.unmatched


# ---------------------------------------------------------------- a compound the item writes split


def test_compound_parts_in_one_clause_of_the_item_are_its_evidence(real):
    docs, evidence, plan = real
    ev = evidence[item_of(docs, "feixian", "2")]  # "…农村妇女和城镇低保妇女进行宫颈癌、乳腺癌免费筛查"
    assert term_status(Term("城镇妇女", "word", 0, True, parts=("城镇", "妇女")), ev, plan) == "item"
    # a group the clause does not name beside one part of it is no evidence
    assert term_status(Term("城镇儿童", "word", 0, True, parts=("城镇", "儿童")), ev, plan) != "item"
    assert term_status(Term("城镇儿童", "word", 0, True), ev, plan) != "item"


def test_question_terms_carry_the_finer_cut_of_compounds():
    terms = question_terms("农村教师周转房建多少套", (), cut, fine_cut=_fine_cut)
    compound = next(t for t in terms if t.text == "农村教师")
    assert set(compound.parts) == {"农村", "教师"}
    # a word the finer cut leaves a character of (宫颈癌: 宫颈 + 癌) has no parts: it stays one word
    assert next(t for t in question_terms("宫颈癌筛查免费吗", (), cut, fine_cut=_fine_cut) if t.text == "宫颈癌").parts == ()


# ---------------------------------------------------------------- dates and deadlines


def test_a_deadline_the_text_states_answers_when(real):
    # the notice: "…并于2023年1月15日前将工作方案报区政府办"
    cov = decide(real, "蔡甸区各责任单位的工作方案要在什么时候前报到区政府办？", "caidian", "0")
    assert cov.covered and "什么时候" in cov.matched


def test_an_item_stating_no_date_does_not_answer_when(real):
    cov = decide(real, "规上工业增加值增长目标什么时候完成？", "caidian", "1.2")
    assert not cov.covered and "什么时候" in cov.unmatched


def test_a_date_is_no_office_hours(real):
    cov = decide(real, "蔡甸区政府办周六几点上班？", "caidian", "0")
    assert not cov.covered


# ---------------------------------------------------------------- a figure in a unit the figure reader skips


def test_a_count_in_a_unit_stated_after_a_number_is_answered(real):
    docs, evidence, plan = real
    ev = evidence[item_of(docs, "qixian", "4")]  # "…打造13公里“最美農村路”…"
    assert term_status(Term("公里", "measure", 0, True), ev, plan) == "item"
    assert term_status(Term("千伏", "measure", 0, True), ev, plan) == "foreign"


# ---------------------------------------------------------------- a meeting report's own text (item 0)


def test_who_chaired_the_meeting_is_answered_from_the_report_itself(real):
    # "局党组书记、局长叶水源主持会议并讲话": in the report's opening, not in any of its three requirements
    assert decide(real, "民政局这个会是谁主持的？", "lishui", "0").covered
    assert decide(real, "民政局这个专题会议是哪天开的？", "lishui", "0").covered  # "12月23日,市民政局召开专题会议"
    assert not decide(real, "民政局这个会是谁主持的？", "lishui", "1").covered


def test_a_meeting_report_does_not_answer_what_it_does_not_say(real):
    cov = decide(real, "民政局这个会给参会人员发了多少口罩？", "lishui", "0")
    assert not cov.covered and "口罩" in cov.unmatched


# ---------------------------------------------------------------- places: scope, not content


def test_a_place_beside_a_plan_naming_no_place_is_scope(real):
    from assistant.answering.assistant import scope_places

    docs, _, _ = real
    unknown = replace(docs["xianyang"], place=None)  # the mirror's text names no place of its own
    question = "咸阳行政许可事项清单管理是哪个部门牵头的？"
    blanked, other = scope_places(question, unknown)
    assert "咸阳" not in blanked and "行政许可" in blanked and len(blanked) == len(question) and other == ()


def test_another_place_beside_a_plan_for_a_known_place_stays_content(real):
    from assistant.answering.assistant import scope_places

    docs, _, _ = real
    assert docs["feixian"].place
    question = "北京两癌筛查由哪个单位牵头？"
    assert scope_places(question, docs["feixian"]) == (question, ("北京",))
    # a place word is foreign, however many other plans name it
    _, evidence, plan = real
    ev = evidence[item_of(docs, "feixian", "2")]
    assert term_status(Term("北京", "place", 0, True), ev, plan) == "foreign"


def test_which_points_is_no_hour(real):
    """哪几点要求: which points (a count of the report's own points), not 几点 (what time)."""
    terms = question_terms("民政局这次会议提了哪几点要求？", (), cut, fine_cut=_fine_cut)
    assert not any(t.kind == "ask" for t in terms)
    assert any(t.kind == "ask" and t.canonical == "hours" for t in question_terms("民政局几点上班？", (), cut))
