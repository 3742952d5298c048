"""A plan's vocabulary syllables (what a same-sound typo is looked up in) are joined from the glossary's and its
items' own syllables instead of converting the joined text again (at 1,000 plans that conversion was most of a
question's time the first time a plan was asked about). They must be the very syllables converting the whole
text gives, character for character, and worked out only when used.

Plans used (sources):
- lingbi-2021-health-tasks.html: https://www.lingbi.gov.cn/public/6626531/154359391.html
- feixian-2024-women-children.txt: http://feixian.gov.cn/info/7927/161487.htm
"""

from __future__ import annotations

from pathlib import Path

import pytest
from coverage_world import pinyin

from assistant.answering.coverage import build_evidence, glossary_text, own_vocabulary, syllables

REAL = Path(__file__).parent / "data" / "real"


@pytest.mark.parametrize("name", ["lingbi-2021-health-tasks.html", "feixian-2024-women-children.txt"])
def test_joined_syllables_are_the_whole_texts(name):
    from assistant.corpus.loading import load_corpus, parse_file
    from assistant.settings import PROJECT_ROOT

    doc = parse_file(REAL / name)
    glossary = load_corpus(PROJECT_ROOT / "corpus").glossary
    evidence, plan = build_evidence([doc], glossary, to_pinyin=pinyin)
    items = [e for (d, _), e in evidence.items() if d == doc.doc_id]
    said = "|".join(e.text for e in items)
    gloss = glossary_text(glossary)
    joined = own_vocabulary(plan, gloss, said, pinyin, parts=[syllables(gloss, pinyin), *(e.pinyin for e in items)])
    whole = own_vocabulary(plan, gloss, said, pinyin)
    assert joined.text == whole.text
    assert len(joined.pinyin) == len(joined.text)
    assert list(joined.pinyin) == list(whole.pinyin)
    assert joined.pinyin.at == whole.pinyin.at  # the positions the same-sound check looks up


def test_syllables_are_worked_out_on_first_use_only():
    calls = []

    def counting(text):
        calls.append(text)
        return pinyin(text)

    lazy = syllables("妇女儿童", counting)
    assert calls == []
    assert list(lazy) == ["fu", "nv", "er", "tong"]
    assert list(lazy) == ["fu", "nv", "er", "tong"]
    assert len(calls) == 1
