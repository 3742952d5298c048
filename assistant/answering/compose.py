"""Compose grounded answers from the records: Chinese or English, cited, never generated. Pure.

``answer`` turns a ``Route`` into the ``Answer`` a person reads; every user-facing sentence of
the assistant is written here or, for eligibility reasons, in ``eligibility_text``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from assistant.answering.answers import Answer, RankedItem, Source
from assistant.answering.coverage import Coverage, coverage_note, declined_note
from assistant.answering.eligibility_text import eligibility_text
from assistant.answering.figures import (
    answer_sentences,
    asked_units,
    count_figures,
    english_figures_line,
    figure_sentences,
    listed_titles,
    notice_sentence,
    question_words,
)
from assistant.answering.route import Assessment, Calibration, Route, unit_hits, unit_identity
from assistant.corpus.glossary import for_document
from assistant.corpus.parsing import unit_clause
from assistant.corpus.records import Glossary, PolicyDocument, PolicyItem, Section
from assistant.corpus.text import simplified_view
from assistant.language.places import place_scope
from assistant.language.understanding import Query
from assistant.search.chunking import document_header
from assistant.search.retrieval import Retrieval

_SENTENCES = re.compile(r"(?<=[。；;])")


_CJK = re.compile(r"[\u4e00-\u9fff]")


def cite(doc: PolicyDocument, item: int, language: str) -> str:
    if language == "en":
        record = doc.item(item) if item else None
        return f"《{doc.title}》, item {(record.key if record else '') or item}" if item else f"《{doc.title}》"
    return f"《{doc.title}》第{_numeral(doc, item)}项" if item else f"《{doc.title}》"


def _numeral(doc: PolicyDocument, item: int) -> str:
    record = doc.item(item)
    return record.numeral if record else str(item)


def unit_list(units: Sequence[str], glossary: Glossary, language: str) -> str:
    if language == "en":
        return "; ".join(f"{glossary.english(u)} ({u})" for u in units)
    return "、".join(units)


def units_block(item: PolicyItem, glossary: Glossary, language: str) -> str:
    if not item.units:  # a plan without unit clauses for this item (a work-points list, a heading): said so, no empty list
        if language == "en":
            return "Units: the plan names no lead or responsible unit for this item."
        return "单位：方案没有写明本项的牵头单位或责任单位。"
    if language == "en":
        lead = (
            unit_list(item.lead_units, glossary, "en")
            if item.lead_units
            else "none named (the plan names only responsible units for this item)"
        )
        resp = (
            unit_list(item.responsible_units, glossary, "en")
            if item.responsible_units
            else "none named (the plan names only the lead unit(s) for this item)"
        )
        return f"Lead unit(s) (牵头单位): {lead}\nResponsible unit(s) (责任单位): {resp}"
    lead = unit_list(item.lead_units, glossary, "zh") if item.lead_units else "无（本项只列了责任单位）"
    resp = unit_list(item.responsible_units, glossary, "zh") if item.responsible_units else "无（本项只列了牵头单位）"
    return f"牵头单位：{lead}\n责任单位：{resp}"


def source_of(doc: PolicyDocument, item: PolicyItem | None, kind: str, text: str, score: float) -> Source:
    return Source(
        item=item.number if item else 0,
        kind=kind,
        text=text,
        score=score,
        document=doc.doc_id,
        document_title=doc.title,
        lead_units=item.lead_units if item else (),
        responsible_units=item.responsible_units if item else (),
    )


def best_sentences(item: PolicyItem, query: Query, limit: int = 2) -> list[str]:
    """The item's sentences that share most words with the question (the title first on ties)."""
    sentences = [s.strip() for s in _SENTENCES.split(item.body) if s.strip()]
    if len(sentences) > 1:
        sentences = sentences[1:]  # the first sentence is the item's title, already shown
    words = {w for w in re.findall(r"[\u4e00-\u9fff]{2}", query.expanded)} | set(query.terms)

    def overlap(s: str) -> int:
        return sum(w in s.replace(" ", "") for w in words)

    ranked = sorted(range(len(sentences)), key=lambda i: (-overlap(sentences[i]), i))
    return [sentences[i] for i in sorted(ranked[:limit])]


