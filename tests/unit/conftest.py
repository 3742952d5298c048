"""Unit-tier fixtures: the real corpus indexed with the hashing embedder in an embedded Chroma (no model)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import FAKE_BACKEND, HashingEmbeddings

from assistant.settings import PROJECT_ROOT, Settings


@pytest.fixture(scope="session")
def fake_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(corpus_dir=PROJECT_ROOT / "corpus", index_dir=tmp_path_factory.mktemp("fake-index"))


@pytest.fixture(scope="session")
def fake_corpus(fake_settings: Settings):
    from assistant.corpus.loading import load_corpus
    from assistant.search.lexical import init_jieba

    corpus = load_corpus(fake_settings.corpus_dir)
    init_jieba([u.name for u in corpus.glossary.units] + [s.term.replace(" ", "") for s in corpus.glossary.synonyms])
    return corpus


@pytest.fixture(scope="session")
def fake_index(fake_settings: Settings, fake_corpus):
    from assistant.search.index import build_index, open_index

    embeddings = HashingEmbeddings()
    build_index(fake_settings, fake_corpus, embeddings, FAKE_BACKEND)
    return open_index(fake_settings, embeddings, FAKE_BACKEND, fake_corpus.content_hash)


@pytest.fixture(scope="session")
def fake_retriever(fake_index, fake_corpus):
    from assistant.search.retrieval import HybridRetriever

    documents = {d.doc_id: d for d in fake_corpus.documents}
    return HybridRetriever(fake_index, HashingEmbeddings(), documents, glossary=fake_corpus.glossary, k=3)


@pytest.fixture
def data_dir() -> Path:
    return Path(__file__).parent.parent / "data"


@pytest.fixture(scope="session")
def fake_assistant(fake_settings: Settings, fake_index, fake_corpus):
    """The whole assistant (understand, retrieve, dialogue, route, eligibility, compose) over the hashing embedder."""
    from assistant.answering.assistant import PolicyAssistant
    from assistant.search.retrieval import HybridRetriever

    documents = {d.doc_id: d for d in fake_corpus.documents}
    return PolicyAssistant(
        fake_settings, fake_corpus, HybridRetriever(fake_index, HashingEmbeddings(), documents, glossary=fake_corpus.glossary)
    )
