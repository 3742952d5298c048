"""Ingest embeds each distinct text once: plans repeat boilerplate sentences (closing paragraphs, the
same measure in a city's and a county's plan), and those chunks share one embedding. Real corpus
(corpus/policies), hashing embedder."""

from __future__ import annotations

from dataclasses import replace

from fakes import HashingEmbeddings

from assistant.search.chunking import build_chunks
from assistant.search.index import _embed_chunks


def test_a_text_held_by_several_chunks_is_embedded_once(fake_corpus) -> None:
    chunks = build_chunks(fake_corpus.documents, fake_corpus.faq)
    copy = [replace(c, chunk_id="copy-" + c.chunk_id, doc_id="copy") for c in chunks]  # the same plan filed twice
    embeddings = HashingEmbeddings()
    seen: list[tuple[int, int]] = []
    vectors, reused = _embed_chunks(chunks + copy, embeddings, {}, lambda done, total: seen.append((done, total)))
    assert embeddings.calls == len({c.text for c in chunks})
    assert len(vectors) == 2 * len(chunks) and reused == 0
    assert vectors[: len(chunks)] == vectors[len(chunks) :]
    assert vectors == [embeddings.embed_query(c.text) for c in chunks + copy]  # each its own text's vector
    assert seen[-1] == (2 * len(chunks), 2 * len(chunks))  # progress counts every chunk


def test_reused_embeddings_are_not_embedded_again(fake_corpus) -> None:
    chunks = build_chunks(fake_corpus.documents, fake_corpus.faq)
    first = HashingEmbeddings()
    vectors, _ = _embed_chunks(chunks, first, {}, None)
    reuse = {str(c.metadata["content_key"]): v for c, v in zip(chunks[:10], vectors[:10], strict=True)}
    again = HashingEmbeddings()
    vectors2, reused = _embed_chunks(chunks, again, reuse, None)
    assert reused == 10 and vectors2 == vectors
    assert again.calls == len({c.text for c in chunks if str(c.metadata["content_key"]) not in reuse})