def asked_lines(item: PolicyItem, query: Query) -> list[str]:
    """The item's sentence holding what is asked (a date, a count in the asked measure), unless the
    measure is one the item's parsed figures answer (``figure_sentences`` decides those)."""
    if asked_units(query.text) & {f.unit for f in item.figures}:
        return []
    sentences = [s.strip() for s in _SENTENCES.split(item.body) if s.strip()]
    return answer_sentences(sentences, query.text)


def list_line(doc: PolicyDocument, item: PolicyItem, query: Query) -> str:
    """For a list question, the sub-items' titles it asks for ('' when it asks none or there are none)."""
    titles = listed_titles(doc.items, item, query.text)
    if not titles:
        return ""
    quoted = "".join(f"「{t}」" for t in titles)
    return f"\nIt lists: {quoted}" if query.language == "en" else f"\n包括：{quoted}"


def figure_lines(item: PolicyItem, query: Query) -> list[str]:
    asked = asked_lines(item, query)
    if asked:
        # "下调多少？执行到啥时候": a question asking a figure and a date gets the sentence stating each
        figures: list[str] = []
        if "figure" in query.intents:
            stated = list(dict.fromkeys(f.sentence for f in item.figures))
            figures = figure_sentences(item.figures, query.text) or (stated if len(stated) == 1 else [])
        return sorted(dict.fromkeys([*asked, *figures]), key=item.body.find)
    sentences = list(dict.fromkeys(f.sentence for f in item.figures))
    if not sentences:
        return []
    answering = figure_sentences(item.figures, query.text)
    if answering:
        return answering
    words = {w for w in re.findall(r"[\u4e00-\u9fff]{2}", query.expanded)}
    scored = sorted(sentences, key=lambda s: -sum(w in s for w in words))
    best = [s for s in scored if sum(w in s for w in words) > 0] or sentences
    return best[:2]


def _title_en(item: PolicyItem) -> str:
    return f"item {item.key or item.number} (「{item.title}」)"


def item_answer(query: Query, doc: PolicyDocument, item: PolicyItem, glossary: Glossary, intent: str) -> str:
    lang = query.language
    if intent == "department":
        quote = "".join(best_sentences(item, query, 1))
        if lang == "en":
            return f"Under {_title_en(item)} of the plan:\n{units_block(item, glossary, lang)}\nWhat it does: 「{quote}」"
        return f"这是方案第{item.numeral}项「{item.title}」。\n{units_block(item, glossary, lang)}\n内容：「{quote}」"
    if intent == "figure":
        lines = figure_lines(item, query) or asked_lines(item, query) or best_sentences(item, query)
        listed = list_line(doc, item, query)
        if lang == "en":
            english = english_figures_line((*item.figures, *count_figures(lines, query.text)), lines)
            return (
                f"{_title_en(item).capitalize()} states: "
                + " ".join(f"「{s}」" for s in lines)
                + (f"\n{english}" if english else "")
                + listed
                + f"\n{units_block(item, glossary, lang)}"
            )
        return (
            f"方案第{item.numeral}项「{item.title}」写明："
            + "".join(f"「{s}」" for s in lines)
            + listed
            + f"\n{units_block(item, glossary, lang)}"
        )
    lines = best_sentences(item, query, 3)
    asked = [s for s in asked_lines(item, query) if s not in lines]
    if asked:  # the sentence holding the asked date or count, beside the two that share most words
        lines = sorted([*best_sentences(item, query, 2), *asked], key=item.body.find)
    listed = list_line(doc, item, query)
    if lang == "en":
        return (
            f"{_title_en(item).capitalize()} of the plan: "
            + " ".join(f"「{s}」" for s in lines)
            + listed
            + f"\n{units_block(item, glossary, lang)}"
        )
    return f"方案第{item.numeral}项「{item.title}」：" + "".join(lines) + listed + f"\n{units_block(item, glossary, lang)}"


