"""The assistant: wiring of corpus, index and the steps that answer a question, behind ``ask()``.

A question goes through typed steps, each doing one thing:
understand (question and history) -> retrieve -> follow the dialogue -> assess eligibility ->
route -> compose. The steps are plain functions over frozen state (``dialogue``, ``route`` and
``compose`` are pure); this class keeps only what needs state: the index swap gate, the
retrieval cache and the query log. ``chain`` exposes the whole as one LangChain runnable.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answering import compose
from assistant.answering.answers import Answer, RankedItem
from assistant.answering.coverage import (
    Coverage,
    ItemEvidence,
    Person,
    PlanVocabulary,
    Term,
    build_evidence,
    chinese_of,
    clauses,
    coverage,
    flat,
    glossary_text,
    load_lexicon,
    not_for,
    own_vocabulary,
    persons,
    question_terms,
    squash,
    syllables,
    term_status,
    with_glosses,
)
from assistant.answering.dialogue import START, Topic, Turn, advance, focus, relation, stated_facts
from assistant.answering.route import Assessment, Calibration, Route, confident, known_places, route, unit_hits
from assistant.answering.scoped_units import scoped_units
from assistant.corpus.loading import Corpus, load_corpus
from assistant.corpus.records import PolicyDocument, PolicyItem
from assistant.corpus.text import simplified_view
from assistant.eligibility import (
    Facts,
    RuleSet,
    eligibility_rules,
    extract_facts,
    is_eligibility_question,
    judge,
    schema_of,
    select_rule_for,
    stated_any,
)
from assistant.language.bilingual import stem
from assistant.language.gazetteer import gazetteer
from assistant.language.places import PlaceScope, document_places, place_scope
from assistant.language.romanised import SPELT, Spelling, romanised
from assistant.language.understanding import TOPIC_CHANGE, GlossaryMatcher, Query, detect_language, intents_of, understand
from assistant.querylog import QueryLog
from assistant.search.embeddings import backend_name, make_embeddings
from assistant.search.index import IndexMissingError, active_build, build_index, health, open_index
from assistant.search.retrieval import HybridRetriever, Retrieval, Weights
from assistant.settings import Settings

log = logging.getLogger(__name__)
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")

__all__ = ["Calibration", "PolicyAssistant", "Question", "Step"]


@dataclass(frozen=True)
class Question:
    """What ``ask`` was given: the question and the person's earlier questions."""

    text: str
    history: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """The state passed from step to step; each step fills in its part."""

    query: Query
    context: Turn  # the conversation before this question
    retrieval: Retrieval | None = None  # None for a question with no words in it
    turn: Turn = START  # the conversation after this question
    assessment: Assessment | None = None
    route: Route | None = None
    coverage: Coverage | None = None  # how the first-ranked item covers the question
    places: PlaceScope | None = None  # the plans the question names by place: computed once, read by every step
    answerable: tuple[RankedItem | None, Coverage | None] | None = None  # ``_answerable`` of the unfocused retrieval


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


def _cut(text: str) -> list[tuple[str, str]]:
    import jieba.posseg

    return [(w.word, w.flag) for w in jieba.posseg.lcut(text)]


def _fine_cut(word: str) -> list[str]:
    """The tokenizer's finer cut of a word: the words inside a compound (农村教师: 农村, 教师, 农村教师)."""
    import jieba

    return list(jieba.cut_for_search(word))


def _known_word(word: str) -> bool:
    import jieba

    return jieba.dt.FREQ.get(word, 0) > 0


@functools.lru_cache(maxsize=4096)
def _short_pinyin(text: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(text, errors=lambda s: list(s)))


def _pinyin(text: str) -> list[str]:
    """Syllables, one per character (cached for the short words of questions)."""
    if len(text) <= 8:
        return list(_short_pinyin(text))
    from pypinyin import lazy_pinyin

    return lazy_pinyin(text, errors=lambda s: list(s))


