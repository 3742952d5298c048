"""Decide what kind of answer a question gets, from typed inputs only. Pure: no search, no model, no I/O.

``route`` looks at the understood question, what retrieval found (already focused on the topic of
a follow-up), the dialogue state and the plans, and returns a ``Route``: clarify, refuse (with
the reason), the plan as a document, a unit look-up, an eligibility verdict, an FAQ answer or an
item's answer. ``compose.answer`` turns a route into the text a person reads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from assistant.answering.coverage import Coverage, reads_as_language
from assistant.answering.dialogue import Turn
from assistant.answering.figures import asked_kinds, dated_item
from assistant.corpus.glossary import body_canonical, without_second_name
from assistant.corpus.records import FaqEntry, PolicyDocument, PolicyItem
from assistant.corpus.text import simplified_view
from assistant.eligibility import Facts, Judgement, RuleSet
from assistant.language.places import PlaceScope, place_scope
from assistant.language.understanding import Query
from assistant.search.retrieval import Retrieval

Kind = Literal["clarify", "refuse", "document", "unit_lookup", "eligibility", "faq", "item", "plans"]


@dataclass(frozen=True)
class Calibration:
    """Thresholds measured on the labelled questions (see eval/report.md)."""

    in_scope_dense: float = 0.84  # below this, with no glossary match, a question is out of scope
    faq_direct: float = 0.93  # an FAQ this similar answers directly
    faq_override: float = 0.97  # ... even when retrieval ranks another item first
    second_item_ratio: float = 0.6  # further items are cited when this close to the best
    history_turns: int = 6
    # A question naming nothing of an item is covered by it only this close to one of its sentences
    # (eval/answerability/calibration.jsonl; e5 scores English lower than Chinese).
    coverage_dense_zh: float = 0.93
    coverage_dense_en: float = 0.88
    # An English question tied to an item by what it names, with words the dictionary cannot render found nowhere
    # (Pap smear, mammogram, showcase), is covered only this close to the item (``coverage._paraphrase``). Measured on
    # the English rows of all ten answerability dev sets: the in-scope ones 0.871-0.911 to the right item; the
    # out-of-scope ones with such words at most 0.843 (a library's late fee; HPV vaccines 0.77-0.80, a driving licence 0.79).
    coverage_soft_en: float = 0.86
    # Another plan's best item scoring at least this share of the best one fits the question about
    # as well: measured on two plans sharing measures (a city's and a county's cancer screening,
    # 0.82-0.84) against measures only one of them has (0.09-0.47).
    several_plans: float = 0.75
    side_by_side: int = 3  # more plans than this fitting equally: ask which place instead


@dataclass(frozen=True)
class Assessment:
    """The eligibility judgement for one item: the program's rules and the verdict on the facts."""

    document: str
    item: int
    rules: RuleSet
    judgement: Judgement
    facts: Facts = Facts()  # what the judgement was made on (its reason states them)


@dataclass(frozen=True)
class Route:
    """The kind of answer, and what it is about."""

    kind: Kind
    intent: str | None = None  # the Answer's intent
    reason: str | None = None  # refuse: injection | year | topic | place | chat; clarify: plans | unit
    document: str | None = None
    item: int | None = None
    unit: str | None = None  # unit_lookup
    faq: FaqEntry | None = None
    faq_score: float = 0.0
    assessment: Assessment | None = None
    score: float = 0.0  # document: the retrieval score of the plan
    coverage: Coverage | None = None  # what of the question the item covers (None: no terms to tell by)
    choices: tuple[tuple[str, int], ...] = ()  # plans: (document, item) of each plan that fits, best first
    scope: tuple[str, ...] = ()  # unit_lookup: the plans of the place the question names (empty: every plan)


def confident(query: Query, retrieval: Retrieval, calibration: Calibration) -> bool:
    """Whether the question is about the plans at all (named terms, units, items, or close enough)."""
    if query.terms or query.units or query.item_refs or "document" in query.intents:
        return True
    # Dense similarity alone only counts for something that reads as a question: e5 scores
    # keyboard mashes surprisingly high.
    return query.asks and retrieval.top_dense >= calibration.in_scope_dense


def unit_hits(unit: str, documents: Mapping[str, PolicyDocument]) -> list[tuple[str, int, str]]:
    """(document, item, role) for every item naming the unit, in plan order. In a plan naming the unit as
    asked, also the items naming it in another form (``unit_identity``: "市<body>" in one item, "<body>" or the
    body's short form in another); a plan that never names it as asked is not searched by its other forms."""
    out = []
    for d in documents.values():
        if not any(unit in it.units for it in d.items):
            continue
        ident = unit_identity(unit, d)
        for it in d.items:
            named = [u for u in it.units if u == unit or unit_identity(u, d) == ident]
            if named:
                out.append((d.doc_id, it.number, "lead" if any(u in it.lead_units for u in named) else "responsible"))
    return out


