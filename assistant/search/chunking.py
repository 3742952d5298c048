"""Turn parsed documents and FAQ entries into indexable chunks with stable ids. Pure."""

from __future__ import annotations

import hashlib
import re

from assistant.corpus.records import Chunk, FaqEntry, PolicyDocument
from assistant.corpus.text import simplified_view

_SENTENCE_END = re.compile(r"(?<=[。；;！!？?])")


def split_sentences(text: str, min_chars: int = 6) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if len(s.strip()) >= min_chars]


def content_key(kind: str, text: str) -> str:
    """Key of a chunk's content and of how its vector is made: an unchanged chunk keeps its embedding
    across rebuilds."""
    recipe = "\0mean" if len(embedding_parts(kind, text)) > 1 else ""
    return hashlib.sha256(f"{kind}\0{text}{recipe}".encode()).hexdigest()[:20]


def embedding_parts(kind: str, text: str) -> tuple[str, ...]:
    """The texts a chunk's vector is made from: its own text, except for an item of several sentences.

    An item is indexed whole *and* sentence by sentence, so embedding its whole text would run the model
    over every word twice (over half of a plan's tokens). Its vector is instead the length-weighted mean
    of its sentences' vectors (``compose``), most of them the item's own sentence chunks, embedded once:
    the way the embedder itself combines the 512-token windows of a long text."""
    if kind != "item":
        return (text,)
    parts = split_sentences(text, min_chars=1)
    return tuple(parts) if len(parts) > 1 else (text,)


def compose(parts: tuple[str, ...], vectors: list[list[float]]) -> list[float]:
    """The unit-length, length-weighted mean of the parts' vectors (one part: its vector unchanged)."""
    if len(parts) == 1:
        return list(vectors[0])
    import numpy as np

    mean = np.asarray([len(p) for p in parts], dtype=np.float64) @ np.asarray(vectors, dtype=np.float64)
    return (mean / max(float(np.linalg.norm(mean)), 1e-12)).tolist()


def _chunk(doc: PolicyDocument, item: int, kind: str, n: int | str | None, text: str, **extra: str | int) -> Chunk:
    # Indexed as simplified Chinese, as questions are read: a plan in traditional characters is matched
    # the same way; answers quote the plan's own records (PolicyItem.text), as written.
    text = simplified_view(text)
    suffix = f":{n}" if n is not None else ""
    item_record = doc.item(item) if item else None
    metadata: dict[str, str | int | float] = {
        "doc_id": doc.doc_id,
        "doc_title": doc.title,
        "item": item,
        "kind": kind,
        "units": "、".join(item_record.units) if item_record else "、".join(doc.coordinating_units),
        "content_key": content_key(kind, text),
        **{k: v for k, v in (("place", doc.place), ("level", doc.level), ("year", doc.year)) if v is not None},
        **extra,
    }
    return Chunk(chunk_id=f"{doc.doc_id}:{item}:{kind}{suffix}", doc_id=doc.doc_id, item=item, kind=kind, text=text, metadata=metadata)


def document_header(doc: PolicyDocument) -> str:
    """《title》；发文单位：…；文号：…；印发日期：…。 -- the one header builder (index, retrieval, answers)."""
    parts = [f"《{doc.title}》"]
    if doc.issuer:
        parts.append(f"发文单位：{doc.issuer}")
    if doc.doc_number:
        parts.append(f"文号：{doc.doc_number}")
    if doc.issue_date:
        parts.append(f"印发日期：{doc.issue_date}")
    return "；".join(parts) + "。"


def document_text(doc: PolicyDocument) -> str:
    """The plan as a whole (item 0): its header and closing section, as indexed and as retrieved."""
    return document_header(doc) + doc.closing.replace("\n", "")


def document_chunks(doc: PolicyDocument) -> list[Chunk]:
    chunks = [_chunk(doc, 0, "item", None, document_text(doc))]
    chunks += [_chunk(doc, 0, "text", n, s) for n, s in enumerate(split_sentences(doc.closing))]
    for item in doc.items:
        chunks.append(_chunk(doc, item.number, "item", None, item.text))
        chunks += [_chunk(doc, item.number, "text", n, s) for n, s in enumerate(split_sentences(item.body))]
    # A document with no recognised items is indexed paragraph by paragraph, cited as 第N段.
    chunks += [_chunk(doc, 0, "text", f"p{s.number}", s.text, section=s.number) for s in doc.sections]
    return chunks


def faq_chunks(entries: tuple[FaqEntry, ...], documents: dict[str, PolicyDocument]) -> list[Chunk]:
    """One chunk per FAQ question, filed under its first item; the id carries the FAQ id."""
    return [
        _chunk(
            documents[e.document],
            e.items[0] if e.items else 0,
            "faq",
            e.faq_id,
            e.question,
            faq_id=e.faq_id,
            faq_items=",".join(map(str, e.items)),
            lang=e.lang,
        )
        for e in entries
    ]


def build_chunks(documents: tuple[PolicyDocument, ...], faq: tuple[FaqEntry, ...]) -> list[Chunk]:
    by_id = {d.doc_id: d for d in documents}
    chunks = [c for d in documents for c in document_chunks(d)] + faq_chunks(faq, by_id)
    ids = [c.chunk_id for c in chunks]
    if len(set(ids)) != len(ids):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise ValueError(f"duplicate chunk ids: {dupes[:5]}")
    return chunks