def _chinese(term: str, primary: bool = False) -> tuple[str, ...]:
    """CC-CEDICT's Chinese words for an English term (the dictionary is read on the first English question); for
    a word of the question that spells one of the plans' words in pinyin, that word."""
    spelt = SPELT.get().get(term.lower())
    if spelt:
        return spelt
    from assistant.language.bilingual import dictionary

    return dictionary().chinese(term, primary)


def plans_write(term: Term, said: Sequence[str]) -> bool:
    """Whether the plans' text (``said``, simplified) writes a glossary term: its canonical name or alias as
    written, or, for an English alias, one of its Chinese words of two characters or more (renovate: 改造 of
    改造老旧小区; a one-character rendering is too loose to count)."""
    if any(w in body for body in said for w in {squash(simplified_view(term.canonical)), squash(simplified_view(term.text))}):
        return True
    return any(len(zh) > 1 and zh in body for body in said for zh in chinese_of(term, load_lexicon(), _chinese))


@functools.lru_cache(maxsize=4096)
def _is_english(word: str) -> bool:
    """A word the coverage lexicon or the bilingual dictionary knows as English (women, long, the)."""
    from assistant.language.bilingual import dictionary

    lex, w = load_lexicon(), stem(word)
    return word in lex.en_stop or w in lex.en_stop or bool(lex.en_zh.get(w)) or bool(dictionary().chinese(word) or dictionary().chinese(w))


def _glosses_blanked(text: str, spelt: Mapping[str, tuple[str, ...]]) -> str:
    """A parenthesis right after a word written in pinyin glosses it (fagaiju (development and reform bureau)): it
    says what the word means, not more to ask about. Blanked to the same length (glossary match offsets hold)."""
    for run in spelt:
        words = r"\s+".join(map(re.escape, run.split()))
        gloss = re.compile(rf"(?i)(?<![A-Za-z]){words}(?![A-Za-z])\s*([(（][^()（）]{{1,80}}[)）])")
        text = gloss.sub(lambda m: m.group()[: m.start(1) - m.start()] + " " * len(m.group(1)), text)
    return text


def _english(word: str) -> tuple[tuple[str, ...], ...]:
    """CC-CEDICT's glosses of a Chinese word, per entry (the forward index is built on first use)."""
    from assistant.language.bilingual import dictionary

    return dictionary().english(word)


def _fact_words(text: str, schema: Any) -> tuple[str, ...]:
    """The words by which the question states one of the person's facts the fact reader takes (城里 of 我住在城里:
    residence, urban): the words of each value read, as the value's patterns find them in the question."""
    facts = extract_facts(text, schema)
    lowered = text.lower()
    out: list[str] = []
    for fact in schema:
        value = facts.get(fact.name)
        for v in fact.values:
            if v.pattern is not None and (v.value == value or (isinstance(value, tuple) and v.value in value)):
                out += [m.group() for m in v.pattern.finditer(lowered) if m.group().strip()]
    return tuple(dict.fromkeys(out))


def _circumstances(terms: Sequence[Any], told: Sequence[str]) -> tuple[Any, ...]:
    """Facts read from the question are not things asked about (我们城里人能不能做: 城里人 says who asks): a word
    holding one is generic, tying the question to an item that names it but declining nothing."""
    if not told:
        return tuple(terms)
    return tuple(
        replace(t, generic=True) if t.kind == "word" and _HAS_CJK.search(t.text) and any(w in t.text for w in told) else t for t in terms
    )


def _terms(text: str, matches: tuple[Any, ...]) -> tuple[Any, ...]:
    return _cached_terms(text, matches, tuple(sorted(SPELT.get().items())))


@functools.lru_cache(maxsize=1024)
def _cached_terms(text: str, matches: tuple[Any, ...], spelt: tuple[Any, ...]) -> tuple[Any, ...]:
    """``spelt``: the pinyin runs ``_chinese`` renders (they change what the terms are)."""
    return question_terms(
        text,
        matches,
        _cut,
        to_pinyin=_pinyin,
        is_word=_known_word,
        to_chinese=_chinese,
        fine_cut=_fine_cut,
        to_english=_english,
    )


