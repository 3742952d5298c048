"""Dense search inside a scope: a question scoped to some plans is scored against every chunk of those
plans (exact cosine in memory), never through a metadata filter on the ANN graph, whose recall falls as
the filter narrows. Real plans (tests/data/real, sources in its README, and corpus/policies), embedded
Chroma, hashing embedder."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from fakes import FAKE_BACKEND, HashingEmbeddings

from assistant.settings import PROJECT_ROOT, Settings

REAL = PROJECT_ROOT / "tests" / "data" / "real"


@pytest.fixture(scope="module")
def several(tmp_path_factory: pytest.TempPathFactory):
    from assistant.corpus.loading import load_corpus
    from assistant.search.index import build_index, open_index
    from assistant.search.retrieval import HybridRetriever

    root = tmp_path_factory.mktemp("several")
    policies = root / "corpus" / "policies"
    policies.mkdir(parents=True)
    for path in [*REAL.glob("*.*"), *(PROJECT_ROOT / "corpus" / "policies").glob("*.txt")]:
        if path.suffix in (".txt", ".md", ".html", ".docx", ".pdf"):
            shutil.copy(path, policies / path.name)
    corpus = load_corpus(root / "corpus")
    settings = Settings(corpus_dir=root / "corpus", index_dir=root / "index")
    embeddings = HashingEmbeddings()
    build_index(settings, corpus, embeddings, FAKE_BACKEND)
    index = open_index(settings, embeddings, FAKE_BACKEND, corpus.content_hash)
    documents = {d.doc_id: d for d in corpus.documents}
    return HybridRetriever(index, embeddings, documents, glossary=corpus.glossary), embeddings


def _exact(retriever, embeddings: HashingEmbeddings, question: str, scope: tuple[str, ...]) -> list[tuple[str, float]]:
    """Brute force from the chunk texts themselves: every chunk of the scoped plans, re-embedded (an item
    of several sentences as ingest makes it, from its sentences)."""
    from assistant.search.chunking import compose, embedding_parts

    q = np.asarray(embeddings.embed_query(question))
    rows = [h for h in retriever.index.all_chunks() if h.metadata["doc_id"] in scope and h.metadata["kind"] != "faq"]

    def vector(hit) -> np.ndarray:
        parts = embedding_parts(str(hit.metadata["kind"]), hit.text)
        return np.asarray(compose(parts, [embeddings.embed_query(p) for p in parts]))

    scored = [(h.chunk_id, float(vector(h) @ q)) for h in rows]
    scored.sort(key=lambda s: -s[1])
    return scored[: retriever.weights.dense_k]


def test_the_corpus_has_several_plans(several) -> None:
    retriever, _ = several
    assert len(retriever.documents) >= 8


@pytest.mark.parametrize("plans", [1, 2, 3])
def test_scoped_dense_is_the_exact_top_k_of_the_scoped_plans(several, plans: int) -> None:
    retriever, embeddings = several
    question = "哪个单位负责妇女儿童健康服务？"
    scope = tuple(sorted(retriever.documents))[:plans]
    hits = retriever._dense(embeddings.embed_query(question), scope)
    expected = _exact(retriever, embeddings, question, scope)
    assert {h.metadata["doc_id"] for h in hits} <= set(scope)
    assert [round(h.score, 5) for h in hits] == [round(s, 5) for _, s in expected]
    assert {h.chunk_id for h in hits} == {c for c, _ in expected} or len({round(s, 5) for _, s in expected}) < len(expected)


def test_unscoped_dense_over_few_chunks_is_the_exact_top_k_of_every_plan(several) -> None:
    retriever, embeddings = several
    question = "就业创业"
    everything = tuple(retriever.documents)
    assert len(retriever._vectors) <= retriever.weights.exact_chunks
    hits = retriever._dense(embeddings.embed_query(question), everything)
    expected = _exact(retriever, embeddings, question, everything)
    assert [round(h.score, 5) for h in hits] == [round(s, 5) for _, s in expected]


def test_unscoped_dense_over_many_chunks_is_the_index_search(several) -> None:
    from dataclasses import replace

    from assistant.search.retrieval import HybridRetriever

    retriever, embeddings = several
    weights = replace(retriever.weights, exact_chunks=len(retriever._vectors) - 1)  # more chunks than exact scoring takes
    big = HybridRetriever(retriever.index, embeddings, retriever.documents, weights=weights, glossary=retriever.glossary)
    vector = embeddings.embed_query("就业创业")
    everything = tuple(retriever.documents)
    got = [h.chunk_id for h in big._dense(vector, everything)]
    assert got == [h.chunk_id for h in retriever.index.search(vector, retriever.weights.dense_k, {"kind": {"$in": ["item", "text"]}})]


def test_a_question_naming_a_plan_title_retrieves_only_from_that_plan(several) -> None:
    from assistant.language.understanding import GlossaryMatcher, understand

    retriever, _ = several
    doc = next(d for d in retriever.documents.values() if d.items and len(d.title) >= 8)
    item = doc.items[-1]
    query = understand(f"《{doc.title}》里{item.title}由哪个单位负责？", GlossaryMatcher(retriever.glossary), limit=2000)
    retrieval = retriever.retrieve(query)
    assert retrieval.documents == (doc.doc_id,)
    assert retrieval.ranked and {r.document for r in retrieval.ranked} == {doc.doc_id}
    assert (doc.doc_id, item.number) in [(r.document, r.item) for r in retrieval.ranked[:3]]
