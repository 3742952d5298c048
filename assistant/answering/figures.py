"""The figure that answers a quantity question, and figures in English. Pure.

``figure_sentences`` picks the sentence whose figure answers what is asked (screened vs helped vs
built): the question's words are compared with the clause around each figure, counting only words
that tell the figures apart (not in the item's title, not in every figure's clause), and the
measure word the question asks for (多少人 -> 人/名, 几个 -> 个, 比例 -> %) breaks ties.
``english_figure`` writes a figure as an English reader expects it: 40万名 -> 400,000 people.
Vocabulary is data in ``data/figures.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from typing import Any

from assistant.corpus.records import Figure
from assistant.corpus.text import simplified_view
from assistant.corpus.yamlfile import load_yaml_text
from assistant.language.numerals import parse_number

_CLAUSE = re.compile(r"[，,；;。：:！？!?]")
_HAN_PAIR = re.compile(r"(?=([\u4e00-\u9fff]{2}))")
_WRITTEN = re.compile(r"(\d+(?:\.\d+)?)\s*(?:[-－—~～至到]\s*(\d+(?:\.\d+)?)\s*)?(万|千|百|亿)?")
_SCALE = {"亿": 100_000_000, "万": 10_000, "千": 1_000, "百": 100}


@cache
def _data() -> dict[str, Any]:
    text = files("assistant.answering").joinpath("data", "figures.yaml").read_text(encoding="utf-8")
    return load_yaml_text(text, "assistant/answering/data/figures.yaml")


def asked_units(question: str) -> frozenset[str]:
    """The measure words of the figures that answer the question (empty when it names none)."""
    text = question.lower()
    units: set[str] = set()
    for entry in _data()["asks"]:
        patterns = [*entry.get("zh", ()), *entry.get("en", ())]
        if any(re.search(p, text) for p in patterns):
            units.update(str(u) for u in entry["units"])
    return frozenset(units)


def question_words(question: str) -> set[str]:
    """Chinese word pairs of the question, plus the Chinese verbs its English words stand for."""
    words = set(_HAN_PAIR.findall(question))
    lowered = question.lower()
    for pattern, verbs in _data()["actions_en"].items():
        if re.search(rf"\b(?:{pattern})", lowered):
            words.update(verbs)
    return words


def _clause(figure: Figure) -> str:
    """The clause of the figure's sentence that holds it (what the figure counts)."""
    sentence = figure.sentence.replace(" ", "")
    at = sentence.find(figure.text.replace(" ", ""))
    if at < 0:
        return sentence
    start = max((m.end() for m in _CLAUSE.finditer(sentence, 0, at)), default=0)
    end = _CLAUSE.search(sentence, at)
    return sentence[start : end.start() if end else len(sentence)]