def _qualified(text: str, cov: Coverage) -> bool:
    """An uncovered word of the question qualifies a covered one right after it (lung cancer + screening):
    the question asked about another kind of the item's thing (a near-miss), not about the item's thing."""
    flat_text = squash(text.lower())
    spaced = " ".join(text.lower().split())
    return any((u + m) in flat_text or f"{u} {m}" in spaced for u in cov.unmatched if u for m in cov.matched if m)


def scope_places(text: str, doc: PolicyDocument, said: str | None = None) -> tuple[str, tuple[str, ...]]:
    """``text`` with the places it names blanked where they are scope for ``doc``, not content (same length),
    and the places that are not: the question asks about another place than the plan's.

    Places the scoping did not take: beside a plan whose own place is unknown (its text names none) a place
    may be where it is for, and a place its text names (its city, a district) is where, not what a measure
    must state; retrieval and the other words decide. Beside a plan for another place, one its text never
    names, it is foreign, even when another plan's text has it. ``said``: the plan's evidence text (squashed,
    simplified), if already made."""
    mentions = gazetteer().mentions(simplified_view(text))
    if not mentions:
        return text, ()
    if said is None:
        said = flat("|".join([doc.title, doc.issuer or "", doc.preamble, doc.closing, *(it.text for it in doc.items)]))
    unknown = not document_places(doc)
    other = []
    for m in mentions:
        if unknown or squash(m.said) in said:
            text = text[: m.start] + " " * (m.end - m.start) + text[m.end :]
        else:
            other.append(text[m.start : m.end])
    return text, tuple(other)