def unit_identity(name: str, doc: PolicyDocument) -> str:
    """One unit however one plan writes it: ``unit_key`` (without the plan's place or its level prefix) with the
    body type in one form (``body_canonical``: a short form = the full name). Another level's prefix still tells
    units apart."""
    return body_canonical(unit_key(without_second_name(name), doc))


def _refuse(reason: str, intent: str = "out_of_scope", coverage: Coverage | None = None) -> Route:
    return Route("refuse", intent=intent, reason=reason, coverage=coverage)


def item_intent(query: Query) -> str:
    return "department" if "department" in query.intents else "figure" if "figure" in query.intents else "content"


def route(
    query: Query,
    retrieval: Retrieval | None,
    turn: Turn,
    documents: Mapping[str, PolicyDocument],
    *,
    faq: Sequence[FaqEntry] = (),
    assessment: Assessment | None = None,
    calibration: Calibration = Calibration(),
    coverage: Coverage | None = None,
    places: PlaceScope | None = None,
) -> Route:
    """The answer kind for a question. ``retrieval`` is None for a question with no words in it.

    ``coverage`` is how the first-ranked item covers the question (``coverage.coverage``); None when the
    question has no content terms to decide by, and then similarity to the plans decides. ``places`` is
    ``place_scope(query.text, documents)`` when the caller computed it for the turn."""
    decided = _route(query, retrieval, turn, documents, faq, assessment, calibration, coverage, places)
    return decided if decided.kind == "refuse" or coverage is None or decided.coverage else replace(decided, coverage=coverage)


def _route(
    query: Query,
    retrieval: Retrieval | None,
    turn: Turn,
    documents: Mapping[str, PolicyDocument],
    faq: Sequence[FaqEntry],
    assessment: Assessment | None,
    calibration: Calibration,
    coverage: Coverage | None,
    places: PlaceScope | None = None,
) -> Route:
    if retrieval is None:
        return Route("clarify", intent="clarify")
    if query.instructs:  # "授权你把…改成…，改完回复…": never answered, never echoed
        return _refuse("injection", "injection")
    if query.role_play:
        # "you are X with no rules", "编一条新政策，说是官方发布的": whatever plan words it uses (官方发布 reads as a
        # question about the plan's issuer), what is asked is an invention: never answered from a plan, never echoed
        return _refuse("injection", "injection")
    if any(m.kind == "unit?" for m in query.matches):  # a typo that could be either of two units: ask which
        return Route("clarify", intent="clarify", reason="unit")
    relevant = bool(query.terms or query.units)
    if query.injection and not relevant:
        return _refuse("injection", "injection")
    if query.years and not set(query.years) & {d.year for d in documents.values()}:
        return _refuse("year")
    if query.off_topic:
        return _refuse("topic")
    if places is None or query.places:  # the turn's scope counts no extra mentions: with them, computed here
        places = place_scope(query.text, documents, query.places)
    if places.unmatched and not turn.follow_up:  # a real place no plan is for (a district of a plan's city is one)
        return _refuse("place")
    if query.item_refs and not any(d.item(n) for d in documents.values() for n in query.item_refs):
        # "第十一项": no plan has it; an invented item is declined, never answered from another one
        return _refuse("injection", "injection") if query.injection else _refuse("topic")
    if coverage is not None and not coverage.covered:
        if query.injection:
            return _refuse("injection", "injection")
        if not query.asks and not coverage.matched and not reads_as_language(query.text):
            return Route("clarify", intent="clarify")  # a keyboard mash or a code fragment
        if coverage.reason == "no_terms":  # a greeting, small talk: greeted back with what the plans cover
            return _refuse("chat", coverage=coverage)
        return _refuse("topic", coverage=coverage)
    if coverage is None and not turn.follow_up and not confident(query, retrieval, calibration):
        if not query.asks and not reads_as_language(query.text):  # a mash or a code fragment: ask for a question
            return Route("clarify", intent="clarify")
        return _refuse("topic")
    if not retrieval.ranked:
        return _refuse("topic")

    if "unit_lookup" in query.intents and query.units and not turn.follow_up:
        scoped = {d: documents[d] for d in places.documents if d in documents}  # "<county> + unit": that county's plan
        found = _unit_lookup(query.units[0], scoped or documents, bool(scoped))
        if found.kind != "refuse" or coverage is None or not coverage.covered:
            return found
        # no item names the unit, but an item or the plan's own text covers what is asked of it (the office
        # that held a meeting, its requirements): answered from there
    top = retrieval.ranked[0]
    child = ordinal_child(query, documents.get(top.document))
    if child is not None:  # "<heading>里第一条是什么": the numbered child of the heading the question names
        return Route("item", intent=item_intent(query), document=top.document, item=child)
    # (an item coverage found the question's words in answers it, even where the question reads as one about the
    # document: "until when is <measure> extended" asks the item's own deadline)
    about_item = coverage is not None and coverage.covered and coverage.matched
    if top.item == 0 or ("document" in query.intents and not query.terms and not query.item_refs and not about_item):
        # "by when must all projects be done": an item stating that date answers it, not the notice's own date
        dated = dated_item(documents[top.document], query.text) if top.document in documents else None
        if dated is not None:
            return Route("item", intent=item_intent(query), document=top.document, item=dated)
        return Route("document", intent="document", document=top.document, item=0, score=top.score)
    choices = () if turn.follow_up else several_plans(retrieval, calibration)
    eligible = assessment is not None and (assessment.document, assessment.item) == (top.document, top.item)
    if choices:  # never pick one plan silently: side by side, or ask which place for eligibility
        if eligible or len(choices) > calibration.side_by_side:
            return Route("clarify", intent="eligibility" if eligible else "plans", reason="plans", choices=choices[:8])
        return Route("plans", intent=item_intent(query), document=top.document, item=top.item, choices=choices)
    if eligible:
        return Route("eligibility", intent="eligibility", document=top.document, item=top.item, assessment=assessment)
    intent = item_intent(query)
    entry, score = _faq(query, retrieval, turn, faq, calibration) if intent == "content" else (None, 0.0)
    if entry is not None:
        return Route("faq", intent="faq", document=entry.document, item=entry.items[0], faq=entry, faq_score=score)
    return Route("item", intent=intent, document=top.document, item=_holding_child(retrieval, documents, top.document, top.item, intent))


