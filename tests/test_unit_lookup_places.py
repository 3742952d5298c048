"""Unit look-ups in a corpus of several real plans: the question's place and the unit's name (as that
place's plan writes it) find the unit in that plan (issue 10). No model, no index: retrieval by hand.

Plans: the Linyi plan (corpus/policies) and real plans from tests/data/real and eval/plans/post-fix,
whose source addresses are in their sidecar .yaml files.
"""

from __future__ import annotations

import shutil

import pytest

from assistant.answering.answers import RankedItem
from assistant.answering.dialogue import START
from assistant.answering.route import route, unit_key
from assistant.corpus.loading import Corpus, load_corpus
from assistant.language.understanding import GlossaryMatcher, understand
from assistant.search.retrieval import Retrieval
from assistant.settings import PROJECT_ROOT

PLANS = [
    PROJECT_ROOT / "tests/data/real/dongguan-2021-employment.txt",
    PROJECT_ROOT / "tests/data/real/sanmen-2020-agri-funds.md",
    PROJECT_ROOT / "tests/data/real/neijiang-employment-opinion.txt",
    PROJECT_ROOT / "tests/data/real/feixian-2024-women-children.txt",
    PROJECT_ROOT / "eval/plans/post-fix/xuchang-2020-gov-report-tasks.txt",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    root = tmp_path_factory.mktemp("units") / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus", root)
    for plan in PLANS:
        shutil.copy(plan, root / "policies" / plan.name)
    return load_corpus(root)


def _decide(corpus: Corpus, text: str):
    query = understand(text, GlossaryMatcher(corpus.glossary), limit=2000)
    documents = {d.doc_id: d for d in corpus.documents}
    first = corpus.documents[0]  # retrieval ranked some other plan first: the place must decide
    retrieval = Retrieval(query, (RankedItem(first.doc_id, first.items[0].number, 2.0, 0.9),), (), 0.9, tuple(documents))
    return route(query, retrieval, START, documents)


@pytest.mark.parametrize(
    "question, document, unit",
    [
        ("许昌市卫生健康委在2020年重点工作分解里负责哪几条", "xuchang-2020-gov-report-tasks", "市卫生健康委"),
        # the plan writes 市農業局, 市財政局 (traditional); the question simplified or mixed
        ("内江市农业局在就业创业实施意见里负责哪些工作？", "neijiang-employment-opinion", "市農業局"),
        ("东莞市財政局在这个就业意见里负责了哪些措施？", "dongguan-2021-employment", "市財政局"),
        ("东莞市财政局负责哪些措施", "dongguan-2021-employment", "市財政局"),
    ],
)
def test_the_place_and_the_unit_find_the_unit_in_that_places_plan(corpus, question, document, unit):
    decided = _decide(corpus, question)
    assert (decided.kind, decided.unit) == ("unit_lookup", unit)
    assert decided.scope == (document,)


def test_a_unit_no_clause_names_is_answered_from_the_item_that_names_it(corpus):
    """三门: no unit clauses; 第二条 says 归口县农业农村局. A doubled level prefix is a typo of the same unit."""
    decided = _decide(corpus, "三门县县农业农村局在这个办法里负责什么？")
    assert (decided.kind, decided.document, decided.item) == ("item", "sanmen-2020-agri-funds", 2)


def test_another_levels_unit_is_not_the_plans(corpus):
    """A county's bureau asked in a city's plan is not the city's bureau: the worst outcome is a wrong unit."""
    xuchang = next(d for d in corpus.documents if d.doc_id == "xuchang-2020-gov-report-tasks")
    assert unit_key("市财政局", xuchang) == unit_key("许昌市財政局", xuchang) == "财政局"
    assert unit_key("县财政局", xuchang) == "县财政局"
    assert unit_key("鄢陵县财政局", xuchang) == "鄢陵县财政局"