def _subject_word(subject: str, language: str) -> str:
    """How a person the eligibility facts read is named: 父亲, father."""
    from assistant.eligibility.extraction import subject_info

    info = subject_info(subject)
    return re.sub(r"^(您|your )", "", info.en if language == "en" else info.zh)


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
        # One runnable at the edge (invoke, batch, callbacks for LangChain users); plain steps inside.
        self.chain: Runnable[Question, Answer] = RunnableLambda(self._answer).with_config(run_name="policy_assistant")

    def _install(self, corpus: Corpus, retriever: HybridRetriever) -> None:
        self.corpus = corpus
        self.retriever = retriever
        self.documents = {d.doc_id: d for d in corpus.documents}
        # Hand rules (corpus/eligibility.yaml) and rules read from the items' text; the facts they use.
        self.rules = eligibility_rules(corpus.documents, corpus.rules)
        self.schema = schema_of(self.rules)
        self.matcher = GlossaryMatcher(corpus.glossary)
        self._injection = tuple(re.compile(p, re.IGNORECASE) for p in corpus.scope.injection_patterns)
        self._off_topic = corpus.scope.off_topic_terms(corpus.documents)
        self._evidence, self._vocabulary = build_evidence(
            corpus.documents, corpus.glossary, to_pinyin=_pinyin, pinyin_store=self.settings.index_dir / "pinyin" / "vocabulary.json"
        )
        said: dict[str, list[str]] = {}
        self._plan_evidence: dict[str, list[ItemEvidence]] = {}  # each plan's, in item order
        for (doc_id, _), e in self._evidence.items():
            said.setdefault(doc_id, []).append(e.text)
            self._plan_evidence.setdefault(doc_id, []).append(e)
        self._said = {doc_id: "|".join(texts) for doc_id, texts in said.items()}  # each plan's evidence text
        self._glossary_text = glossary_text(corpus.glossary)
        self._glossary_syllables = syllables(self._glossary_text, _pinyin)  # each plan's vocabulary starts with them
        self._plan_vocabularies: dict[str, PlanVocabulary] = {}
        self._glossed = False  # the evidence carries its words' English glosses (filled on the first English term)
        self._gloss_lock = threading.Lock()
        self.clear_cache()

    def _plan_vocabulary(self, document: str) -> PlanVocabulary:
        """The vocabulary a term of a question about ``document``'s items is neutral by: the glossary and that plan's
        own text. A word only another plan writes is nothing this plan says (a target asked of a plan that sets no
        such target is not covered because a different plan sets one)."""
        found = self._plan_vocabularies.get(document)
        if found is None:
            said = self._said.get(document)
            if said is None:
                return self._vocabulary
            parts = [self._glossary_syllables, *(e.pinyin for e in self._plan_evidence[document])]
            found = own_vocabulary(self._vocabulary, self._glossary_text, said, _pinyin, parts)
            with self._gloss_lock:
                if len(self._plan_vocabularies) > 256:
                    self._plan_vocabularies.clear()
                self._plan_vocabularies[document] = found
        return found

    def _english_evidence(self) -> None:
        """Give the evidence the dictionary's English meanings of its own words, once (about 2 s, on the first
        question with an English term): an English word the plan writes only in a form the reverse look-up misses."""
        if self._glossed:
            return
        from assistant.language.bilingual import dictionary

        with self._gloss_lock:
            if not self._glossed:
                self._evidence = with_glosses(self._evidence, _fine_cut, dictionary().glosses)
                self._glossed = True

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
        return health(self.settings, self.corpus)

    # ------------------------------------------------------------ public

    def ask(self, question: str, history: Sequence[str] | None = None) -> Answer:
        payload = Question(question if isinstance(question, str) else "", tuple(h for h in history or [] if isinstance(h, str)))
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

    def _spelt(self, text: str) -> dict[str, tuple[str, ...]]:
        """The runs of an English question that spell the plans' words in pinyin (a bureau named by its pinyin),
        lower case, with the Chinese they spell."""
        if detect_language(text) != "en" or not re.search(r"[A-Za-z]{4}|[A-Za-z]{2,}\s+[A-Za-z]{2,}", text):
            return {}
        at = getattr(self._vocabulary.pinyin, "at", None)
        if not at:
            return {}
        spelling = Spelling(self._vocabulary.text, self._vocabulary.pinyin, at)
        return {" ".join(text[a:b].lower().split()): (zh,) for a, b, zh in romanised(text, spelling, _is_english)}

    def retrieve(self, query: Query, places: PlaceScope | None = None) -> Retrieval:
        """The question's retrieval (cached by its text); ``places``: its ``place_scope``, when known."""
        key = query.text
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        result = self.retriever.retrieve(query, places)
        with self._cache_lock:
            self._cache[key] = result
            while len(self._cache) > 512:
                self._cache.popitem(last=False)
        return result

    def unit_items(self, unit: str) -> list[tuple[str, int, str]]:
        """(document, item, role) for every item naming the unit, in plan order."""
        return unit_hits(unit, self.documents)

    # ------------------------------------------------------------ steps

    def _answer(self, question: Question) -> Answer:
        token = SPELT.set(self._spelt(question.text))
        try:
            return self._answer_spelt(question)
        finally:
            SPELT.reset(token)

    def _answer_spelt(self, question: Question) -> Answer:
        step = self._understood(question)
        if step.query.meaningful:
            step = self._assessed(self._covered(self._followed(self._retrieved(step))))
        step = self._routed(step)
        assert step.route is not None
        return compose.answer(step.route, step.query, step.retrieval, self.documents, self.corpus.glossary, self.calibration)

    def _understood(self, question: Question) -> Step:
        """The question read, and the conversation its history leaves."""
        query = self.understand(question.text)
        places = place_scope(query.text, self.documents) if query.meaningful else None
        if places is not None:  # "<place>: the <body> bureau" is that place's plan's unit
            query = scoped_units(query, [self.documents[d] for d in places.documents if d in self.documents])
        return Step(query, self._resolve_history(question.history[-self.calibration.history_turns :]), places=places)

    def _retrieved(self, step: Step) -> Step:
        return replace(step, retrieval=self.retrieve(step.query, step.places))

    def _followed(self, step: Step) -> Step:
        """The dialogue moved on by this question; a follow-up's topic ranked first."""
        assert step.retrieval is not None
        stated = stated_facts(step.context, step.query.text, self._previous_rules(step.context, step.query.text), self.schema)
        context = step.context
        answerable = self._answerable(step.query, step.retrieval, places=step.places)
        found = self._found(step.query, step.retrieval, answerable)
        elsewhere = self._elsewhere(context, step.query, step.places)
        turn = advance(context, step.query, stated, found, self._item(context), self.schema, elsewhere=elsewhere)
        return replace(step, retrieval=focus(step.retrieval, turn), turn=turn, answerable=answerable)

    def _covered(self, step: Step) -> Step:
        """The item that covers the question goes first (the topic, for a follow-up), with its coverage."""
        assert step.retrieval is not None
        topic = step.turn.topic if step.turn.follow_up else None
        if topic is None and step.answerable is not None:  # focus left the retrieval as it was: already decided
            chosen, cov = step.answerable
        else:
            chosen, cov = self._answerable(step.query, step.retrieval, topic, step.places)
        if topic is not None and chosen is None and step.turn.why == "states_facts" and step.turn.eligibility:
            # "我住在县城里" after asking whether one qualifies: circumstances for the verdict, not a subject to cover
            chosen = next((r for r in step.retrieval.ranked if (r.document, r.item) == topic), None)
            cov = None
        about_plan = "document" in step.query.intents or bool(step.retrieval.ranked and not step.retrieval.ranked[0].item)
        if chosen is None and cov is None and topic is None and not about_plan and not step.query.item_refs:
            # Nothing of the question to decide by (娃娃被拐了这事儿归哪个部门管: only a verb of one character and
            # words of asking) and no item under discussion: never answered from an item by the ranking alone, where
            # the first item is as likely another one. (a follow-up has its topic, an item asked by its number is
            # that item; a question about the plan itself, 方案的全称叫什么, is answered from the plan's own text)
            cov = Coverage(False, (), (), "not_covered")
        retrieval = step.retrieval
        if chosen is not None and retrieval.ranked and chosen is not retrieval.ranked[0]:
            rest = tuple(r for r in retrieval.ranked if r is not chosen)
            retrieval = replace(retrieval, ranked=(replace(chosen, score=max(chosen.score, rest[0].score)), *rest))
        return replace(step, retrieval=retrieval, coverage=cov)

    def _answerable(
        self, query: Query, retrieval: Retrieval, topic: Topic | None = None, places: PlaceScope | None = None
    ) -> tuple[RankedItem | None, Coverage | None]:
        """The item to answer from (the topic under discussion, or the best ranked of the first three that
        covers the question, even in part) and its coverage; (None, None) when the question has no terms.
        ``places``: ``place_scope`` of the question, when the caller has it."""
        text = query.text
        if places is None:
            places = place_scope(text, self.documents)
        for word in (*places.said, *places.looks):  # the place picks the plan (or is only where): not the subject
            text = text.replace(word, " " * len(word))  # same length: glossary match offsets hold
        # "换个问题", "switching topics": said to the conversation, not asked of the plan
        text = TOPIC_CHANGE.sub(lambda m: " " * len(m.group()), text)
        text = _glosses_blanked(text, SPELT.get())
        terms = _terms(text, query.matches)
        if topic is None and self._names_nothing(query, terms):
            # a greeting or chit-chat ("早上好，吃了吗"): nothing to answer from, however close e5 scores it
            return None, Coverage(False, (), (), "no_terms")
        if not terms:
            return None, None
        if topic is None and places.documents:
            # the question names its plans by place: a glossary topic none of them has is not covered
            within = set(retrieval.documents)
            scoped = [e for doc, es in self._plan_evidence.items() if doc in within for e in es]
            said = [simplified_view(e.text) for e in scoped]
            absent = [
                t.text
                for t in terms
                if t.kind == "glossary"
                and t.strong
                and t.canonical not in self._vocabulary.generic
                and not intents_of(t.text, (), ())
                and not intents_of(t.canonical, (), ())  # a subject, not "which unit"
                and not any(t.canonical in e.terms for e in scoped)
                and not plans_write(t, said)
            ]
            if absent:
                return None, Coverage(False, (), tuple(dict.fromkeys(absent)), "not_covered")
        if topic is not None:
            lead = next((r for r in retrieval.ranked if (r.document, r.item) == topic), None)
            candidates = [lead or RankedItem(topic[0], topic[1], 1.0)]
        else:
            candidates = list(retrieval.ranked[:3])
            if "document" in query.intents and not query.matches and candidates and all(r.item for r in candidates):
                # asks about the plan as a document (its date, its issuer), naming no measure: the document first
                candidates.insert(0, RankedItem(candidates[0].document, 0, candidates[0].score))
        threshold = self.calibration.coverage_dense_en if query.language == "en" else self.calibration.coverage_dense_zh
        if any(t.kind == "word" and not _HAS_CJK.search(t.text) for t in terms):
            self._english_evidence()

        @functools.cache  # the first three items and the fallback are mostly of one plan: its terms once per question
        def terms_for(document: str) -> tuple[Any, ...]:
            doc = self.documents.get(document)
            if doc is None:
                return terms
            blanked, other = scope_places(text, doc, self._said.get(document))
            own = terms if blanked == text else _terms(blanked, query.matches)
            if not other:
                return own
            return tuple(
                replace(t, kind="place") if t.kind == "word" and any(t.text in o or o in t.text for o in other) else t for t in own
            )

        told = _fact_words(query.text, self.schema)

        def assessed(ranked: Sequence[RankedItem]) -> list[tuple[RankedItem, Coverage]]:
            return [
                (
                    r,
                    coverage(
                        _circumstances(terms_for(r.document), told),
                        self._evidence[(r.document, r.item)],
                        self._plan_vocabulary(r.document),
                        dense=r.dense,
                        threshold=threshold,
                        soft_threshold=self.calibration.coverage_soft_en if query.language == "en" else 1.0,
                        to_pinyin=_pinyin,
                        to_chinese=_chinese,
                        to_english=_english,
                    ),
                )
                for r in ranked
                if (r.document, r.item) in self._evidence
            ]

        results = assessed(candidates)
        people: tuple[Person, ...] | None = None
        facts = Facts()
        for round_ in (results, None):
            if round_ is None:  # none of the first three covers it: the plan's own text, an item naming its unit
                round_ = assessed(self._fallback(terms, retrieval, candidates)) if topic is None else []
            for r, cov in round_:  # in rank order
                if cov.covered:
                    if people is None:
                        facts = extract_facts(query.text, self.schema)
                        people = persons(query.text, facts)
                    evidence = self._evidence[(r.document, r.item)]
                    other = not_for(people, evidence, self._ages(r, query.text, facts) if people else None)
                    if other is not None and other.word and self._asked_apart(text, other.word, terms_for(r.document), cov):
                        # "<the item's thing>给开<its service>吗？成年男同志能不能也去测？": another clause asks of the item without the
                        # person: that ask is answered, and the answer says the plan does not cover the person's
                        whom = replace(cov, for_whom=evidence.target, for_whom_en=" and ".join(sorted(evidence.groups)))
                        return r, replace(whom, covered=True, unmatched=(*cov.unmatched, other.word), reason="partial")
                    if other is not None and not self._told_not_eligible(query, r):
                        # the best item covering its words is for other people: declined, never another item instead
                        word = other.word if other.word or not other.subject else _subject_word(other.subject, query.language)
                        whom_en = " and ".join(sorted(evidence.groups))
                        return None, Coverage(
                            False,
                            cov.matched,
                            (word,) if word else (),  # the asker ("您"): no word of theirs to name
                            "not_covered",
                            item=(r.document, r.item),
                            for_whom=evidence.target,
                            for_whom_en=whom_en,
                        )
                    return r, cov
                if r.item == 0 and cov.reason == "no_terms" and "document" in query.intents:
                    return r, None  # nothing asked but the plan's own particulars ("when did this plan come out")
        if not results or all(cov.reason == "no_terms" for _, cov in results):
            return None, None
        r, cov = next((r, cov) for r, cov in results if cov.reason == "not_covered")
        return None, replace(cov, item=(r.document, r.item)) if cov.matched else cov  # the item that names what it shares

    @staticmethod
    def _asked_apart(text: str, word: str, terms: Sequence[Any], cov: Coverage) -> bool:
        """An asking clause other than those naming the person ``word`` names something of the item (a term
        ``cov`` matched): the question asks two things, one of them about the item itself."""
        lex = load_lexicon()
        # (the person's clause asks: "老人走失了找不到，公安能帮忙查找吗" states who, then asks for them)
        where = {n for n, part in enumerate(clauses(text)) if word in part and any(p.search(part) for p in lex.ask_markers)}
        return bool(where) and any(
            t.ask and t.clause not in where and t.kind not in ("measure", "ask") and t.strong and not t.unit and t.text in cov.matched
            for t in terms
        )

    def _fallback(self, terms: Sequence[Any], retrieval: Retrieval, tried: Sequence[RankedItem]) -> list[RankedItem]:
        """Where to look when none of the first-ranked items covers a question: a lower-ranked item that names a
        unit or term the question names, then the text of their plans outside the items (a notice's or a
        meeting report's opening and closing: who chaired, when, by when to report)."""
        seen = {(r.document, r.item) for r in tried}
        out = []
        named = {t.canonical for t in terms if t.kind == "glossary" and t.canonical not in self._vocabulary.generic}
        for r in retrieval.ranked:
            e = self._evidence.get((r.document, r.item))
            if named and e is not None and r.item and (r.document, r.item) not in seen and named & e.terms:
                seen.add((r.document, r.item))
                out.append(r)
        for r in tried:
            if (r.document, 0) not in seen and (r.document, 0) in self._evidence:
                seen.add((r.document, 0))
                out.append(RankedItem(r.document, 0, r.score))  # no similarity of its own: its words decide
        return out

    def _ages(self, ranked: RankedItem, question: str, facts: Facts) -> tuple[int | None, int | None] | None:
        """The age range of the item's programme the question is about (its eligibility conditions: 35-64岁),
        None when it sets none."""
        rules = self._rule(ranked.document, ranked.item, question, facts) if ranked.item else None
        bounds = [c for c in (rules.conditions if rules else ()) if c.fact == "age" and not c.alternatives]
        if not bounds:
            return None
        lows = [c.min_age for c in bounds if c.min_age is not None]
        highs = [c.max_age for c in bounds if c.max_age is not None]
        return (max(lows) if lows else None, min(highs) if highs else None)

    def _told_not_eligible(self, query: Query, ranked: RankedItem) -> bool:
        """An eligibility question whose verdict on this item is "not eligible": that answer says whom it is for."""
        if not is_eligibility_question(query.text, self.schema):
            return False
        facts = extract_facts(query.text, self.schema)
        rules = self._rule(ranked.document, ranked.item, query.text, facts) if ranked.item else None
        return rules is not None and judge(rules, facts, self.schema).verdict == "not_eligible"

    def _names_nothing(self, query: Query, terms: Sequence[Any]) -> bool:
        """The message names nothing of the plans and asks about nothing ("早上好，吃了吗您", "你好呀，今天过得怎么样"):
        no unit, term, item or intent, no circumstances stated; and either it asks nothing and names no thing (a
        noun) any plan has ("Hope you're well": a verb the plans also use is no subject), or it asks, but in no
        clause with a word of its own, and no word of it is any plan's."""
        if query.matches or query.item_refs or query.intents:
            return False
        if stated_any(extract_facts(query.text, self.schema)):
            return False  # "我儿子五岁走丢了怎么办": someone's circumstances, told in words too short to be terms
        any_item = next(iter(self._evidence.values()), None)
        if any_item is None:
            return False
        found = [
            t
            for t in terms
            if t.kind in ("measure", "ask")
            or term_status(t, any_item, self._vocabulary, to_pinyin=_pinyin, to_chinese=_chinese) != "foreign"
        ]
        if not query.asks:
            return not any(t.strong for t in found)
        return not found and not any(t.ask for t in terms)

    def _assessed(self, step: Step) -> Step:
        """The eligibility judgement on the first-ranked item, when the conversation asks for one."""
        if not (step.turn.eligibility and step.retrieval and step.retrieval.ranked):
            return step
        if step.coverage is not None and step.coverage.partial and step.coverage.for_whom:
            return step  # whether the person asked about may take part is the part not covered: said, not judged
        top = step.retrieval.ranked[0]
        rules = self._rule(top.document, top.item, step.query.text, step.turn.facts) if top.item else None
        if rules is None:
            return step
        assessment = Assessment(top.document, top.item, rules, judge(rules, step.turn.facts, self.schema), step.turn.facts)
        return replace(step, assessment=assessment)

    def _routed(self, step: Step) -> Step:
        decided = route(
            step.query,
            step.retrieval,
            step.turn,
            self.documents,
            faq=self.corpus.faq,
            assessment=step.assessment,
            calibration=self.calibration,
            coverage=step.coverage,
            places=step.places,
        )
        return replace(step, route=decided)

    # ------------------------------------------------------------ dialogue

    def _resolve_history(self, history: Sequence[str]) -> Turn:
        """The conversation the earlier questions leave; facts are read once per question."""
        turn = START
        for text in history:
            query = self.understand(text)
            if not query.meaningful:
                continue
            stated = stated_facts(turn, query.text, self._previous_rules(turn, query.text), self.schema)
            topic_item = self._item(turn)
            places = place_scope(query.text, self.documents)
            query = scoped_units(query, [self.documents[d] for d in places.documents if d in self.documents])
            elsewhere = self._elsewhere(turn, query, places)
            continues, _ = relation(turn, query, stated, topic_item, elsewhere=elsewhere)
            found = None if continues else self._found(query, self.retrieve(query, places), places=places, shared=True)
            turn = advance(turn, query, stated, found, topic_item, self.schema, elsewhere=elsewhere)
        return turn

    def _found(
        self,
        query: Query,
        retrieval: Retrieval,
        answerable: tuple[RankedItem | None, Coverage | None] | None = None,
        places: PlaceScope | None = None,
        *,
        shared: bool = False,
    ) -> Topic | None:
        """The item that covers the question; for a question without content terms, the item retrieval
        ranks first when the question is confidently about the plans. ``answerable``: ``_answerable`` of this
        retrieval, when the caller has it.

        ``shared``: for an earlier question of the conversation, also the item that names what it shares when the
        item does not cover all of it (where is X held: the plan names X but not where): that question was
        declined, yet the follow-up "那它是谁负责的？" is about the thing it named, not about nothing.
        The topic comes from the earlier question's own words, never from what its answer cited."""
        chosen, cov = answerable if answerable is not None else self._answerable(query, retrieval, places=places)
        if chosen is not None:
            return (chosen.document, chosen.item)
        if shared and cov is not None and cov.item is not None and cov.item[1] and cov.matched and not cov.for_whom:
            things = {t.text for t in _terms(query.text, query.matches) if t.kind == "word" and t.strong}
            if not _qualified(query.text, replace(cov, unmatched=tuple(u for u in cov.unmatched if u in things))):
                return cov.item  # (an item for other people than the question's, 男的能做吗, is no topic for them)
        if cov is None and retrieval.ranked and confident(query, retrieval, self.calibration):
            top = retrieval.ranked[0]
            return (top.document, top.item)
        return None

    def _item(self, turn: Turn) -> PolicyItem | None:
        """The item under discussion (None for none, or for the plan as a whole)."""
        if turn.topic is None or turn.topic[0] not in self.documents:
            return None
        return self.documents[turn.topic[0]].item(turn.topic[1])

    def _elsewhere(self, turn: Turn, query: Query, places: PlaceScope | None = None) -> bool:
        """The question names places, none of which the plan under discussion is for or names."""
        if turn.topic is None or turn.topic[0] not in self.documents:
            return False
        named = (places if places is not None else place_scope(query.text, self.documents)).documents
        if named and turn.topic[0] not in named:
            return True  # names another plan's place (in Chinese or in pinyin)
        return bool(query.places) and not named and not known_places(query.places, {turn.topic[0]: self.documents[turn.topic[0]]})

    def _previous_rules(self, previous: Turn, text: str) -> RuleSet | None:
        if previous.eligibility and previous.topic:
            return self._rule(*previous.topic, text, previous.facts)
        return None

    def _rule(self, doc_id: str, item: int, question: str, facts: Facts) -> RuleSet | None:
        return select_rule_for(self.rules, doc_id, item, question, facts, self.schema)
