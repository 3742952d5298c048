"""Shared fixtures: every index lives under a temp dir; the real corpus and the real bundled model."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "corpus"
DATA = Path(__file__).parent / "data"

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