def document_lines(doc: PolicyDocument, query: Query) -> list[str]:
    """The sentence of the text outside the items (the notice, a report's paragraphs, the closing) that
    holds what is asked: the date, the deadline, the person who chaired or spoke; and the one sharing most
    of the question's telling words, when another (是主动公开的吗 -> "(此件主动公开)", published -> 发布日期)."""
    paragraphs = [s.text for s in doc.sections] or doc.preamble.split("\n")
    sentences = [s.strip() for p in (*paragraphs, doc.closing) for s in re.split(r"(?<=[。；;])", p) if s.strip()]
    sentences = list(dict.fromkeys(sentences))
    lines = answer_sentences(sentences, query.text)
    # the notice's lines too where the plan also has paragraphs (a note such as "(此件主动公开)" stands there)
    notice = [s.strip() for p in doc.preamble.split("\n") for s in re.split(r"(?<=[。；;])", p) if s.strip()]
    said = [doc.title, *([doc.addressees] if doc.addressees else [])]  # the answer states these already
    others = [s for s in dict.fromkeys([*sentences, *notice]) if not any(x in s for x in said) and not any(s in x or x in s for x in lines)]
    told = None if lines else notice_sentence(doc, query.text, others)
    return [told] if told else lines


def document_answer(query: Query, doc: PolicyDocument, glossary: Glossary) -> str:
    text = _document_answer(query, doc, glossary)
    asked = [s for s in document_lines(doc, query) if s not in text]
    if not asked:
        return text
    return text + ("\nText: " if query.language == "en" else "\n原文：") + "".join(f"「{s}」" for s in asked)


def _document_answer(query: Query, doc: PolicyDocument, glossary: Glossary) -> str:
    coordination = next((s for s in _SENTENCES.split(doc.closing) if any(u in s for u in doc.coordinating_units)), "")
    if query.language == "en":
        parts = [f"The plan 《{doc.title}》"]
        if doc.issuer:
            parts.append(f"was issued by {glossary.english(doc.issuer)} ({doc.issuer})")
        if doc.doc_number:
            parts.append(f"under document number {doc.doc_number}")
        if doc.issue_date:
            parts.append(f"on {doc.issue_date}")
        text = " ".join(parts) + "."
        if doc.addressees:
            text += f" Addressed to: {doc.addressees}."
        if doc.coordinating_units:
            text += f" Overall coordination and supervision: {unit_list(doc.coordinating_units, glossary, 'en')}."
        if coordination:
            text += f"\nClause: 「{coordination.strip()}」"
        return text
    text = f"《{doc.title}》"
    if doc.issuer:
        text += f"由{doc.issuer}印发"
    if doc.doc_number:
        text += f"，文号{doc.doc_number}"
    if doc.issue_date:
        text += f"，日期{doc.issue_date}"
    text += "。"
    if doc.addressees:
        text += f"主送：{doc.addressees}。"
    if doc.coordinating_units:
        text += f"负责总体协调督导的是{'、'.join(doc.coordinating_units)}。"
    if coordination:
        text += f"\n原文：「{coordination.strip()}」"
    return text


def unit_lookup_answer(
    query: Query, unit: str, hits: Sequence[tuple[PolicyDocument, PolicyItem]], glossary: Glossary, many_docs: bool
) -> str:
    lang = query.language
    lines = []
    for doc, item in hits:
        lead = any(u in item.lead_units for u in item.units if u == unit or unit_identity(u, doc) == unit_identity(unit, doc))
        role_zh = "牵头单位" if lead else "责任单位"
        role_en = "lead unit" if lead else "responsible unit"
        where = f"《{doc.title}》" if many_docs else ""
        if lang == "en":
            lines.append(f"- {where}item {item.key or item.number} 「{item.title}」: {role_en} ({role_zh})")
        else:
            lines.append(f"- {where}第{item.numeral}项「{item.title}」：{role_zh}")
    if lang == "en":
        if len({doc.doc_id for doc, _ in hits}) == 1:  # one plan's unit: named from that plan's place and level
            glossary = for_document(glossary, hits[0][0])
        return f"{glossary.english(unit)} ({unit}) is named in {len(hits)} item(s):\n" + "\n".join(lines)
    return f"{unit}参与的实事共{len(hits)}项：\n" + "\n".join(lines)


