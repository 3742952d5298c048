"""The chunk embedding matrix: saved beside each build at ingest, memory-mapped at open instead of reading
every embedding back out of Chroma, checked against its build, rebuilt from Chroma when missing or not
this build's. Real corpus (corpus/policies), hashing embedder, embedded Chroma."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest
from fakes import FAKE_BACKEND, HashingEmbeddings

from assistant.search.index import (
    IndexMismatchError,
    IndexMissingError,
    build_index,
    load_matrix,
    open_index,
    read_manifest,
)
from assistant.search.retrieval import DENSE_KINDS, HybridRetriever
from assistant.settings import Settings


@pytest.fixture
def built(fake_settings: Settings, fake_index, fake_corpus, tmp_path: Path) -> Settings:
    """A private copy of the session's fake index (tests here damage it)."""
    target = tmp_path / "index"
    shutil.copytree(fake_settings.index_dir, target, symlinks=True, ignore=shutil.ignore_patterns(".ingest.lock"))
    return Settings(corpus_dir=fake_settings.corpus_dir, index_dir=target)


def _open(settings: Settings, corpus):
    return open_index(settings, HashingEmbeddings(), FAKE_BACKEND, corpus.content_hash)


def _stored(index, hits) -> np.ndarray:
    """What Chroma holds for these chunks, unit length: the slow way the matrix replaces."""
    got = index._store.get(ids=[h.chunk_id for h in hits], include=["embeddings"])
    by_id = dict(zip(got["ids"], np.asarray(got["embeddings"], dtype=np.float32), strict=True))
    rows = np.stack([by_id[h.chunk_id] for h in hits])
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_ingest_saves_the_matrix_beside_the_build(built: Settings, fake_corpus) -> None:
    build = (built.index_dir / "current").resolve()
    meta = json.loads((build / "vectors.json").read_text())
    manifest = read_manifest(built)
    assert meta["collection"] == manifest.collection and meta["rows"] == len(meta["ids"]) == manifest.chunk_count
    matrix = np.load(build / "vectors.npy", mmap_mode="r")
    assert matrix.shape == (manifest.chunk_count, 256) and matrix.dtype == np.float32
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-5)


def test_open_memory_maps_the_matrix_and_it_holds_what_chroma_holds(built: Settings, fake_corpus) -> None:
    index = _open(built, fake_corpus)
    hits, matrix = index.chunk_matrix(DENSE_KINDS)
    assert index.matrix_source == "file"
    assert isinstance(matrix, np.memmap) or isinstance(matrix.base, np.memmap)  # a view: nothing copied
    assert len(hits) == matrix.shape[0] and {h.metadata["kind"] for h in hits} == set(DENSE_KINDS)
    assert np.allclose(matrix, _stored(index, hits), atol=1e-6)
    faq, faq_matrix = index.chunk_matrix(("faq",))
    assert faq and np.allclose(faq_matrix, _stored(index, faq), atol=1e-6)


def test_a_missing_matrix_is_rebuilt_from_chroma_and_saved(built: Settings, fake_corpus, caplog) -> None:
    build = (built.index_dir / "current").resolve()
    expected_hits, expected = _open(built, fake_corpus).chunk_matrix(DENSE_KINDS)
    expected = np.array(expected)
    (build / "vectors.npy").unlink()
    index = _open(built, fake_corpus)
    with caplog.at_level(logging.WARNING, logger="assistant.search.index"):
        hits, matrix = index.chunk_matrix(DENSE_KINDS)
    assert index.matrix_source == "chroma"
    assert "no embedding matrix at" in caplog.text and str(build / "vectors.npy") in caplog.text
    assert [h.chunk_id for h in hits] == [h.chunk_id for h in expected_hits]
    assert np.allclose(matrix, expected, atol=1e-6)
    assert (build / "vectors.npy").is_file()  # saved again: the next open maps it
    again = _open(built, fake_corpus)
    again.chunk_matrix(DENSE_KINDS)
    assert again.matrix_source == "file"


def test_a_matrix_of_another_build_is_not_used(built: Settings, fake_corpus, caplog) -> None:
    """Re-ingest makes a new build with its own matrix; the old build's file copied over it (or any file
    not of this build) is detected by its build name and row count, never read as this build's."""
    old_build = (built.index_dir / "current").resolve()
    index_before = _open(built, fake_corpus)
    hits_before, before = index_before.chunk_matrix(DENSE_KINDS)
    before = np.array(before)
    build_index(built, fake_corpus, HashingEmbeddings(), FAKE_BACKEND, rebuild=True)
    new_build = (built.index_dir / "current").resolve()
    assert new_build != old_build and (new_build / "vectors.npy").is_file()
    manifest = read_manifest(built)
    load_matrix(new_build / "vectors.npy", manifest)  # the new build's own file matches
    with pytest.raises(IndexMismatchError, match="belongs to build"):
        load_matrix(old_build / "vectors.npy", manifest)
    for name in ("vectors.npy", "vectors.json"):
        shutil.copy(old_build / name, new_build / name)
    index = _open(built, fake_corpus)
    with caplog.at_level(logging.WARNING, logger="assistant.search.index"):
        hits, matrix = index.chunk_matrix(DENSE_KINDS)
    assert index.matrix_source == "chroma" and "belongs to build" in caplog.text
    assert [h.chunk_id for h in hits] == [h.chunk_id for h in hits_before]
    assert np.allclose(matrix, before, atol=1e-6)  # same corpus, same vectors, read from this build's Chroma
    assert json.loads((new_build / "vectors.json").read_text())["collection"] == manifest.collection


def test_a_matrix_with_rows_missing_is_a_mismatch(built: Settings, fake_corpus) -> None:
    build = (built.index_dir / "current").resolve()
    matrix = np.load(build / "vectors.npy")
    np.save(build / "vectors.npy", matrix[:-3])
    with pytest.raises(IndexMismatchError, match="rows"):
        load_matrix(build / "vectors.npy", read_manifest(built))
    with pytest.raises(IndexMissingError):
        load_matrix(build / "nothing.npy", read_manifest(built))


def test_the_retriever_ranks_the_same_from_the_file_as_from_chroma(built: Settings, fake_corpus) -> None:
    documents = {d.doc_id: d for d in fake_corpus.documents}
    from_file = HybridRetriever(_open(built, fake_corpus), HashingEmbeddings(), documents, glossary=fake_corpus.glossary)
    assert from_file.index.matrix_source == "file"
    ((built.index_dir / "current").resolve() / "vectors.json").unlink()
    from_chroma = HybridRetriever(_open(built, fake_corpus), HashingEmbeddings(), documents, glossary=fake_corpus.glossary)
    assert from_chroma.index.matrix_source == "chroma"
    one = sorted(documents)[:1]
    for question in ("两癌筛查由哪个单位负责？", "儿童体质监测", "图书馆免费开放吗"):
        vector = HashingEmbeddings().embed_query(question)
        a = [(h.chunk_id, round(h.score, 5)) for h in from_file._dense(vector, tuple(one))]
        b = [(h.chunk_id, round(h.score, 5)) for h in from_chroma._dense(vector, tuple(one))]
        assert a == b and a
