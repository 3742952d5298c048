"""English questions on real plans: an English word is the item's when the dictionary's meaning of one of the
item's own words is that word (Porter2 stems on both sides), not only when the reverse look-up of the English
word gives the plan's word. Both directions: the paraphrase is covered, a near-miss is still declined.

Plans used (sources):
- caidian-2023-gov-report-tasks.pdf: https://www.caidian.gov.cn/zwgk/zc/zfwj/qzfbgwj/202302/t20230208_2147809.shtml
  (item 1.1 "地区生产总值增长7%以上": CC-CEDICT glosses 生产总值 "gross domestic production (GDP)")
- lingbi-2021-health-tasks.html: https://www.lingbi.gov.cn/public/6626531/154359391.html
  (item 3 "…新冠肺炎疫情常态化防控工作…": 防控 "to prevent and control")

The questions are this file's own phrasings, not taken from the eval sets.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from coverage_world import chinese as _chinese
from coverage_world import cut, pinyin
from coverage_world import fine_cut as _fine_cut
from coverage_world import glosses as _glosses

from assistant.answering.coverage import build_evidence, coverage, en_stems, gloss_stems, load_lexicon, question_terms, with_glosses

REAL = Path(__file__).parent / "data" / "real"


@pytest.fixture(scope="module")
def real():
    from assistant.corpus.loading import load_corpus, parse_file
    from assistant.settings import PROJECT_ROOT

    docs = {
        name: parse_file(REAL / f)
        for name, f in (("caidian", "caidian-2023-gov-report-tasks.pdf"), ("lingbi", "lingbi-2021-health-tasks.html"))
    }
    evidence, plan = build_evidence(list(docs.values()), load_corpus(PROJECT_ROOT / "corpus").glossary, to_pinyin=pinyin)
    return docs, evidence, with_glosses(evidence, _fine_cut, _glosses), plan


def decide(real, question, name, key, glossed=True):
    docs, plain, evidence, plan = real
    doc = docs[name]
    number = next(it.number for it in doc.items if (it.key or str(it.number)) == key)
    terms = question_terms(question, (), cut, to_pinyin=pinyin, to_chinese=_chinese, fine_cut=_fine_cut)
    return coverage(terms, (evidence if glossed else plain)[(doc.doc_id, number)], plan, to_pinyin=pinyin, to_chinese=_chinese)


def test_stems_meet_across_word_classes():
    lex = load_lexicon()
    assert en_stems("waterlogging", lex) == en_stems("waterlogged", lex)
    assert en_stems("prevention", lex) == en_stems("to prevent", lex)
    assert en_stems("the growth of", lex) == en_stems("growth", lex)  # stop words left out


def test_gloss_stems_of_a_text_are_its_words_meanings():
    stems = gloss_stems("地区生产总值增长", _fine_cut, _glosses)
    assert {"gdp", "grow"} <= stems
    assert "wage" not in stems


def test_an_english_word_the_plan_writes_in_its_own_compound_is_answered(real):
    # output: the plan writes it inside 地区生产总值 (生产: to produce; output), which only its glosses read
    assert not decide(real, "What output growth is the plan aiming for in 2023?", "caidian", "1.1", glossed=False).covered
    cov = decide(real, "What output growth is the plan aiming for in 2023?", "caidian", "1.1")
    assert cov.covered and "output" not in cov.unmatched
    # GDP: the reverse look-up gives 国内生产总值; the plan writes 地区生产总值, as the hand map en_zh has it
    cov = decide(real, "What GDP growth is the plan aiming for in 2023?", "caidian", "1.1")
    assert cov.covered and "gdp" not in cov.unmatched
    assert decide(real, "What GDP growth is the plan aiming for in 2023?", "caidian", "1.1", glossed=False).covered
    cov = decide(real, "Who leads COVID-19 prevention and control?", "lingbi", "3")
    assert cov.covered and "prevention" not in cov.unmatched


def test_an_english_near_miss_stays_declined(real):
    cov = decide(real, "What GDP deflator target does the plan set?", "caidian", "1.1")
    assert not cov.covered and "deflator" in cov.unmatched
    cov = decide(real, "Does the plan set a minimum wage for 2023?", "caidian", "1.1")
    assert not cov.covered


def test_chinese_questions_are_decided_as_before(real):
    for q, covered in (("地区生产总值增长目标是多少", True), ("最低工资标准是多少", False)):
        assert decide(real, q, "caidian", "1.1").covered is covered
        assert decide(real, q, "caidian", "1.1", glossed=False).covered is covered


def test_a_gloss_match_is_not_foreign_but_ties_nothing_by_itself(real):
    """Any sense of any word of the item is a loose match: the question needs a word the item names to be answered."""
    from assistant.answering.coverage import Term, term_status

    docs, _, evidence, plan = real
    doc = docs["caidian"]
    number = next(it.number for it in doc.items if (it.key or str(it.number)) == "1.1")
    assert term_status(Term("output", "word", 0, True), evidence[(doc.doc_id, number)], plan) == "plan"
    assert not decide(real, "What about the output?", "caidian", "1.1").covered