def out_of_scope_answer(query: Query, docs: Sequence[PolicyDocument], reason: str) -> str:
    doc = docs[0]
    places = (place_scope(query.text, docs, query.places).unmatched or query.places) if reason == "place" else ()
    titles = "；".join(f"{it.number}.{it.title}" for it in doc.items)
    names = "、".join(f"《{d.title}》" for d in docs[:3]) + ("等" if len(docs) > 3 else "")
    if query.language == "en":
        text = {
            "injection": "I can only answer questions about the published plan; I can't change my instructions or reveal them.",
            "year": f"The indexed plan(s) cover {', '.join(str(d.year) for d in docs[:3])}; nothing here covers the year you asked about.",
            "place": f"None of the indexed plans is for {', '.join(places)}.",
            "chat": "Hello! I answer questions about the published plans only.",
        }.get(reason, "The plan does not cover this question, so I won't guess.")
        return (
            f"{text} The assistant answers from {names}. It covers: {titles}. "
            "For other matters, please ask the government department responsible for them."
        )
    text = {
        "injection": "我只能回答与已发布方案有关的问题，不能更改或透露我的指令。",
        "year": f"已收录的方案年份为{'、'.join(str(d.year) for d in docs[:3])}年，没有您问到的年份的内容。",
        "place": f"已收录的方案中没有{'、'.join(places)}的方案。",
        "chat": "您好！我只回答已收录方案中的问题。",
    }.get(reason, "方案中没有涉及这个问题，为避免误导，不作推测。")
    return f"{text}本助手依据{names}作答，内容包括：{titles}。其他事项请咨询相应主管部门。"


def clarify_answer(query: Query, docs: Sequence[PolicyDocument]) -> str:
    doc = docs[0]
    examples = "；".join(f"{it.title}" for it in doc.items[:4])
    if query.language == "en":
        return f"Please ask a question about the plan 《{doc.title}》, for example which department handles an item, how many people it covers, or who is eligible. Items include: {examples}."
    return f"请输入您想了解的问题，例如某项实事由哪个部门负责、覆盖多少人、谁可以参加。方案《{doc.title}》包括：{examples}等。"


def notice(query: Query) -> str | None:
    """What the person should know about how their question was read (it was cut short)."""
    if not query.truncated:
        return None
    if query.language == "en":
        return f"The question was longer than {query.limit} characters; only the first {query.limit} were read."
    return f"问题超过{query.limit}字，只读取了前{query.limit}字。"


def with_citation(text: str, doc: PolicyDocument, item: PolicyItem | None, language: str) -> str:
    clause = item.unit_clause if item else ""
    if language == "en":
        return f"{text}\nSource: {cite(doc, item.number if item else 0, 'en')}" + (f" {clause}" if clause else "")
    return f"{text}\n出处：{cite(doc, item.number if item else 0, 'zh')}" + (f"{clause}" if clause else "")


def clarification(query: Query, docs: Sequence[PolicyDocument]) -> Answer:
    return Answer(query.raw, query.language, "clarify", clarify_answer(query, docs), intent="clarify", notice=notice(query))


def _which_unit(query: Query) -> Answer:
    """A unit name typed so that it could be either of two units: ask which, never pick one."""
    typed = next(m for m in query.matches if m.kind == "unit?")
    names = typed.canonical.split("、")
    if query.language == "en":
        text = f"“{typed.alias}” could be {' or '.join(names)}. Which unit do you mean?"
    else:
        text = f"您说的「{typed.alias}」是指{'还是'.join(f'「{n}」' for n in names)}？请说明是哪个单位。"
    return Answer(query.raw, query.language, "clarify", text, intent="clarify", notice=notice(query))


def refusal(query: Query, docs: Sequence[PolicyDocument], reason: str, intent: str) -> Answer:
    return Answer(
        question=query.raw,
        language=query.language,
        status="out_of_scope",
        answer=out_of_scope_answer(query, docs, reason),
        intent=intent,
        notice=notice(query),
    )


def ranked_sources(
    ranked: Sequence[RankedItem], documents: Mapping[str, PolicyDocument], best: float, limit: int = 3
) -> tuple[Source, ...]:
    """Whole-item sources, scored relative to the best item (1.0)."""
    out = []
    for r in ranked[:limit]:
        doc = documents[r.document]
        item = doc.item(r.item)
        text = item.text if item else doc.closing
        out.append(source_of(doc, item, "item", text, r.score / best if best > 0 else 0.0))
    return tuple(out)


# ---------------------------------------------------------------- answers by route


