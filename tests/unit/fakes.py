"""A deterministic stand-in for the embedding model, for the unit tier.

``HashingEmbeddings`` hashes character unigrams and bigrams into a fixed number of buckets and
normalises the vector: texts that share characters are close, the same text always gives the same
vector, and nothing is loaded. It is a LangChain ``Embeddings``, so it plugs into ``build_index``,
``open_index`` and ``HybridRetriever`` where the real model would.
"""

from __future__ import annotations

import math
import zlib

from langchain_core.embeddings import Embeddings

FAKE_BACKEND = "fake:hashing-256"


class HashingEmbeddings(Embeddings):
    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.calls = 0  # how many texts were embedded (tests check caching and batching with it)

    def _embed(self, text: str) -> list[float]:
        self.calls += 1
        vector = [0.0] * self.size
        chars = [c for c in text.lower() if not c.isspace()]
        grams = chars + [a + b for a, b in zip(chars, chars[1:], strict=False)]
        for gram in grams:
            vector[zlib.crc32(gram.encode()) % self.size] += 1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._embed(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._embed(text)