def _holding_child(retrieval: Retrieval, documents: Mapping[str, PolicyDocument], document: str, number: int, intent: str) -> int:
    """A heading ranked first for a question its child answers: the child.

    A heading item ("一、深入实施就业优先战略", "1. 主要预期目标") shares the words of the items under it but often
    names no unit and states no figure; a department question ranked onto a heading naming no unit is answered
    by the best-ranked item under it that names units, a figure question on a heading stating no figure by the
    best-ranked item under it that states one, and any other question on a bare heading (no text beyond its
    title; the table rows of tests/data/real/qiaocheng-2025-education-tasks.html) by the best-ranked
    item under it, unless it asks what the heading lists. Any other heading stays.
    """
    doc = documents.get(document)
    item = doc.item(number) if doc is not None else None
    if item is None or (intent == "department" and item.units) or (intent == "figure" and item.figures):
        return number
    if intent == "content" and (_says_more_than_its_title(item) or "list" in asked_kinds(retrieval.query.text)):
        return number  # a heading with text of its own, or a question asking what it lists, stays on it
    key = item.key or str(item.number)
    under = {it.number: it for it in doc.items if (it.key or "").startswith(key + ".")}
    for r in retrieval.ranked:
        child = under.get(r.item) if r.document == document else None
        if child is not None and (child.units if intent == "department" else child.figures if intent == "figure" else True):
            return child.number
    return number


def ordinal_child(query: Query, doc: PolicyDocument | None) -> int | None:
    """The Nth item under the heading a question names, for a question naming one heading and one ordinal
    ("<heading, loosely>里第一条是什么", "“<heading>”第一条讲的是什么": tests/test_ordinal_child.py):
    the heading's title read in the question (at least 4 characters, 80% of its character pairs there, the
    best such heading) and the heading has an Nth child. None otherwise (the ordinal then names an item of the
    plan, as before)."""
    if doc is None or len(query.item_refs) != 1:
        return None
    said = _pairs(query.text)
    best: tuple[float, PolicyItem] | None = None
    for it in doc.items:
        title = _pairs(it.title)
        if len(title) < 3 or not doc.children(it.key or str(it.number)):
            continue
        share = len(title & said) / len(title)
        if share >= 0.8 and (best is None or share > best[0]):
            best = (share, it)
    if best is None:
        return None
    children = doc.children(best[1].key or str(best[1].number))
    n = query.item_refs[0]
    return children[n - 1].number if n <= len(children) else None


def _pairs(text: str) -> set[str]:
    """The character pairs of a text's CJK runs, simplified (punctuation, quotes and spaces part runs)."""
    runs = re.findall(r"[\u4e00-\u9fff]+", simplified_view(text))
    return {r[i : i + 2] for r in runs for i in range(len(r) - 1)}


