"""A question about one plan's items is judged by that plan's own words: a word only another indexed plan writes
is foreign to it (not neutral), and a bare 多少 (目标是多少) asks for a figure, which a date does not give.
Both directions: what the plan says is still answered.

Plans used (sources):
- caidian-2023-gov-report-tasks.pdf: https://www.caidian.gov.cn/zwgk/zc/zfwj/qzfbgwj/202302/t20230208_2147809.shtml
  (item 1.1 "地区生产总值增长7%以上"; the notice: "…于2023年1月15日前将工作方案报区政府办")
- lingbi-2021-health-tasks.html: https://www.lingbi.gov.cn/public/6626531/154359391.html
  (item 5: "…实施16个乡镇卫生院、158个村卫生室改扩建项目…")

The questions are this file's own phrasings, not taken from the eval sets.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from coverage_world import cut, pinyin
from coverage_world import fine_cut as _fine_cut

from assistant.answering.coverage import build_evidence, coverage, glossary_text, own_vocabulary, question_terms

REAL = Path(__file__).parent / "data" / "real"


@pytest.fixture(scope="module")
def two():
    from assistant.corpus.loading import load_corpus, parse_file
    from assistant.settings import PROJECT_ROOT

    docs = {
        n: parse_file(REAL / f) for n, f in (("caidian", "caidian-2023-gov-report-tasks.pdf"), ("lingbi", "lingbi-2021-health-tasks.html"))
    }
    glossary = load_corpus(PROJECT_ROOT / "corpus").glossary
    evidence, plan = build_evidence(list(docs.values()), glossary, to_pinyin=pinyin)
    said = {d.doc_id: "|".join(e.text for (doc, _), e in evidence.items() if doc == d.doc_id) for d in docs.values()}
    own = {n: own_vocabulary(plan, glossary_text(glossary), said[d.doc_id], pinyin) for n, d in docs.items()}
    return docs, evidence, plan, own


def decide(two, question, name, key, own=True):
    docs, evidence, plan, mine = two
    doc = docs[name]
    number = 0 if key == "0" else next(it.number for it in doc.items if (it.key or str(it.number)) == key)
    terms = question_terms(question, (), cut, to_pinyin=pinyin, fine_cut=_fine_cut)
    return coverage(terms, evidence[(doc.doc_id, number)], mine[name] if own else plan, to_pinyin=pinyin)


def test_a_word_only_another_plan_writes_is_foreign_to_this_one(two):
    # (卫生室 and 改扩建 each on its own: a noun right after another, 村卫生室, is the head of what is asked, which no other
    # plan's word makes neutral)
    q = "地区生产总值增长目标里，卫生室要改扩建多少个？"
    assert decide(two, q, "caidian", "1.1", own=False).reason != "not_covered"  # neutral beside every plan's words
    cov = decide(two, q, "caidian", "1.1")
    assert not cov.covered and "卫生室" in "".join(cov.unmatched)


def test_what_the_plan_itself_says_is_still_answered(two):
    cov = decide(two, "地区生产总值增长目标是多少？", "caidian", "1.1")
    assert cov.covered
    cov = decide(two, "村卫生室改扩建多少个？", "lingbi", "5")
    assert cov.covered


def test_a_bare_how_much_asks_for_a_figure_a_date_does_not_give(two):
    # the heading of part 一 names the targets and states no figure (its year is a period)
    cov = decide(two, "经济社会发展的预期目标是多少？", "caidian", "1")
    assert not cov.covered and "多少" in cov.unmatched
    # its first target states one
    assert decide(two, "地区生产总值增长的预期目标是多少？", "caidian", "1.1").covered
    # a deadline still answers when
    assert decide(two, "工作方案什么时候报区政府办？", "caidian", "0").covered