def _segments(question: str) -> list[str]:
    """The parts of the question that each ask one quantity, with the words around its mark.

    ``筛查的人数和救助的人数各是多少`` -> [筛查的人数, 和救助的人数, 各是多少]; the last part of a
    clause runs to the clause's end (``how many women will be screened``).
    """
    marks = re.compile("|".join(_data()["marks"]), re.IGNORECASE)
    segments: list[str] = []
    for clause in _CLAUSE.split(question):
        ends = [m.end() for m in marks.finditer(clause)]
        if not ends:
            continue
        cuts = [0, *ends[:-1], len(clause)]
        segments.extend(clause[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if clause[a:b].strip())
    return segments or [question]


def figure_sentences(figures: Sequence[Figure], question: str, limit: int = 2) -> list[str]:
    """The sentences whose figures answer the question, in plan order; [] when none stands out.

    For each quantity the question asks, the figures of the measure it asks for (人/名, 个, %, 岁)
    are the candidates when there are any; among them, the figure(s) whose clause shares most
    telling words with the words around the quantity win. With no telling words, the measure
    alone decides, and when it doesn't either, nothing stands out.
    """
    if not figures:
        return []
    order = list(dict.fromkeys(f.sentence for f in figures))
    whole_units = asked_units(question)
    chosen: set[str] = set()
    for segment in _segments(question):
        units = asked_units(segment) or whole_units
        candidates = [f for f in figures if f.unit in units] or list(figures)
        clauses = [_clause(f) for f in candidates]
        # Words found in every candidate's clause cannot tell the candidates apart.
        words = question_words(segment)
        telling = {w for w in words if any(w in c for c in clauses) and not all(w in c for c in clauses)}
        scores = [sum(w in c for w in telling) for c in clauses]
        top = max(scores)
        if top:
            chosen.update(f.sentence for f, score in zip(candidates, scores, strict=False) if score == top)
        elif len(candidates) < len(figures):
            chosen.update(f.sentence for f in candidates)
    return [s for s in order if s in chosen][:limit]


def _number(text: str, scale: str) -> str:
    whole, _, fraction = text.partition(".")
    value = (parse_number(whole) or 0) * _SCALE.get(scale, 1)
    if fraction:
        value = float(f"{whole}.{fraction}") * _SCALE.get(scale, 1)
        if value != int(value):
            return f"{value:,}"
    return f"{int(value):,}"


def english_figure(figure: Figure) -> str:
    """40万名 -> 400,000 people; 2200名 -> 2,200 people; 90% -> 90%; 10个左右 -> about 10; 35-64岁 -> 35-64 years old."""
    data = _data()
    match = _WRITTEN.search(figure.text)
    if not match:
        return figure.text
    scale = match.group(3) or ""
    number = _number(match.group(1), scale)
    if match.group(2):
        number += "-" + _number(match.group(2), scale)
    if figure.unit == "%":
        number += "%"
    else:
        measure = data["measures_en"].get(figure.unit, "")
        number = f"{number} {measure}".strip()
    qualifier = next((q for q in data["qualifiers_en"] if figure.text.endswith(q)), "")
    return f"{data['qualifiers_en'][qualifier]} {number}" if qualifier else number


def english_figures_line(figures: Sequence[Figure], sentences: Sequence[str]) -> str:
    """``Figures: 400,000 people (「40万名」)`` for the figures of the quoted sentences; '' if none."""
    shown = list({f.text: f for f in figures if f.sentence in sentences}.values())
    if not shown:
        return ""
    return "Figures: " + "; ".join(f"{english_figure(f)} (「{f.text}」)" for f in shown)


def asked_kinds(question: str) -> frozenset[str]:
    """What the question asks for besides units: ``date``, ``person``, ``list``, ``points`` (data: ``kinds``)."""
    text = question.lower()
    return frozenset(k for k, entry in _data()["kinds"].items() if any(re.search(p, text) for p in entry["ask"]))


def asked_classifiers(question: str) -> frozenset[str]:
    """The measure words a count question names: 建多少套 -> 套, 几座 -> 座, how many kilometres -> 公里."""
    text = simplified_view(question.lower())
    names = "|".join(map(re.escape, _data()["classifiers"]))
    found = {m.group(1) for m in re.finditer(rf"(?:多少|几)(?:个(?=[^人]))?({names})", text)}
    for pattern, classifiers in _data()["classifiers_en"].items():
        if re.search(rf"how (?:many|much)\b[^?.,;]*?(?:{pattern})", text):
            found.update(classifiers)
    return frozenset(found)


def _answer_pattern(kind: str) -> re.Pattern[str] | None:
    patterns = _data()["kinds"][kind]["answer"]
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def asked_words(doc: Any, question: str) -> set[str]:
    """The question's words that may tell a sentence of the plan apart: jieba's words of two characters or
    more, and the Chinese verbs its English words stand for (data: actions_en), less the words that name the
    plan (found in its title, issuer or place)."""
    from assistant.search.lexical import tokenize

    naming = simplified_view(" ".join(x for x in (doc.title, doc.issuer, doc.place) if x))
    view = simplified_view(question)
    said = {w for w in tokenize(view) if len(w) >= 2 and _HAN_PAIR.match(w)}
    said |= question_words(view) - set(_HAN_PAIR.findall(view))  # the verbs English words stand for
    # the noun a question word governs names the kind of answer asked (哪个单位, 什么文件), not its topic
    kinds = {m for m in re.findall(r"(?:哪个|哪些|哪家|什么|啥|哪)([\u4e00-\u9fff]{2})", view)}
    return {w for w in said if w not in naming and not any(w in k or k in w for k in kinds)}


def notice_sentence(doc: Any, question: str, sentences: Sequence[str]) -> str | None:
    """The sentence of the notice (the text outside the items) sharing most of the question's telling words
    (``asked_words``), or None when none shares one: "是主动公开的吗" -> "(此件主动公开)"."""
    views = [simplified_view(x).replace(" ", "") for x in sentences]
    # a word telling one line apart: found in exactly one of them (单位 in several lines tells none apart)
    words = {w for w in asked_words(doc, question) if sum(w in v for v in views) == 1}
    if not words:
        return None
    # among sentences sharing as many words, one holding an answer of an asked kind (a date) first
    patterns = [p for k in sorted(asked_kinds(question)) if (p := _answer_pattern(k))]

    def score(x: str) -> tuple[int, int]:
        view = simplified_view(x).replace(" ", "")
        return sum(w in view for w in words), int(any(p.search(view) for p in patterns))

    scored = [(*score(x), -i, x) for i, x in enumerate(sentences)]
    best = max(scored, default=(0, 0, 0, ""))
    return best[3] if best[0] > 0 else None


def dated_item(doc: Any, question: str) -> int | None:
    """The item whose sentence states the date a date question asks (by when must all tasks be done), when
    the text outside the items (the notice, its metadata, the closing) states none that fits as well.

    The sentences are scored by the question's words (jieba's, two characters or more; the Chinese verbs an
    English question's words stand for) that do not name the plan (words of its title, issuer and place name
    the plan, not what is asked): a date sentence of an item sharing more of them than any dated sentence
    outside the items answers the question. None when the question asks no date, or nothing tells the item's
    date apart (an issue-date question keeps the notice's date).
    """
    if "date" not in asked_kinds(question):
        return None
    pattern = _answer_pattern("date")
    words = asked_words(doc, question)

    def score(sentence: str) -> int:
        view = simplified_view(sentence).replace(" ", "")
        return sum(w in view for w in words) if pattern and pattern.search(view) else 0

    paragraphs = [sec.text for sec in doc.sections] or doc.preamble.split("\n")
    outside = max((score(x) for p in (*paragraphs, doc.closing) for x in re.split(r"(?<=[。;；])", p)), default=0)
    best, number = outside, None
    for item in doc.items:
        for sentence in re.split(r"(?<=[。;；])", item.body):
            if (n := score(sentence)) > best:
                best, number = n, item.number
    return number


def _count_pattern(classifiers: frozenset[str]) -> re.Pattern[str]:
    names = "|".join(map(re.escape, sorted(classifiers, key=len, reverse=True)))
    return re.compile(rf"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)\s*(?:万|千|百|亿)?\s*(?:{names})")


def answer_sentences(sentences: Sequence[str], question: str, kinds: frozenset[str] | None = None, limit: int = 1) -> list[str]:
    """The sentences holding what the question asks for (a date, a person, a count in the asked measure), in order.

    Only sentences with an answer of an asked kind are candidates; among them the one(s) sharing most
    of the question's words that tell them apart win. [] when the question asks none of these kinds
    or no sentence holds one.
    """
    kinds = asked_kinds(question) if kinds is None else kinds
    patterns = [p for k in sorted(kinds) if (p := _answer_pattern(k))]
    classifiers = asked_classifiers(question)
    if classifiers:
        patterns.append(_count_pattern(classifiers))
    if not patterns:
        return []
    views = [simplified_view(s).replace(" ", "") for s in sentences]
    candidates = [i for i, v in enumerate(views) if any(p.search(v) for p in patterns)]
    if not candidates:
        return []
    words = {simplified_view(w) for w in question_words(simplified_view(question))}
    telling = {w for w in words if any(w in views[i] for i in candidates) and not all(w in views[i] for i in candidates)}
    scores = {i: sum(w in views[i] for w in telling) for i in candidates}
    ranked = sorted(candidates, key=lambda i: (-scores[i], i))[:limit]
    return [sentences[i] for i in sorted(ranked)]


def person_names(sentence: str) -> list[str]:
    """People the sentence names with their post (局长X主持 -> X), for who-questions about a report."""
    pattern = _answer_pattern("person")
    return [m.group(0) for m in pattern.finditer(simplified_view(sentence))] if pattern else []


def listed_titles(items: Sequence[Any], item: Any, question: str) -> list[str]:
    """The titles a list question asks for: the item's sub-items (遵循哪些原则 -> each principle), or, when
    it asks for the points (提了哪几点要求) of an item that has none, the item and its siblings."""
    kinds = asked_kinds(question)
    if "list" not in kinds:
        return []
    key = item.key or str(item.number)
    children = [it.title for it in items if it.parent == key]
    if children:
        return children
    if "points" in kinds:
        siblings = [it.title for it in items if it.parent == item.parent]
        return siblings if len(siblings) > 1 else []
    return []


def count_figures(sentences: Sequence[str], question: str) -> tuple[Figure, ...]:
    """The counts in the asked measure written in the sentences (13公里 for how many kilometres), as figures."""
    classifiers = asked_classifiers(question)
    if not classifiers:
        return ()
    pattern = _count_pattern(classifiers)
    found = []
    for sentence in sentences:
        for m in pattern.finditer(sentence.replace(" ", "")):
            unit = next((c for c in sorted(classifiers, key=len, reverse=True) if simplified_view(m.group(0)).endswith(c)), "")
            number = _WRITTEN.match(m.group(0))
            value = float(number.group(1)) if number else 0.0
            found.append(Figure(text=m.group(0), value=value, unit=unit, sentence=sentence))
    return tuple(found)
