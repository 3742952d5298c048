"""Two question words that ask about the document, not a figure or a thing of an item:
- a bare 多少 right after an identifier (文号是多少) asks which identifier it is (the notice's 文号, item 0), not for a
  count or any figure (a bare 目标是多少 still asks for a figure);
- 意见 / 实施意见 names the document's genre as 方案 and 办法 do ("在就业创业意见里负责哪些工作"): no content word.
Both directions, zh and en.

Plans used (sources):
- caidian-2023-gov-report-tasks.pdf: https://www.caidian.gov.cn/zwgk/zc/zfwj/qzfbgwj/202302/t20230208_2147809.shtml
  (文号 蔡政办〔2023〕1号; item 1 "2023年全区经济社会发展的主要预期目标" states no figure)
- neijiang-employment-opinion.txt: https://newton.com.tw/wiki/%E5%85%A7%E6%B1%9F%E5%B8%82%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C%E9%97%9C%E6%96%BC%E9%80%B2%E4%B8%80%E6%AD%A5%E5%81%9A%E5%A5%BD%E6%96%B0%E5%BD%A2%E5%8B%A2%E4%B8%8B%E5%B0%B1%E6%A5%AD%E5%89%B5%E6%A5%AD%E5%B7%A5%E4%BD%9C%E7%9A%84%E5%AF%A6%E6%96%BD%E6%84%8F%E8%A6%8B/20193032
  (item 1.2 "發展吸納就業能力強的產業", responsible units include 市農業局)

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
        n: parse_file(REAL / f)
        for n, f in (("caidian", "caidian-2023-gov-report-tasks.pdf"), ("neijiang", "neijiang-employment-opinion.txt"))
    }
    glossary = load_corpus(PROJECT_ROOT / "corpus").glossary
    evidence, plan = build_evidence(list(docs.values()), glossary, to_pinyin=pinyin)
    said = {d.doc_id: "|".join(e.text for (doc, _), e in evidence.items() if doc == d.doc_id) for d in docs.values()}
    own = {n: own_vocabulary(plan, glossary_text(glossary), said[d.doc_id], pinyin) for n, d in docs.items()}
    return docs, evidence, own


def decide(two, question, name, key):
    docs, evidence, own = two
    doc = docs[name]
    number = 0 if key == "0" else next(it.number for it in doc.items if (it.key or str(it.number)) == key)
    terms = question_terms(question, (), cut, to_pinyin=pinyin, fine_cut=_fine_cut)
    return coverage(terms, evidence[(doc.doc_id, number)], own[name], to_pinyin=pinyin)


def test_how_much_after_an_identifier_asks_which_identifier(two):
    terms = question_terms("这个责任分解方案的文号是多少？", (), cut, to_pinyin=pinyin, fine_cut=_fine_cut)
    assert not any(t.kind == "measure" for t in terms)
    assert decide(two, "这个责任分解方案的文号是多少？", "caidian", "0").covered


def test_a_bare_how_much_after_other_words_still_asks_a_figure(two):
    terms = question_terms("经济社会发展的预期目标是多少？", (), cut, to_pinyin=pinyin, fine_cut=_fine_cut)
    assert any(t.kind == "measure" for t in terms)
    cov = decide(two, "经济社会发展的预期目标是多少？", "caidian", "1")
    assert not cov.covered and "多少" in cov.unmatched


def test_the_genre_word_yijian_names_no_content(two):
    cov = decide(two, "市农业局在就业创业实施意见里负责哪些工作？", "neijiang", "1.2")
    assert cov.covered
    cov = decide(two, "这个就业意见里农业局管哪几条？", "neijiang", "1.2")
    assert cov.covered


def test_what_the_opinion_does_not_say_is_still_declined(two):
    # the opinion sets no unemployment-insurance benefit level: 保险金 stays foreign to the item
    cov = decide(two, "这个就业意见有没有规定失业保险金的标准？", "neijiang", "1.2")
    assert not cov.covered or cov.reason == "partial"
    assert "保险金" in "".join(cov.unmatched)
    cov = decide(two, "这个实施意见里农业局负责发放消费券吗？", "neijiang", "1.2")
    assert not cov.covered and "消费" in "".join(cov.unmatched)


def test_english_document_number_question_is_not_a_count(two):
    terms = question_terms("What is the document number of this plan?", (), cut, to_pinyin=pinyin, fine_cut=_fine_cut)
    assert not any(t.kind == "measure" for t in terms)


# Unit names as a mirror page prints them, pinyin readings after some characters (zhaoxian-2023-livelihood-projects,
# https://izgfaz.cn/columns/5bd9fdf6-8c4f-4cac-a80a-fd3c59316a2b/202304/14/b382a70b-20fa-4d58-b7e4-da1beae2eb6e.html:
# "縣住房和城鄉(xiāng)建設局"), and a provincial body written without 和 (henan-2023-key-tasks, 豫政〔2023〕5号,
# https://yijiuyanglao.com/article-185-1.html: "省住房城乡建设厅"): the short form people say (住建局, 住建厅) is an alias.
def test_unit_aliases_read_past_pinyin_readings_and_short_forms():
    from assistant.corpus.glossary import english_name, unit_aliases

    aliases = unit_aliases("縣住房和城鄉(xiāng)建設局", "趙縣", "county")
    assert "县住建局" in aliases and "赵县住建局" in aliases
    assert "(" not in english_name("縣住房和城鄉(xiāng)建設局", "趙縣", "county")
    assert "省住建厅" in unit_aliases("省住房城乡建设厅", "河南省", "province")
    # a different body is no alias: the bureau of natural resources is not the housing bureau
    assert not any("住建" in a for a in unit_aliases("县自然资源和规划局", "趙縣", "county"))
