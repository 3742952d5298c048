"""English unit names follow the plan's own place: corpus/glossary.yaml's hand-written English names are for
the place it declares (``place``); a plan of another place that names the same unit (市教育局, 市卫健委) is
answered with the name made from its own place and level, never the override's city's.
Plan used: eval/plans/set5/wuhan-2023-gov-report-tasks.txt, source http://bx2200.com/tjnianjian/huazhong/7737_9.html
(a mirror of part of 武汉市2023年《政府工作报告》目标任务责任分解方案)."""

from __future__ import annotations

import pytest

from assistant.corpus.glossary import for_document
from assistant.corpus.loading import CorpusError, load_corpus, load_glossary, parse_file
from assistant.settings import PROJECT_ROOT

WUHAN = PROJECT_ROOT / "eval" / "plans" / "set5" / "wuhan-2023-gov-report-tasks.txt"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(PROJECT_ROOT / "corpus")


def test_another_citys_unit_is_named_from_its_own_place(corpus):
    wuhan = parse_file(WUHAN)
    unit = next(u for item in wuhan.items for u in item.lead_units if corpus.glossary.unit(u) is not None)
    assert corpus.glossary.place == "临沂市" and corpus.glossary.english(unit).startswith("Linyi")
    named = for_document(corpus.glossary, wuhan).english(unit)
    assert named.startswith("Wuhan") and corpus.glossary.english(unit) != named


def test_the_declared_places_plan_keeps_the_hand_written_names(corpus):
    own = corpus.documents[0]
    assert for_document(corpus.glossary, own) is corpus.glossary


def test_a_glossary_without_place_names_every_plan_the_same(tmp_path, corpus):
    path = tmp_path / "glossary.yaml"
    path.write_text("units:\n  - name: 市教育局\n    en: Education Bureau\nsynonyms: []\n", encoding="utf-8")
    glossary = load_glossary(path)
    assert glossary.place is None and for_document(glossary, parse_file(WUHAN)) is glossary


def test_a_place_that_is_not_a_name_is_refused_with_the_file_named(tmp_path):
    path = tmp_path / "glossary.yaml"
    path.write_text("place: [1, 2]\nunits: []\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="glossary.yaml"):
        load_glossary(path)