def answer(
    route: Route,
    query: Query,
    retrieval: Retrieval | None,
    documents: Mapping[str, PolicyDocument],
    glossary: Glossary,
    calibration: Calibration = Calibration(),
) -> Answer:
    """The answer a route calls for: its text, citations, units and sources; and what of it the plan covers."""
    doc = documents.get(route.document) if route.document else None
    if doc is not None:
        glossary = for_document(glossary, doc)  # its units' English names from its own place
    answer = _answer(route, query, retrieval, documents, glossary, calibration)
    cov = route.coverage
    if cov is None or (answer.status == "out_of_scope" and route.kind != "refuse"):
        return answer
    text = answer.answer
    if route.kind == "refuse":
        text = _declined_note(cov, query, documents, glossary) + text
    elif cov.partial:
        text = f"{text}\n{coverage_note(cov, query.language)}"
    return replace(answer, answer=text, coverage=cov.to_dict())


def _declined_note(cov: Coverage, query: Query, documents: Mapping[str, PolicyDocument], glossary: Glossary | None = None) -> str:
    """What the plan does say about what a declined question names: the item and whom it is for, or the items
    a unit takes part in, then what it leaves out; otherwise the terms it shares and those it does not cover."""
    en = query.language == "en"
    doc = documents.get(cov.item[0]) if cov.item else None
    item = doc.item(cov.item[1]) if doc and cov.item else None
    if item is not None and cov.for_whom and not any(cov.unmatched):  # the person is not one it is for: whom it is for
        if en:
            return f"Item {item.number} of the plan (「{item.title}」) is for {cov.for_whom_en or cov.for_whom} ({cov.for_whom}). "
        return f"方案第{_numeral(doc, item.number)}项「{item.title}」面向{cov.for_whom}。"
    if item is not None and cov.for_whom and cov.unmatched:
        if en:
            return f"Item {item.key or item.number} of the plan (「{item.title}」) is for {cov.for_whom_en or cov.for_whom} ({cov.for_whom}); it does not cover “{cov.unmatched[0]}”. "
        return f"方案第{_numeral(doc, item.number)}项「{item.title}」面向{cov.for_whom}，没有涉及「{cov.unmatched[0]}」的情况。"
    short = 0 < len(cov.unmatched) <= 2 and not any(len(t) > 12 for t in cov.unmatched)  # longer: maybe instructions
    hits = unit_hits(query.units[0], documents) if len(query.units) == 1 and short else []
    if hits:
        unit = query.units[0]
        said = "、".join(f"第{_numeral(documents[d], n)}项" for d, n, _ in hits[:4])
        missing = "、".join(f"「{t}」" for t in cov.unmatched)
        if en:
            items = ", ".join(f"item {n}" for _, n, _ in hits[:4])
            named = f"{glossary.english(unit)} ({unit})" if glossary is not None else unit
            return (
                f"The plan only says that {named} takes part in {items}; it does not cover {', '.join(f'“{t}”' for t in cov.unmatched)}. "
            )
        return f"方案只写了{unit}参与{said}，没有涉及{missing}。"
    if item is not None and short and cov.matched:
        if en:
            shared = ", ".join(f"“{t}”" for t in cov.matched[:3])
            missing = ", ".join(f"“{t}”" for t in cov.unmatched)
            return f"Item {item.key or item.number} of the plan (「{item.title}」) mentions {shared} but does not cover {missing}. "
        shared = "、".join(f"「{t}」" for t in cov.matched[:3])
        missing = "、".join(f"「{t}」" for t in cov.unmatched)
        return f"方案第{_numeral(doc, item.number)}项「{item.title}」提到{shared}，但没有涉及{missing}。"
    return declined_note(cov, query.language)


