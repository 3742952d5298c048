"""Never block (issue 10 item 3): a plan whose items the parser cannot read is indexed as paragraphs and
answered from them: the paragraph holding the answer is quoted, its own unit clause gives the units, and it
is cited as 第N段. A question the text does not answer (a near-miss naming the plan's place) is still declined.
A plan with items is answered as before (no paragraph answer).

Plan used: eval/plans/set5/wuhan-2023-gov-report-tasks.txt, source http://bx2200.com/tjnianjian/huazhong/7737_9.html
(a mirror of part of 武汉市2023年《政府工作报告》目标任务责任分解方案), with its item numbers (204.-212.) removed here,
so that no numbering is left for the parser to read.
The questions are this file's own phrasings, not taken from the eval sets.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from coverage_world import cut, pinyin

from assistant.answering.compose import best_section, section_answer
from assistant.answering.coverage import build_evidence, coverage, question_terms
from assistant.corpus.loading import load_corpus, parse_file
from assistant.language.understanding import GlossaryMatcher, understand
from assistant.settings import PROJECT_ROOT

WUHAN = PROJECT_ROOT / "eval" / "plans" / "set5" / "wuhan-2023-gov-report-tasks.txt"


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """The Wuhan text with its item numbers taken out: parsed, with its coverage evidence and the glossary."""
    text = re.sub(r"(?m)^(\s*)\d{3}\.", r"\1", WUHAN.read_text(encoding="utf-8"))
    path: Path = tmp_path_factory.mktemp("plain") / "wuhan-unnumbered.txt"
    path.write_text(text, encoding="utf-8")
    doc = parse_file(path)
    glossary = load_corpus(PROJECT_ROOT / "corpus").glossary
    evidence, plan = build_evidence([doc], glossary, to_pinyin=pinyin)
    return doc, evidence, plan, glossary


def ask(plain, text):
    return understand(text, GlossaryMatcher(plain[3]), limit=2000)


def decide(plain, question):
    doc, evidence, plan, _ = plain
    terms = question_terms(question, (), cut, to_pinyin=pinyin)
    return coverage(terms, evidence[(doc.doc_id, 0)], plan, to_pinyin=pinyin)


def test_the_plan_has_no_items_but_its_paragraphs(plain):
    doc = plain[0]
    assert not doc.items and len(doc.sections) > 5


def test_a_question_answered_in_a_paragraph_is_covered_by_the_text(plain):
    assert decide(plain, "新改扩建公办幼儿园多少所？").covered  # 45所, a figure in the asked measure
    assert decide(plain, "肺科医院迁建是谁负责推进的").covered


def test_a_near_miss_is_still_declined(plain):
    cov = decide(plain, "买新能源汽车的购车补贴怎么领？")
    assert not cov.covered and "汽车" in cov.unmatched


def test_the_answer_quotes_the_paragraph_with_its_units_and_cites_it(plain):
    doc, _, _, glossary = plain
    query = ask(plain, "武汉今年新改扩建公办幼儿园多少所，谁牵头？")
    section = best_section(doc, query.text)
    assert section is not None and "公办幼儿园45所" in section.text
    text, lead, responsible = section_answer(query, doc, section, glossary)
    assert "45所" in text and f"第{section.number}段" in text
    assert lead == ("市教育局",) and responsible == ("各区人民政府",)


def test_units_come_from_the_clause_of_the_paragraph_answered(plain):
    doc, _, _, glossary = plain
    query = ask(plain, "市肺科医院迁建是谁负责推进的")
    section = best_section(doc, query.text)
    text, lead, responsible = section_answer(query, doc, section, glossary)
    assert "肺科医院迁建" in text and lead == () and responsible == ("市卫健委",)


def test_a_plan_with_items_gets_no_paragraph_answer():
    linyi = next(iter(load_corpus(PROJECT_ROOT / "corpus").documents))
    assert linyi.items and best_section(linyi, "建设希望小屋多少处？") is None


def test_an_english_question_picks_the_paragraph_by_the_chinese_words_its_terms_were_found_by(plain):
    doc = plain[0]
    question = "How many public kindergartens will Wuhan build or expand in 2023?"
    assert best_section(doc, question) is None  # no Chinese word of its own
    section = best_section(doc, question, said=("public", "kindergartens", "公立", "幼儿园"))
    assert section is not None and "公办幼儿园45所" in section.text
    # with nothing matched, the paragraph retrieval ranked first
    assert best_section(doc, question, retrieved=(doc.sections[3].text, doc.sections[1].text)) == doc.sections[3]
