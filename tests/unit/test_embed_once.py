"""Ingest embeds each distinct text once: plans repeat boilerplate sentences (closing paragraphs, the
same measure in a city's and a county's plan), and those chunks share one embedding. Real corpus
(corpus/policies), hashing embedder."""

from __future__ import annotations

from dataclasses import replace

from fakes import HashingEmbeddings

from assistant.search.chunking import build_chunks, compose, embedding_parts
from assistant.search.index import _embed_chunks


def test_a_text_held_by_several_chunks_is_embedded_once(fake_corpus) -> None:
    chunks = build_chunks(fake_corpus.documents, fake_corpus.faq)
    copy = [replace(c, chunk_id="copy-" + c.chunk_id, doc_id="copy") for c in chunks]  # the same plan filed twice
    embeddings = HashingEmbeddings()
    seen: list[tuple[int, int]] = []
    vectors, reused = _embed_chunks(chunks + copy, embeddings, {}, lambda done, total: seen.append((done, total)))
    assert embeddings.calls == len(_texts(chunks))
    assert len(vectors) == 2 * len(chunks) and reused == 0
    assert vectors[: len(chunks)] == vectors[len(chunks) :]
    assert vectors == [_vector(c) for c in chunks + copy]  # each its own text's vector
    assert seen[-1] == (2 * len(chunks), 2 * len(chunks))  # progress counts every chunk


def test_reused_embeddings_are_not_embedded_again(fake_corpus) -> None:
    chunks = build_chunks(fake_corpus.documents, fake_corpus.faq)
    first = HashingEmbeddings()
    vectors, _ = _embed_chunks(chunks, first, {}, None)
    reuse = {str(c.metadata["content_key"]): v for c, v in zip(chunks[:10], vectors[:10], strict=True)}
    again = HashingEmbeddings()
    vectors2, reused = _embed_chunks(chunks, again, reuse, None)
    assert reused == 10 and vectors2 == vectors
    assert again.calls == len(_texts([c for c in chunks if str(c.metadata["content_key"]) not in reuse]))


def test_an_item_is_not_embedded_again_after_its_sentences(fake_corpus) -> None:
    """An item's sentences are chunks of their own; its vector is made from theirs, so the model runs over
    each sentence once. A one-sentence item (and every other kind) is embedded as it is."""
    chunks = build_chunks(fake_corpus.documents, fake_corpus.faq)
    items = [c for c in chunks if c.kind == "item" and len(embedding_parts(c.kind, c.text)) > 1]
    assert items, "the corpus has items of several sentences"
    sentences = {c.text for c in chunks if c.kind == "text"}
    parts = [p for item in items for p in embedding_parts(item.kind, item.text)]
    for item in items:
        assert "".join("".join(embedding_parts(item.kind, item.text)).split()) == "".join(item.text.split())  # every word, once
    # most of their words are in sentence chunks already; the rest: a numbered title, a unit clause, a header field
    assert sum(len(p) for p in parts if p in sentences) >= 0.6 * sum(len(p) for p in parts)
    embeddings = HashingEmbeddings()
    _embed_chunks(chunks, embeddings, {}, None)
    assert embeddings.calls == len(_texts(chunks))
    whole = sum(len(t) for t in {c.text for c in chunks})  # characters the model ran over before
    assert sum(len(t) for t in _texts(chunks)) < 0.8 * whole  # 4,573 of 5,857 here (FAQ questions are the rest)


def _texts(chunks) -> set[str]:
    return {p for c in chunks for p in embedding_parts(c.kind, c.text)}


def _vector(chunk) -> list[float]:
    parts = embedding_parts(chunk.kind, chunk.text)
    return compose(parts, [HashingEmbeddings().embed_query(p) for p in parts])