def _answer(
    route: Route,
    query: Query,
    retrieval: Retrieval | None,
    documents: Mapping[str, PolicyDocument],
    glossary: Glossary,
    calibration: Calibration,
) -> Answer:
    docs = list(documents.values())
    if route.kind == "clarify" and route.choices:
        assert retrieval is not None
        return _which_plan(query, route, retrieval, documents, glossary)
    if route.kind == "plans":
        assert retrieval is not None
        return _plans(query, route, retrieval, documents, glossary)
    if route.kind == "clarify" and route.reason == "unit":
        return _which_unit(query)
    if route.kind == "clarify":
        return clarification(query, docs)
    if route.kind == "refuse":
        return refusal(query, docs, route.reason or "topic", route.intent or "out_of_scope")
    if route.kind == "unit_lookup":
        assert route.unit is not None
        scoped = {d: documents[d] for d in route.scope if d in documents} or documents
        return _unit_lookup(query, route.unit, scoped, glossary)
    assert route.document is not None
    doc = documents[route.document]
    if route.kind == "document":
        ranked = next((r for r in retrieval.ranked if (r.document, r.item) == (doc.doc_id, 0)), None) if retrieval else None
        said = (*route.coverage.matched, *(zh for _, zh in route.coverage.glosses)) if route.coverage else ()
        retrieved = tuple(s.text for s in ranked.evidence) if ranked else ()
        return _document(query, doc, glossary, route.score, retrieved, said)
    assert retrieval is not None and route.item is not None
    item = doc.item(route.item)
    assert item is not None
    if route.kind == "eligibility":
        assert route.assessment is not None
        return _eligibility(query, doc, item, route.assessment, retrieval, documents, glossary, calibration)
    if route.kind == "faq":
        return _faq(query, doc, item, route, retrieval, documents, calibration)
    intent = route.intent or "content"
    text = item_answer(query, doc, item, glossary, intent)
    return _answered(query, doc, item, retrieval, documents, calibration, with_citation(text, doc, item, query.language), intent)


def _items_cited(retrieval: Retrieval, first: tuple[str, int], calibration: Calibration) -> tuple[int, ...]:
    ranked = retrieval.ranked
    best = ranked[0].score if ranked else 0.0
    others = [
        r.item for r in ranked[1:3] if r.document == first[0] and r.item != first[1] and r.score >= best * calibration.second_item_ratio
    ]
    return (first[1], *others)


def _answered(
    query: Query,
    doc: PolicyDocument,
    item: PolicyItem,
    retrieval: Retrieval,
    documents: Mapping[str, PolicyDocument],
    calibration: Calibration,
    text: str,
    intent: str,
    **extra: object,
) -> Answer:
    sources = [source_of(doc, item, "item", item.text, 1.0)]
    for ev in retrieval.ranked[0].evidence:
        if ev.kind == "text" and ev.text not in (s.text for s in sources):
            sources.append(replace(ev, document_title=doc.title, lead_units=item.lead_units, responsible_units=item.responsible_units))
    others = ranked_sources(retrieval.ranked[1:3], documents, best=retrieval.ranked[0].score)
    sources += [s for s in others if s.score >= calibration.second_item_ratio]
    return Answer(
        question=query.raw,
        language=query.language,
        status=extra.pop("status", "answered"),  # type: ignore[arg-type]
        answer=text,
        items=_items_cited(retrieval, (doc.doc_id, item.number), calibration),
        lead_units=item.lead_units,
        responsible_units=item.responsible_units,
        sources=tuple(sources[:5]),
        document=doc.doc_id,
        document_title=doc.title,
        intent=intent,
        notice=notice(query),
        **extra,  # type: ignore[arg-type]
    )


def _faq(
    query: Query,
    doc: PolicyDocument,
    item: PolicyItem,
    route: Route,
    retrieval: Retrieval,
    documents: Mapping[str, PolicyDocument],
    calibration: Calibration,
) -> Answer:
    entry = route.faq
    assert entry is not None
    quote = "".join(best_sentences(item, query, 1))
    text = f"{entry.answer}\n原文：「{quote}」" if query.language == "zh" else f"{entry.answer}\nClause: 「{quote}」"
    answered = _answered(query, doc, item, retrieval, documents, calibration, with_citation(text, doc, item, query.language), "faq")
    faq_source = Source(
        item.number,
        "faq",
        f"{entry.question}\n{entry.answer}",
        route.faq_score,
        doc.doc_id,
        doc.title,
        item.lead_units,
        item.responsible_units,
    )
    items = tuple(dict.fromkeys((*entry.items, *answered.items)))
    return replace(answered, items=items, sources=(answered.sources[0], faq_source, *answered.sources[1:]))


