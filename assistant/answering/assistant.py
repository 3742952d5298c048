"""The assistant: corpus + index + retrieval chain + answer composition, behind ``ask()``.

The chain is LangChain LCEL: understand -> retrieve -> compose. ``compose`` is the one step a
generator could replace, behind a check that every unit and number it says is in the cited clause.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answering import compose
from assistant.answering.answers import Answer, RankedItem, Source
from assistant.corpus.loading import Corpus, load_corpus
from assistant.eligibility.rules import (
    Facts,
    RuleSet,
    answer_facts,
    extract_facts,
    is_eligibility_question,
    judge,
    merge_facts,
    select_rule,
)
from assistant.language.understanding import GlossaryMatcher, Query, is_follow_up, understand
from assistant.querylog import QueryLog
from assistant.search.chunking import document_header
from assistant.search.embeddings import backend_name, make_embeddings
from assistant.search.index import IndexMissingError, active_build, build_index, index_status, open_index
from assistant.search.retrieval import HybridRetriever, Retrieval, Weights
from assistant.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Calibration:
    """Thresholds measured on the labelled questions (see eval/report.md)."""

    in_scope_dense: float = 0.84  # below this, with no glossary match, a question is out of scope
    faq_direct: float = 0.93  # an FAQ this similar answers directly
    faq_override: float = 0.97  # ... even when retrieval ranks another item first
    second_item_ratio: float = 0.6  # further items are cited when this close to the best
    history_turns: int = 6


class _SwapGate:
    """Questions run concurrently; swapping in a new index waits for them and briefly holds new ones."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._active = 0
        self._swapping = False

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            while self._swapping:
                self._cond.wait()
            self._active += 1
        try:
            yield
        finally:
            with self._cond:
                self._active -= 1
                if not self._active:
                    self._cond.notify_all()

    @contextlib.contextmanager
    def swapping(self) -> Iterator[None]:
        with self._cond:
            while self._swapping:
                self._cond.wait()
            self._swapping = True
            while self._active:
                self._cond.wait()
        try:
            yield
        finally:
            with self._cond:
                self._swapping = False
                self._cond.notify_all()


@dataclass(frozen=True)
class Turn:
    """What a question resolved to: its plan and item, and the person's facts so far."""

    topic: tuple[str, int] | None
    facts: Facts
    eligibility: bool


