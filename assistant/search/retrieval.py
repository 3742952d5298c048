"""Hybrid retrieval over items: dense (Chroma) + BM25 (jieba) + glossary and FAQ evidence, fused per item.

``fuse`` and ``ranked_documents`` are pure; ``HybridRetriever`` wires the index, the lexical index and
the embeddings. It is a LangChain ``BaseRetriever``: ``invoke("question")`` returns one ``Document`` per
ranked item (metadata: document, item, units, scores), so it composes with any LangChain chain and
supports ``batch``; the assistant calls ``retrieve(query)`` for the full ``Retrieval``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from assistant.answering.answers import RankedItem, Source
from assistant.corpus.records import Glossary, PolicyDocument
from assistant.language.places import PlaceScope, place_scope
from assistant.language.understanding import GlossaryMatcher, Query, understand
from assistant.search.chunking import document_text
from assistant.search.index import Hit, PolicyIndex
from assistant.search.lexical import LexicalIndex


@dataclass(frozen=True)
class Weights:
    """Fusion weights, tuned on labelled questions (eval/)."""

    dense: float = 1.0
    lexical: float = 0.7
    term: float = 0.5
    unit: float = 0.6
    faq: float = 0.6
    document: float = 0.8
    named_item: float = 3.0  # the question names the item by number (第七项, item 7)
    dense_k: int = 30
    faq_k: int = 5
    # Plans of at most this many chunks are scored exactly over every chunk even when a question names none
    # (a matrix product is faster than the ANN index there, and exact); larger ones use the ANN index.
    exact_chunks: int = 20000


DENSE_KINDS = ("item", "text")  # the chunk kinds searched densely (FAQ questions are matched apart)


@dataclass(frozen=True)
class FaqHit:
    faq_id: str
    document: str
    items: tuple[int, ...]
    question: str
    score: float


@dataclass(frozen=True)
class Retrieval:
    query: Query
    ranked: tuple[RankedItem, ...]
    faq: tuple[FaqHit, ...]
    top_dense: float
    documents: tuple[str, ...]  # the plans the question was scoped to


def squash(text: str) -> str:
    """Compare policy words without the stray spaces and punctuation of a web page dump."""
    return re.sub(r"[\s“”\"'‘’]", "", text)


_PLACE = re.compile(r"^(?P<place>[\u4e00-\u9fff]{1,6}?)(?P<suffix>市|县|区|省|自治州|盟)(?=[\u4e00-\u9fff]*?\d{4}年|[\u4e00-\u9fff])")


def plan_place(title: str) -> str | None:
    """The place a plan is for, from its title: 《XY市2022年…方案》 -> XY. A one-character name keeps
    its suffix (X县), since the character alone would be found in unrelated words of a question."""
    m = _PLACE.match(title)
    if not m:
        return None
    return m.group("place") if len(m.group("place")) >= 2 else m.group("place") + m.group("suffix")


def faq_hits(hits: Sequence[Hit]) -> tuple[FaqHit, ...]:
    out = []
    for hit in hits:
        items = tuple(int(i) for i in str(hit.metadata.get("faq_items", "")).split(",") if i.strip().lstrip("-").isdigit())
        out.append(FaqHit(str(hit.metadata.get("faq_id", "")), str(hit.metadata["doc_id"]), items, hit.text, hit.score))
    return tuple(sorted(out, key=lambda f: -f.score))


def _normalise(values: dict[tuple[str, int], float]) -> dict[tuple[str, int], float]:
    if not values:
        return {}
    hi, lo = max(values.values()), min(values.values())
    span = hi - lo
    return {k: ((v - lo) / span if span > 1e-9 else (1.0 if v > 0 else 0.0)) for k, v in values.items()}


def fuse(
    query: Query,
    dense: Sequence[Hit],
    lexical: Sequence[tuple[Hit, float]],
    faqs: Sequence[FaqHit],
    documents: dict[str, PolicyDocument],
    weights: Weights = Weights(),
) -> list[RankedItem]:
    """Score each (plan, item) from all the evidence; best first. Pure."""
    dense_best: dict[tuple[str, int], float] = {}
    evidence: dict[tuple[str, int], list[Source]] = defaultdict(list)
    for hit in dense:
        key = (str(hit.metadata["doc_id"]), int(hit.metadata["item"]))
        dense_best[key] = max(dense_best.get(key, -1.0), hit.score)
        evidence[key].append(Source(key[1], str(hit.metadata.get("kind", "text")), hit.text, hit.score, key[0]))
    lexical_best: dict[tuple[str, int], float] = {}
    for hit, score in lexical:
        key = (str(hit.metadata["doc_id"]), int(hit.metadata["item"]))
        lexical_best[key] = max(lexical_best.get(key, 0.0), score)
    top_lexical = max(lexical_best.values(), default=0.0)
    for hit, score in lexical:
        if score > 0:  # evidence scores on the dense scale (0..1): relative to the best BM25 hit
            key = (str(hit.metadata["doc_id"]), int(hit.metadata["item"]))
            evidence[key].append(Source(key[1], str(hit.metadata.get("kind", "text")), hit.text, float(score) / top_lexical, key[0]))
    dense_norm = _normalise(dense_best)

    keys = set(dense_best) | {k for k, v in lexical_best.items() if v > 0}
    for faq in faqs:
        keys |= {(faq.document, i) for i in faq.items}
    for doc in documents.values():
        keys |= {(doc.doc_id, it.number) for it in doc.items if set(query.units) & set(it.units) or it.number in query.item_refs}
        if "document" in query.intents:
            keys.add((doc.doc_id, 0))
    if "document" not in query.intents:
        # The plan-level chunk holds the title, so a question naming the plan would match it best; but a plan
        # with no recognised items is all paragraphs under item 0, its only place to answer from (never block).
        keys = {k for k in keys if k[1] != 0 or (k[0] in documents and not documents[k[0]].items)}

    ranked = []
    for key in keys:
        doc_id, number = key
        doc = documents.get(doc_id)
        if doc is None:
            continue
        item = doc.item(number)
        outside = doc.title + doc.closing + (doc.issuer or "") + (doc.doc_number or "") + "".join(s.text for s in doc.sections)
        haystack = squash(item.text if item else outside)
        score = weights.dense * dense_norm.get(key, 0.0)
        if top_lexical > 0:
            score += weights.lexical * lexical_best.get(key, 0.0) / top_lexical
        if query.terms:
            score += weights.term * sum(squash(t) in haystack for t in query.terms) / len(query.terms)
        if query.units and item and set(query.units) & set(item.units):
            score += weights.unit
        if item and number in query.item_refs:
            score += weights.named_item
        if number == 0 and "document" in query.intents:
            score += weights.document
        best_faq = max((f.score for f in faqs if f.document == doc_id and number in f.items), default=0.0)
        score += weights.faq * max(0.0, (best_faq - 0.8) / 0.2)
        ev = sorted(evidence.get(key, []), key=lambda s: -s.score)
        ranked.append(RankedItem(doc_id, number, score, dense_best.get(key, 0.0), lexical_best.get(key, 0.0), tuple(ev[:4])))
    ranked.sort(key=lambda r: (-r.score, r.document, r.item))
    return ranked


def ranked_documents(retrieval: Retrieval, documents: dict[str, PolicyDocument], k: int | None = None) -> list[Document]:
    """The ranked items of a retrieval as LangChain documents, best first. Pure.

    ``page_content`` is the item as written (the plan's title and closing for item 0); ``metadata``
    carries ``document``, ``document_title``, ``item``, ``item_title``, ``kind`` (item | document),
    ``lead_units``, ``responsible_units``, ``score``, ``dense`` and ``lexical``.
    """
    out = []
    for ranked in retrieval.ranked[:k]:
        doc = documents.get(ranked.document)
        if doc is None:
            continue
        item = doc.item(ranked.item)
        metadata: dict[str, Any] = {
            "document": doc.doc_id,
            "document_title": doc.title,
            "item": ranked.item,
            "item_title": item.title if item else doc.title,
            "kind": "item" if item else "document",
            "lead_units": list(item.lead_units) if item else [],
            "responsible_units": list(item.responsible_units) if item else list(doc.coordinating_units),
            "score": ranked.score,
            "dense": ranked.dense,
            "lexical": ranked.lexical,
        }
        text = item.text if item else document_text(doc)
        out.append(Document(page_content=text, metadata=metadata, id=f"{doc.doc_id}:{ranked.item}"))
    return out


class HybridRetriever(BaseRetriever):
    """Dense + lexical search over one open index, fused per item; a LangChain retriever.

    ``retrieve(query)`` takes an understood ``Query`` and returns the whole ``Retrieval`` (what the
    assistant composes from). As a runnable, a question string goes in (understood with the
    glossary given as ``glossary``) and the best ``k`` items come out as ``Document`` s.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any  # PolicyIndex
    embeddings: Any  # a LangChain Embeddings
    documents: dict[str, Any]  # doc_id -> PolicyDocument
    weights: Any = Weights()
    glossary: Any = None  # Glossary for understanding string queries; none: no units or terms matched
    k: int = 5  # documents returned per query by invoke/batch
    max_chars: int = 2000
    lexical: Any = None  # LexicalIndex over the non-FAQ chunks (built at construction)

    _chunks: list[Hit] = PrivateAttr(default_factory=list)
    _chunk_docs: Any = PrivateAttr(default=None)
    _vectors: Any = PrivateAttr(default=None)  # row i: the unit-length embedding of _chunks[i]
    _rows: dict[str, Any] = PrivateAttr(default_factory=dict)  # doc_id -> its rows in _chunks
    _faq: list[Hit] = PrivateAttr(default_factory=list)
    _faq_vectors: Any = PrivateAttr(default=None)
    _faq_docs: Any = PrivateAttr(default=None)
    _matcher: Any = PrivateAttr(default=None)

    def __init__(
        self, index: PolicyIndex, embeddings: Any, documents: dict[str, PolicyDocument], weights: Weights = Weights(), **kwargs: Any
    ) -> None:
        super().__init__(index=index, embeddings=embeddings, documents=documents, weights=weights, **kwargs)

    def model_post_init(self, context: Any, /) -> None:
        chunks, vectors = self.index.chunk_matrix(DENSE_KINDS)  # unit-length rows, memory-mapped: not copied
        self._chunks = chunks
        self._chunk_docs = np.array([str(h.metadata["doc_id"]) for h in chunks])
        self._vectors = vectors
        rows: dict[str, list[int]] = defaultdict(list)
        for i, doc_id in enumerate(self._chunk_docs):
            rows[str(doc_id)].append(i)
        self._rows = {d: np.asarray(r, dtype=np.int64) for d, r in rows.items()}
        self.lexical = LexicalIndex([h.text for h in chunks])
        # The FAQ questions are few: match them in memory instead of a second Chroma query.
        self._faq, vectors = self.index.chunks_with_vectors("faq")
        self._faq_vectors = np.asarray(vectors, dtype=np.float32) if vectors else np.zeros((0, 1), dtype=np.float32)
        self._faq_docs = np.array([str(h.metadata["doc_id"]) for h in self._faq])
        self._matcher = GlossaryMatcher(self.glossary or Glossary((), ()))

    def _get_relevant_documents(self, query: str | Query, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        if not isinstance(query, Query):
            query = understand(query if isinstance(query, str) else "", self._matcher, limit=self.max_chars)
        return ranked_documents(self.retrieve(query), self.documents, self.k)

    def _faq_search(self, vector: list[float], scope: tuple[str, ...]) -> tuple[FaqHit, ...]:
        if not self._faq:
            return ()
        scores = self._faq_vectors @ np.asarray(vector, dtype=np.float32)
        if len(scope) != len(self.documents):
            scores = np.where(np.isin(self._faq_docs, scope), scores, -1.0)
        top = np.argsort(-scores)[: self.weights.faq_k]
        return faq_hits([replace(self._faq[i], score=float(scores[i])) for i in top if scores[i] > -1.0])

    def scope(self, query: Query, places: PlaceScope | None = None) -> tuple[str, ...]:
        """Plans a question names by title, place (``place_scope``, given when the caller has it) or year;
        every plan when it names none."""
        docs = list(self.documents.values())
        text = squash(query.text)
        named = [d for d in docs if squash(d.title) in text]
        if named:
            return tuple(d.doc_id for d in named)
        if places is None:
            places = place_scope(query.text, docs)
        by_place = set(places.documents)  # the place first: "到2020年" may be a target year
        docs = [d for d in docs if d.doc_id in by_place] or docs
        if query.years:
            docs = [d for d in docs if d.year in query.years] or docs
        return tuple(d.doc_id for d in docs)

    def _where(self, kinds: list[str], scope: tuple[str, ...]) -> dict[str, Any]:
        kind_filter: dict[str, Any] = {"kind": {"$in": kinds}} if len(kinds) > 1 else {"kind": kinds[0]}
        if len(scope) == len(self.documents):
            return kind_filter
        return {"$and": [kind_filter, {"doc_id": {"$in": list(scope)}}]}

    def _dense(self, vector: list[float], scope: tuple[str, ...]) -> list[Hit]:
        """The ``dense_k`` chunks nearest the question within the scoped plans.

        Unscoped, over more than ``exact_chunks`` chunks or with a Chroma server (the store of record, whose
        absence is an error, never an answer from a local copy): the ANN index. Otherwise exact cosine over the
        scoped plans' chunks in memory.
        A metadata filter on the HNSW graph loses recall as the filter narrows (one plan of 1,000 is 0.1%
        of the chunks and its best items were often missing), and the scoped chunks are few enough to
        score every one."""
        every = len(scope) == len(self.documents)
        if every and (self.index.remote or self._vectors is None or len(self._vectors) > self.weights.exact_chunks):
            return self.index.search(vector, self.weights.dense_k, self._where(list(DENSE_KINDS), scope))
        rows = np.concatenate([self._rows[d] for d in scope if d in self._rows] or [np.zeros(0, dtype=np.int64)])
        if not len(rows):
            return []
        q = np.asarray(vector, dtype=np.float32)
        scores = self._vectors[rows] @ (q / max(float(np.linalg.norm(q)), 1e-12))
        k = min(self.weights.dense_k, len(rows))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((rows[top], -scores[top]))]  # best first; ties in index order
        return [replace(self._chunks[rows[i]], score=float(scores[i])) for i in top]

    def retrieve(self, query: Query, places: PlaceScope | None = None) -> Retrieval:
        """``places``: ``place_scope(query.text, documents)`` when the caller computed it already."""
        scope = self.scope(query, places)
        vector = self.embeddings.embed_query(query.expanded)
        dense = self._dense(vector, scope)
        faqs = self._faq_search(vector, scope)
        scores = self.lexical.scores(query.expanded)
        if len(scope) != len(self.documents):
            scores = np.where(np.isin(self._chunk_docs, scope), scores, 0.0)
        top = np.argsort(-scores)[:50]
        lexical = [(self._chunks[i], float(scores[i])) for i in top if scores[i] > 0]
        scoped_docs = {d: self.documents[d] for d in scope}
        ranked = fuse(query, dense, lexical, faqs, scoped_docs, self.weights)
        return Retrieval(query, tuple(ranked), faqs, max((h.score for h in dense), default=0.0), scope)
