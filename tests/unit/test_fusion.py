"""``fuse`` and ``plan_place``: pure functions over plain data (hand-made hits, the real plan's records)."""

from __future__ import annotations

import pytest

from assistant.language.understanding import GlossaryMatcher, understand
from assistant.search.index import Hit
from assistant.search.retrieval import FaqHit, Weights, fuse, plan_place

DOC = "linyi-2022-women-children-ten-things"


@pytest.fixture(scope="module")
def documents(fake_corpus):
    return {d.doc_id: d for d in fake_corpus.documents if d.doc_id == DOC}


@pytest.fixture(scope="module")
def read(fake_corpus):
    matcher = GlossaryMatcher(fake_corpus.glossary)
    return lambda text: understand(text, matcher, limit=2000)


def hit(item: int, score: float, kind: str = "item", text: str = "…") -> Hit:
    return Hit(f"{DOC}:{item}:{kind}", text, {"doc_id": DOC, "item": item, "kind": kind}, score)


def test_dense_and_lexical_evidence_add_up(read, documents) -> None:
    query = read("完全无关的词语")  # no glossary match, no intent: only the hits count
    ranked = fuse(query, [hit(3, 0.9), hit(4, 0.5)], [(hit(4, 0.0), 8.0), (hit(3, 0.0), 2.0)], (), documents)
    by_item = {r.item: r for r in ranked}
    w = Weights()
    assert by_item[3].score == pytest.approx(w.dense * 1.0 + w.lexical * 2.0 / 8.0)
    assert by_item[4].score == pytest.approx(w.dense * 0.0 + w.lexical * 1.0)
    assert [r.item for r in ranked] == [3, 4] and by_item[3].dense == 0.9 and by_item[4].lexical == 8.0


def test_a_unit_in_the_question_brings_in_every_item_naming_it(read, documents) -> None:
    query = read("团市委负责什么？")
    assert "团市委" in query.units
    ranked = fuse(query, [], [], (), documents)
    expected = {it.number for it in documents[DOC].items if "团市委" in it.units}
    assert {r.item for r in ranked} == expected and all(r.score >= Weights().unit for r in ranked)


def test_an_item_named_by_number_comes_first(read, documents) -> None:
    query = read("第七项是什么？")
    ranked = fuse(query, [hit(2, 0.95)], [], (), documents)
    assert ranked[0].item == 7 and ranked[0].score >= Weights().named_item


def test_the_plan_as_a_whole_only_for_document_questions(read, documents) -> None:
    hits = [hit(0, 0.99), hit(5, 0.6)]
    assert 0 not in {r.item for r in fuse(read("完全无关的词语"), hits, [], (), documents)}
    document_query = read("这个方案的文号是多少？")
    assert "document" in document_query.intents
    assert fuse(document_query, hits, [], (), documents)[0].item == 0


def test_an_faq_match_counts_only_when_close(read, documents) -> None:
    query = read("完全无关的词语")
    near = (FaqHit("faq-1", DOC, (6,), "…", 0.95),)
    far = (FaqHit("faq-1", DOC, (6,), "…", 0.75),)
    assert fuse(query, [], [], near, documents)[0].score == pytest.approx(Weights().faq * 0.75)
    assert fuse(query, [], [], far, documents)[0].score == 0.0


def test_evidence_is_best_first_and_at_most_four(read, documents) -> None:
    hits = [hit(1, s, "text", f"sentence {n}") for n, s in enumerate((0.3, 0.9, 0.5, 0.7, 0.6))]
    top = fuse(read("完全无关的词语"), hits, [], (), documents)[0]
    assert [s.score for s in top.evidence] == [0.9, 0.7, 0.6, 0.5]


@pytest.mark.parametrize(
    ("title", "place"),
    [
        ("临沂市2022年关爱妇女儿童十件实事工作方案", "临沂"),
        ("费县2024年关爱妇女儿童十件实事工作方案", "费县"),  # tests/data/real/feixian-2024-women-children.yaml; not 费 (免费)
        ("2022年要办的民生实事", None),
        ("市民政局学习传达市冬春季疫情防控工作会议精神", None),  # tests/data/real/lishui-2020-civil-affairs-meeting.yaml
    ],
)
def test_plan_place_from_the_title(title: str, place: str | None) -> None:
    assert plan_place(title) == place