class PolicyAssistant:
    def __init__(self, settings: Settings, corpus: Corpus, retriever: HybridRetriever, calibration: Calibration = Calibration()) -> None:
        self.settings = settings
        self.calibration = calibration
        self.log = QueryLog.from_settings(settings)  # None unless ASSISTANT_LOG_DIR is set
        self._cache: OrderedDict[str, Retrieval] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._gate = _SwapGate()
        self._refresh_lock = threading.Lock()
        self._build = active_build(settings)
        self._checked_at = time.monotonic()
        self._install(corpus, retriever)
        self.chain: Runnable[dict[str, Any], Answer] = (
            RunnableLambda(self._understand_step).with_config(run_name="understand")
            | RunnableLambda(self._retrieve_step).with_config(run_name="retrieve")
            | RunnableLambda(self._compose_step).with_config(run_name="compose")
        )

    def _install(self, corpus: Corpus, retriever: HybridRetriever) -> None:
        self.corpus = corpus
        self.retriever = retriever
        self.documents = {d.doc_id: d for d in corpus.documents}
        self.matcher = GlossaryMatcher(corpus.glossary)
        self._injection = tuple(re.compile(p, re.IGNORECASE) for p in corpus.scope.injection_patterns)
        self._off_topic = corpus.scope.off_topic_terms(corpus.documents)
        self.clear_cache()

    def clear_cache(self) -> None:
        """Forget cached retrievals (benchmarks use it so every question pays for its own search)."""
        with self._cache_lock:
            self._cache.clear()

    def refresh(self, force: bool = False) -> bool:
        """Pick up a build that another ingest swapped in, so a running server never reads a deleted one.

        Cheap when nothing changed (a readlink; a server is asked at most every 2 s). The new build
        is opened before the swap, and the swap waits for questions in flight; if it cannot be
        opened, the current one keeps serving.
        """
        if not force and self.settings.uses_server and time.monotonic() - self._checked_at < 2.0:
            return False
        self._checked_at = time.monotonic()
        build = active_build(self.settings)
        if build is None or build == self._build:
            return False
        with self._refresh_lock:
            if build == self._build:
                return False
            try:
                fresh = PolicyAssistant.from_settings(self.settings, build_if_missing=False, weights=self.retriever.weights)
            except Exception:
                log.exception("a new index build (%s) could not be opened; still serving %s", build, self._build)
                return False
            with self._gate.swapping():
                self._install(fresh.corpus, fresh.retriever)
                self._build = build
        log.info("now serving index build %s", build)
        return True

    # ------------------------------------------------------------ construction

    @classmethod
    def from_settings(
        cls,
        settings: Settings | None = None,
        *,
        build_if_missing: bool = True,
        progress: Callable[[int, int], None] | None = None,
        weights: Weights = Weights(),
    ) -> PolicyAssistant:
        settings = settings or Settings.from_env()
        corpus = load_corpus(settings.corpus_dir)
        embeddings = make_embeddings(settings.embeddings)
        backend = backend_name(settings.embeddings)
        try:
            index = open_index(settings, embeddings, backend, corpus.content_hash)
        except IndexMissingError:
            if not build_if_missing:
                raise
            build_index(settings, corpus, embeddings, backend, progress=progress)
            index = open_index(settings, embeddings, backend, corpus.content_hash)
        from assistant.search.lexical import init_jieba

        init_jieba([u.name for u in corpus.glossary.units] + [s.term.replace(" ", "") for s in corpus.glossary.synonyms])
        documents = {d.doc_id: d for d in corpus.documents}
        return cls(settings, corpus, HybridRetriever(index, embeddings, documents, weights))

    def health(self) -> dict[str, Any]:
        status = index_status(self.settings, backend_name(self.settings.embeddings), self.corpus.content_hash)
        status["documents"] = len(self.documents)
        status["items"] = sum(len(d.items) for d in self.documents.values())
        status["faq"] = len(self.corpus.faq)
        return status

    # ------------------------------------------------------------ public

    def ask(self, question: str, history: Sequence[str] | None = None) -> Answer:
        payload = {"question": question, "history": list(history or [])}
        self.refresh()
        try:
            with self._gate.reading():
                answer = self.chain.invoke(payload)
        except Exception:
            if not self.refresh(force=True):  # the build may have been replaced under this question
                raise
            with self._gate.reading():
                answer = self.chain.invoke(payload)
        if self.log is not None:
            try:
                self.log.record_answer(answer)  # redacted before it reaches disk
            except OSError:
                log.exception("could not write the question log")
        return answer

    def understand(self, question: str) -> Query:
        return understand(
            question if isinstance(question, str) else "",
            self.matcher,
            limit=self.settings.max_question_chars,
            off_topic_terms=self._off_topic,
            injection_patterns=self._injection,
        )

    def retrieve(self, query: Query) -> Retrieval:
        key = query.text
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        result = self.retriever.retrieve(query)
        with self._cache_lock:
            self._cache[key] = result
            while len(self._cache) > 512:
                self._cache.popitem(last=False)
        return result

    def unit_items(self, unit: str) -> list[tuple[str, int, str]]:
        """(document, item, role) for every item naming the unit, in plan order."""
        return [
            (d.doc_id, it.number, "lead" if unit in it.lead_units else "responsible")
            for d in self.documents.values()
            for it in d.items
            if unit in it.units
        ]

    # ------------------------------------------------------------ chain steps

    def _understand_step(self, payload: dict[str, Any]) -> dict[str, Any]:
        question = payload.get("question")
        query = self.understand(question if isinstance(question, str) else "")
        history = [h for h in payload.get("history") or [] if isinstance(h, str)]
        return {"query": query, "context": self._resolve_history(history[-self.calibration.history_turns :])}

    def _confident(self, query: Query, retrieval: Retrieval) -> bool:
        if query.terms or query.units or query.item_refs or "document" in query.intents:
            return True
        # Dense similarity alone only counts for something that reads as a question: e5 scores
        # keyboard mashes surprisingly high.
        return query.asks and retrieval.top_dense >= self.calibration.in_scope_dense

    def _resolve_history(self, history: Sequence[str]) -> Turn:
        turn = Turn(None, Facts(), False)
        for text in history:
            query = self.understand(text)
            if query.meaningful:
                turn, _ = self._advance(turn, query)
        return turn

    def _facts_in(self, previous: Turn, text: str) -> Facts:
        """Facts a turn states; a bare 是/没有/yes answers the question the previous turn asked."""
        if previous.eligibility and previous.topic:
            rules = self._rule(*previous.topic, text)
            if rules:
                missing = judge(rules, previous.facts).missing_facts
                if missing:
                    return answer_facts(missing[0], text)
        return extract_facts(text)

    def _advance(self, previous: Turn, query: Query, retrieval: Retrieval | None = None) -> tuple[Turn, bool]:
        """The conversation after this question, and whether the question leaned on the previous topic."""
        stated = self._facts_in(previous, query.text)
        # A statement of facts ("我今年45岁", "my son is 12") continues the topic under discussion.
        statement = not query.asks and stated != Facts()
        follow_up = bool(previous.topic) and (is_follow_up(query) or statement)
        topic = previous.topic
        if not follow_up:
            retrieval = retrieval or self.retrieve(query)
            if retrieval.ranked and self._confident(query, retrieval):
                top = retrieval.ranked[0]
                topic = (top.document, top.item)
        # Facts carry over until the conversation moves from one topic to another.
        switched = previous.topic is not None and topic != previous.topic
        facts = merge_facts(Facts() if switched else previous.facts, stated)
        same_topic = not switched
        only_facts = stated != Facts() and not query.intents and not query.terms
        eligibility = is_eligibility_question(query.text) or (
            previous.eligibility and same_topic and (only_facts or (follow_up and not query.intents))
        )
        return Turn(topic, facts, eligibility), follow_up

    def _retrieve_step(self, state: dict[str, Any]) -> dict[str, Any]:
        query: Query = state["query"]
        if not query.meaningful:
            return {**state, "retrieval": None}
        context: Turn = state["context"]
        retrieval = self.retrieve(query)
        turn, follow_up = self._advance(context, query, retrieval)
        if follow_up and turn.topic:
            # The topic under discussion goes first; the question's own hits follow.
            lead = next((r for r in retrieval.ranked if (r.document, r.item) == turn.topic), None)
            top = lead or RankedItem(turn.topic[0], turn.topic[1], 1.0)
            rest = tuple(r for r in retrieval.ranked if (r.document, r.item) != turn.topic)
            retrieval = replace(retrieval, ranked=(replace(top, score=max(top.score, rest[0].score + 1.0) if rest else top.score), *rest))
        return {**state, "retrieval": retrieval, "follow_up": follow_up, "turn": turn}

    def _compose_step(self, state: dict[str, Any]) -> Answer:
        query: Query = state["query"]
        retrieval: Retrieval | None = state.get("retrieval")
        docs = list(self.documents.values())
        if retrieval is None:
            return compose.clarification(query, docs)
        follow_up = state.get("follow_up", False)
        relevant = bool(query.terms or query.units)
        if query.injection and not relevant:
            return compose.refusal(query, docs, "injection", "injection")
        known_years = {d.year for d in docs}
        if query.years and not set(query.years) & known_years:
            return compose.refusal(query, docs, "year", "out_of_scope")
        if query.off_topic:
            return compose.refusal(query, docs, "topic", "out_of_scope")
        if not follow_up and not self._confident(query, retrieval):
            if not query.asks:  # a keyboard mash or a code fragment: ask for a question, don't refuse one
                return compose.clarification(query, docs)
            return compose.refusal(query, docs, "topic", "out_of_scope")
        if not retrieval.ranked:
            return compose.refusal(query, docs, "topic", "out_of_scope")

        turn: Turn = state["turn"]
        if "unit_lookup" in query.intents and query.units and not follow_up:
            return self._unit_lookup(query, query.units[0])
        top = retrieval.ranked[0]
        doc = self.documents[top.document]
        if top.item == 0 or ("document" in query.intents and not query.terms and not query.item_refs):
            return self._document(query, doc, retrieval)
        item = doc.item(top.item)
        assert item is not None
        rules = self._rule(doc.doc_id, item.number, query.text) if turn.eligibility else None
        if rules is not None:
            return self._eligibility(query, doc, item, rules, turn.facts, retrieval)
        intent = "department" if "department" in query.intents else "figure" if "figure" in query.intents else "content"
        faq = self._faq_answer(query, retrieval, intent)
        if faq is not None:
            return faq
        text = compose.item_answer(query, doc, item, self.corpus.glossary, intent)
        return self._answered(query, doc, item, retrieval, compose.with_citation(text, doc, item, query.language), intent)

    # ------------------------------------------------------------ answer kinds

    def _items_cited(self, retrieval: Retrieval, first: tuple[str, int]) -> tuple[int, ...]:
        ranked = retrieval.ranked
        best = ranked[0].score if ranked else 0.0
        others = [
            r.item
            for r in ranked[1:3]
            if r.document == first[0] and r.item != first[1] and r.score >= best * self.calibration.second_item_ratio
        ]
        return (first[1], *others)

    def _answered(self, query: Query, doc: Any, item: Any, retrieval: Retrieval, text: str, intent: str, **extra: Any) -> Answer:
        sources = [compose.source_of(doc, item, "item", item.text, 1.0)]
        for ev in retrieval.ranked[0].evidence:
            if ev.kind == "text" and ev.text not in (s.text for s in sources):
                sources.append(replace(ev, document_title=doc.title, lead_units=item.lead_units, responsible_units=item.responsible_units))
        others = compose.ranked_sources(retrieval.ranked[1:3], self.documents, best=retrieval.ranked[0].score)
        sources += [s for s in others if s.score >= self.calibration.second_item_ratio]
        return Answer(
            question=query.raw,
            language=query.language,
            status=extra.pop("status", "answered"),
            answer=text,
            items=self._items_cited(retrieval, (doc.doc_id, item.number)),
            lead_units=item.lead_units,
            responsible_units=item.responsible_units,
            sources=tuple(sources[:5]),
            document=doc.doc_id,
            document_title=doc.title,
            intent=intent,
            notice=query.notice,
            **extra,
        )

    def _faq_answer(self, query: Query, retrieval: Retrieval, intent: str) -> Answer | None:
        if intent != "content" or not retrieval.faq:
            return None
        if extract_facts(query.text) != Facts():
            return None  # an FAQ answer is written for someone else's circumstances
        best = retrieval.faq[0]
        entry = next((f for f in self.corpus.faq if f.faq_id == best.faq_id and f.document == best.document), None)
        if entry is None or entry.lang != query.language or not entry.items or entry.items[0] == 0:
            return None
        top = retrieval.ranked[0]
        agrees = (top.document, top.item) == (entry.document, entry.items[0])
        if not (best.score >= self.calibration.faq_override or (agrees and best.score >= self.calibration.faq_direct)):
            return None
        doc = self.documents[entry.document]
        item = doc.item(entry.items[0])
        assert item is not None
        quote = "".join(compose.best_sentences(item, query, 1))
        text = f"{entry.answer}\n原文：「{quote}」" if query.language == "zh" else f"{entry.answer}\nClause: 「{quote}」"
        answer = self._answered(query, doc, item, retrieval, compose.with_citation(text, doc, item, query.language), "faq")
        faq_source = Source(
            item.number,
            "faq",
            f"{entry.question}\n{entry.answer}",
            best.score,
            doc.doc_id,
            doc.title,
            item.lead_units,
            item.responsible_units,
        )
        items = tuple(dict.fromkeys((*entry.items, *answer.items)))
        return replace(answer, items=items, sources=(answer.sources[0], faq_source, *answer.sources[1:]))

    def _document(self, query: Query, doc: Any, retrieval: Retrieval) -> Answer:
        text = compose.with_citation(compose.document_answer(query, doc, self.corpus.glossary), doc, None, query.language)
        return Answer(
            question=query.raw,
            language=query.language,
            status="answered",
            answer=text,
            items=(0,),
            sources=(
                compose.source_of(
                    doc, None, "text", document_header(doc) + doc.closing, retrieval.ranked[0].score if retrieval.ranked else 0.0
                ),
            ),
            document=doc.doc_id,
            document_title=doc.title,
            intent="document",
            notice=query.notice,
        )

    def _unit_lookup(self, query: Query, unit: str) -> Answer:
        hits = [(self.documents[d], self.documents[d].item(i)) for d, i, _ in self.unit_items(unit)]
        if not hits:
            if unit in {u for d in self.documents.values() for u in d.coordinating_units}:
                return self._document(query, next(iter(self.documents.values())), Retrieval(query, (), (), 0.0, ()))
            return compose.refusal(query, list(self.documents.values()), "topic", "unit_lookup")
        text = compose.unit_lookup_answer(query, unit, hits, self.corpus.glossary, len(self.documents) > 1)
        first_doc, first_item = hits[0]
        sources = tuple(compose.source_of(d, it, "item", it.text, 1.0) for d, it in hits)
        return Answer(
            question=query.raw,
            language=query.language,
            status="answered",
            answer=compose.with_citation(text, first_doc, None, query.language),
            items=tuple(it.number for _, it in hits),
            lead_units=first_item.lead_units,
            responsible_units=first_item.responsible_units,
            sources=sources,
            document=first_doc.doc_id,
            document_title=first_doc.title,
            intent="unit_lookup",
            notice=query.notice,
        )

    def _rule(self, doc_id: str, item: int, question: str) -> RuleSet | None:
        return select_rule(list(self.corpus.rules), doc_id, item, question)

    def _eligibility(self, query: Query, doc: Any, item: Any, rules: RuleSet, facts: Facts, retrieval: Retrieval) -> Answer:
        lang = query.language
        units = compose.units_block(item, self.corpus.glossary, lang)
        judgement = judge(rules, facts)
        if judgement.verdict is None:
            ask_next = judgement.next_question_en if lang == "en" else judgement.next_question_zh
            if lang == "en":
                text = f"{rules.program_en} (item {item.number}) is for: {rules.target_en}. {ask_next}\n{units}"
            else:
                text = f"{rules.program}（第{item.numeral}项）面向：{rules.target_zh}。{ask_next}\n{units}"
            return self._answered(
                query,
                doc,
                item,
                retrieval,
                compose.with_citation(text, doc, item, lang),
                "eligibility",
                status="clarify",
                missing_facts=judgement.missing_facts,
            )
        reason = judgement.reason_en if lang == "en" else judgement.reason_zh
        return self._answered(
            query,
            doc,
            item,
            retrieval,
            compose.with_citation(f"{reason}\n{units}", doc, item, lang),
            "eligibility",
            eligibility=judgement.verdict,
            missing_facts=judgement.missing_facts,
        )