def best_section(doc: PolicyDocument, question: str, retrieved: Sequence[str] = (), said: Sequence[str] = ()) -> Section | None:
    """The paragraph of a plan with no recognised items that answers the question: the one sharing most of the
    question's Chinese words and ``said`` (the words coverage matched, the Chinese words an English question's
    terms were found by), longer words counting more, the first on a tie; else the best retrieved paragraph
    (``retrieved``: the texts retrieval found for the plan, best first). None when the plan has items or
    neither picks a paragraph."""
    if doc.items or not doc.sections:
        return None
    own = question_words(simplified_view(question)) if _CJK.search(question) else ()  # not words read into English
    words = {simplified_view(w) for w in (*own, *said) if len(w) > 1 and _CJK.search(w)}
    views = [simplified_view(s.text).replace(" ", "") for s in doc.sections]
    scores = [sum(len(w) for w in words if w in v) for v in views]
    best = max(range(len(views)), key=lambda i: (scores[i], -i))
    if scores[best] > 0:
        return doc.sections[best]
    return next((s for text in retrieved for s in doc.sections if s.text == text), None)


def section_answer(query: Query, doc: PolicyDocument, section: Section, glossary: Glossary) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """A question answered from a paragraph (a plan whose items could not be recognised): the sentence(s)
    holding what is asked, quoted, the units of the paragraph's own unit clause when it has one, cited as 第N段.
    Returns (text, lead units, responsible units)."""
    found = unit_clause(section.text)
    clause, lead, responsible = found if found else ("", (), ())
    body = section.text.strip()[: len(section.text.strip()) - len(clause)].strip() if clause else section.text.strip()
    sentences = [s.strip() for s in re.split(r"(?<=[。；;])", body) if s.strip()]
    quoted = answer_sentences(sentences, query.text, limit=2) or sentences
    en = query.language == "en"
    text = ("Text: " if en else "原文：") + "".join(f"「{s}」" for s in quoted)
    if clause:
        pseudo = PolicyItem(0, "", "", section.text, body, clause, lead, responsible, (), (), section.line)
        text += "\n" + units_block(pseudo, glossary, query.language)
    where = f"《{doc.title}》, paragraph {section.number}" if en else f"《{doc.title}》第{section.number}段"
    text += ("\nSource: " if en else "\n出处：") + where + (f" {clause}" if clause and en else clause)
    return text, lead, responsible


def _document(
    query: Query, doc: PolicyDocument, glossary: Glossary, score: float, retrieved: Sequence[str] = (), said: Sequence[str] = ()
) -> Answer:
    section = best_section(doc, query.text, retrieved, said)
    if section is not None:
        text, lead, responsible = section_answer(query, doc, section, glossary)
        return Answer(
            question=query.raw,
            language=query.language,
            status="answered",
            answer=text,
            items=(0,),
            lead_units=lead,
            responsible_units=responsible,
            sources=(Source(0, "text", section.text, score, doc.doc_id, doc.title, lead, responsible),),
            document=doc.doc_id,
            document_title=doc.title,
            intent="document",
            notice=notice(query),
        )
    text = with_citation(document_answer(query, doc, glossary), doc, None, query.language)
    return Answer(
        question=query.raw,
        language=query.language,
        status="answered",
        answer=text,
        items=(0,),
        lead_units=doc.coordinating_units,  # the office the plan's closing text charges with coordinating it
        sources=(source_of(doc, None, "text", document_header(doc) + doc.closing, score),),
        document=doc.doc_id,
        document_title=doc.title,
        intent="document",
        notice=notice(query),
    )


def _unit_lookup(query: Query, unit: str, documents: Mapping[str, PolicyDocument], glossary: Glossary) -> Answer:
    hits = [(documents[d], documents[d].item(i)) for d, i, _ in unit_hits(unit, documents)]
    found = [(d, it) for d, it in hits if it is not None]
    text = unit_lookup_answer(query, unit, found, glossary, len(documents) > 1)
    first_doc, first_item = found[0]
    return Answer(
        question=query.raw,
        language=query.language,
        status="answered",
        answer=with_citation(text, first_doc, None, query.language),
        items=tuple(it.number for _, it in found),
        lead_units=first_item.lead_units,
        responsible_units=first_item.responsible_units,
        sources=tuple(source_of(d, it, "item", it.text, 1.0) for d, it in found),
        document=first_doc.doc_id,
        document_title=first_doc.title,
        intent="unit_lookup",
        notice=notice(query),
    )