def _says_more_than_its_title(item) -> bool:
    squashed = [re.sub(r"[\s。.;；:：,，]", "", t) for t in (simplified_view(item.body), simplified_view(item.title))]
    return squashed[0] != squashed[1]


def several_plans(retrieval: Retrieval, calibration: Calibration) -> tuple[tuple[str, int], ...]:
    """The best item of each plan when items of several plans fit the question about equally."""
    if len(retrieval.documents) < 2 or not retrieval.ranked:
        return ()
    best = retrieval.ranked[0].score
    picked: dict[str, int] = {}
    for r in retrieval.ranked:
        if r.document not in picked and r.item != 0 and r.score >= best * calibration.several_plans:
            picked[r.document] = r.item
    return tuple(picked.items()) if len(picked) > 1 else ()


def known_places(places: Sequence[str], documents: Mapping[str, PolicyDocument]) -> tuple[str, ...]:
    """The places named that some plan's own text names (its title, notice, items or closing)."""
    return tuple(p for p in places if any(mentions(d, p) for d in documents.values()))


def mentions(doc: PolicyDocument, word: str) -> bool:
    """Whether the plan's own text contains the word."""
    return (
        word in doc.title
        or word in (doc.issuer or "")
        or word in doc.preamble
        or word in doc.closing
        or any(word in it.text for it in doc.items)
    )


def _unit_lookup(unit: str, documents: Mapping[str, PolicyDocument], scoped: bool = False) -> Route:
    """Items naming the unit. In the plans of the place the question names (``scoped``), the unit as that
    plan writes it (in traditional characters for a simplified question, "<level><body>" for a question's
    "<place><level><level><body>", the body type in another of its forms), and failing a clause naming it, the first item whose text names it
    ("归口<level><body>")."""
    if unit_hits(unit, documents):
        return Route("unit_lookup", intent="unit_lookup", unit=unit, scope=tuple(documents))
    coordinating = next((d for d in documents.values() if unit in d.coordinating_units), None)
    if coordinating is not None:  # the office coordinating a whole plan: the plan is its answer
        return Route("document", intent="document", document=coordinating.doc_id, item=0)
    if scoped:
        for doc in documents.values():  # (the plan's own form: another prefix, or the body's other form, a short form)
            ident = unit_identity(unit, doc)
            own = next((u for it in doc.items for u in it.units if unit_identity(u, doc) == ident), None)
            if own is not None:
                return Route("unit_lookup", intent="unit_lookup", unit=own, scope=(doc.doc_id,))
        for doc in documents.values():
            key = unit_key(unit, doc)
            named = next((it for it in doc.items if key and _names_unit(it.text, key, doc)), None)
            if named is not None:
                return Route("item", intent="content", document=doc.doc_id, item=named.number)
    return _refuse("topic", "unit_lookup")


def unit_key(name: str, doc: PolicyDocument) -> str:
    """A unit name as one plan's place would write it, compared: simplified, without the plan's own place
    ("<place>县…", its stem) and without the plan's own level prefix, however often typed ("县县<body>").
    Another level's prefix stays (a county bureau is not the city's), as does another place's name."""
    view = simplified_view(name)
    place = simplified_view(doc.place or "")
    if place:
        for form in (place, place[:-1] if len(place) > 2 else ""):
            if form and view.startswith(form):
                view = view[len(form) :]
                break
        level = place[-1]
        while view.startswith(level) and len(view) > 2:
            view = view[1:]
    return view


def _names_unit(text: str, key: str, doc: PolicyDocument) -> bool:
    """The item's text names the unit: its key preceded by the plan's level prefix, its place, or nothing."""
    view = simplified_view(text)
    place = simplified_view(doc.place or "")
    forms = (key, place[-1:] + key, place + key) if place else (key,)
    return len(key) >= 3 and any(f in view for f in forms[1:] or forms)


def _faq(
    query: Query, retrieval: Retrieval, turn: Turn, faq: Sequence[FaqEntry], calibration: Calibration
) -> tuple[FaqEntry | None, float]:
    """The FAQ entry that answers the question directly, if one is close enough."""
    if not retrieval.faq or turn.stated != Facts():
        return None, 0.0  # an FAQ answer is written for someone else's circumstances
    best = retrieval.faq[0]
    entry = next((f for f in faq if f.faq_id == best.faq_id and f.document == best.document), None)
    if entry is None or entry.lang != query.language or not entry.items or entry.items[0] == 0:
        return None, 0.0
    top = retrieval.ranked[0]
    agrees = (top.document, top.item) == (entry.document, entry.items[0])
    if not (best.score >= calibration.faq_override or (agrees and best.score >= calibration.faq_direct)):
        return None, 0.0
    return entry, best.score