def _eligibility(
    query: Query,
    doc: PolicyDocument,
    item: PolicyItem,
    assessment: Assessment,
    retrieval: Retrieval,
    documents: Mapping[str, PolicyDocument],
    glossary: Glossary,
    calibration: Calibration,
) -> Answer:
    lang = query.language
    rules, judgement = assessment.rules, assessment.judgement
    units = units_block(item, glossary, lang)
    text = f"{eligibility_text(rules, item.number, assessment.facts, judgement, lang)}\n{units}"
    # No verdict yet: a clarify that asks for the missing fact; otherwise the verdict.
    outcome = {"status": "clarify"} if judgement.verdict is None else {"eligibility": judgement.verdict}
    return _answered(
        query,
        doc,
        item,
        retrieval,
        documents,
        calibration,
        with_citation(text, doc, item, lang),
        "eligibility",
        missing_facts=judgement.missing_facts,
        **outcome,
    )


def _choice_sources(route: Route, retrieval: Retrieval, documents: Mapping[str, PolicyDocument]) -> tuple[Source, ...]:
    best = retrieval.ranked[0].score if retrieval.ranked else 0.0
    scores = {(r.document, r.item): r.score for r in retrieval.ranked}
    out = []
    for doc_id, number in route.choices:
        doc = documents[doc_id]
        item = doc.item(number)
        assert item is not None
        out.append(source_of(doc, item, "item", item.text, scores.get((doc_id, number), 0.0) / best if best > 0 else 0.0))
    return tuple(out)


def _plans(query: Query, route: Route, retrieval: Retrieval, documents: Mapping[str, PolicyDocument], glossary: Glossary) -> Answer:
    """Several plans fit the question about equally: each plan's answer, side by side, each cited."""
    lang = query.language
    intent = route.intent or "content"
    blocks = []
    for doc_id, number in route.choices:
        doc = documents[doc_id]
        item = doc.item(number)
        assert item is not None
        blocks.append(with_citation(f"【《{doc.title}》】\n" + item_answer(query, doc, item, glossary, intent), doc, item, lang))
    if lang == "en":
        head = f"{len(blocks)} plans cover this, each for its own place; please read the one for yours:"
    else:
        head = f"有{len(blocks)}个方案涉及这方面内容，各地的牵头单位和标准不同，请按您所在的地方查看："
    first_doc = documents[route.choices[0][0]]
    first = first_doc.item(route.choices[0][1])
    assert first is not None
    return Answer(
        question=query.raw,
        language=lang,
        status="answered",
        answer=head + "\n\n" + "\n\n".join(blocks),
        items=tuple(dict.fromkeys(n for _, n in route.choices)),
        lead_units=first.lead_units,
        responsible_units=first.responsible_units,
        sources=_choice_sources(route, retrieval, documents),
        document=first_doc.doc_id,
        document_title=first_doc.title,
        intent=intent,
        notice=notice(query),
    )


def _which_plan(query: Query, route: Route, retrieval: Retrieval, documents: Mapping[str, PolicyDocument], glossary: Glossary) -> Answer:
    """Several plans fit the question (an eligibility question, or too many to show): ask which place."""
    lang = query.language
    lines = []
    for doc_id, number in route.choices:
        doc = documents[doc_id]
        item = doc.item(number)
        assert item is not None
        if lang == "en":
            lines.append(f"- 《{doc.title}》, item {item.key or item.number} 「{item.title}」")
        else:
            lines.append(f"- 《{doc.title}》第{item.numeral}项「{item.title}」")
    if lang == "en":
        text = "Several plans have this measure, with their own conditions:\n" + "\n".join(lines)
        text += "\nWhich place are you asking about? Please name it (or the year) in your question, and I will answer from that plan."
    else:
        text = "以下方案都有这项内容，各地条件不同：\n" + "\n".join(lines)
        text += "\n请问您问的是哪个地方？请在问题中写明地名（或年份），我再按该地的方案回答。"
    first_doc = documents[route.choices[0][0]]
    return Answer(
        question=query.raw,
        language=lang,
        status="clarify",
        answer=text,
        items=tuple(dict.fromkeys(n for _, n in route.choices)),
        sources=_choice_sources(route, retrieval, documents),
        document=first_doc.doc_id,
        document_title=first_doc.title,
        intent=route.intent,
        notice=notice(query),
    )
