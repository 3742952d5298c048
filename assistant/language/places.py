"""Which plans a question names by place: ONE pure function over (question text, documents).

A plan's place comes from its own text (``PolicyDocument.place``, e.g. "<X>区", possibly in traditional
characters) and is found in the gazetteer (``language.gazetteer``: China's administrative divisions,
shipped data). A question names a place by its full name or its stem (in Chinese), or by its pinyin
(in English); the gazetteer says which words are places and what contains what. A question naming a
place inside a plan's place (a district of the city a plan is for) is in scope of that plan; when
several plans contain it (a county plan and its city's plan), the most specific one is meant.
A gazetteer place no plan's place contains is returned as ``unmatched`` so the caller can decline it,
unless some plan's place is unknown (it may be for that place); a word that only looks like a place
(a name + 新区/街道, an administrative suffix, not in the gazetteer) is neither (``looks``).
A plan whose place the gazetteer lacks is still named by its own place words ("<X>区", its stem of
two characters or more, its pinyin with or without a level word). No place names here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from assistant.corpus.records import PolicyDocument
from assistant.corpus.text import simplified_view
from assistant.language.gazetteer import Gazetteer, Mention, gazetteer, pinyin, place_stem
from assistant.language.lexicon import lexicon

__all__ = ["PlaceScope", "place_scope"]


@dataclass(frozen=True)
class PlaceScope:
    documents: tuple[str, ...]  # ids of the plans whose place the question names (empty: none named)
    unmatched: tuple[str, ...]  # place mentions no plan's place matches and no plan's text contains
    said: tuple[str, ...] = ()  # the question's own words that named a matched plan's place ("杞县", "Qi County")
    looks: tuple[str, ...] = ()  # words that only look like a place (a name + 新区/街道…, not a division): where, not what

    @property
    def names_place(self) -> bool:
        return bool(self.documents or self.unmatched)


@cache
def _suffixes() -> tuple[str, ...]:
    return tuple(sorted(lexicon("places")["suffixes"], key=len, reverse=True))


@cache
def _levels() -> str:
    words = sorted(lexicon("places").get("english_levels") or (), key=len, reverse=True)
    return "|".join(re.escape(w) for w in words) or "(?!)"


def _stem(place: str) -> str:
    """The place without its administrative suffix (``gazetteer.place_stem``); "" when only the suffix is left."""
    return "" if place in _suffixes() else place_stem(place)


@cache
def _forms(place: str) -> tuple[tuple[str, ...], re.Pattern[str] | None]:
    """(Chinese forms, English pattern) a question may name the place by; ``place`` is simplified."""
    stem = _stem(place)
    zh = tuple(f for f in dict.fromkeys([place, stem if len(stem) >= 2 else ""]) if f)
    full = pinyin(place)
    own = pinyin(stem) if stem else ""
    alternatives = [re.escape(full)]
    if own:
        level = rf"(?:\s*(?:{_levels()}))"
        alternatives.append(re.escape(own) + (f"{level}?" if len(stem) >= 2 else level))
    return zh, re.compile(rf"(?<![a-z])(?:{'|'.join(alternatives)})(?![a-z])", re.IGNORECASE)


def _said(question: str, place: str) -> tuple[str, ...]:
    """The stretches of ``question`` (simplified) that name ``place``, longest form first."""
    zh, english = _forms(simplified_view(place))
    found = [f for f in zh if f in question][:1]
    return (*found, *(m.group(0) for m in english.finditer(question))) if english else tuple(found)


def _matches(question: str, place: str) -> bool:
    return bool(_said(question, place))


def _contains(doc: PolicyDocument, word: str) -> bool:
    texts = [doc.title, doc.issuer or "", doc.preamble, doc.closing, *(it.text for it in doc.items)]
    return any(word in simplified_view(t) for t in texts)


@cache
def _resolved(place: str, context: str) -> tuple[str, ...]:
    """The gazetteer places (adcodes) a plan's place is; an ambiguous name narrowed by the places
    its own title, issuer or opening name around it (the city a district plan names)."""
    g = gazetteer()
    codes = tuple(p.code for p in g.lookup(simplified_view(place)) or g.as_listed(simplified_view(place)))
    if len(codes) > 1:
        named = {c for m in g.mentions(simplified_view(context)) for c in m.codes}
        narrowed = tuple(c for c in codes if any(p.code in named for p in g.chain(c)[1:]))
        codes = narrowed or codes
    return codes


def document_places(doc: PolicyDocument) -> tuple[str, ...]:
    """The adcodes of the plan's place (several only when its name is ambiguous); () for none known."""
    if not doc.place:
        return ()
    return _resolved(doc.place, " ".join((doc.title, doc.issuer or "", doc.preamble[:500])))


def place_scope(
    question: str, documents: Mapping[str, PolicyDocument] | Iterable[PolicyDocument], mentions: Iterable[str] = ()
) -> PlaceScope:
    """The plans whose place the question names (or names a place inside), and the places no plan has.

    ``mentions`` are extra place words of the question (``Query.places``); they count only when the
    gazetteer knows them. A plan whose place the gazetteer does not know is named by its own place
    words, and its text containing a named place keeps that place from being declined.
    """
    g = gazetteer()
    docs = list(documents.values()) if isinstance(documents, Mapping) else list(documents)
    text = simplified_view(question)
    codes = {d.doc_id: document_places(d) for d in docs}
    found: list[Mention] = list(g.mentions(text))
    for word in dict.fromkeys(simplified_view(m) for m in mentions):
        if (at := text.find(word)) >= 0 and not any(m.start <= at < m.end for m in found):
            if places := g.lookup(word):
                found.append(Mention(at, at + len(word), word, tuple(p.code for p in places)))
    named: list[str] = []
    spans: list[tuple[int, int]] = []
    said: dict[str, tuple[str, ...]] = {}  # per distinct place: a thousand plans have a few dozen places
    for d in docs:  # a plan's own place words (its pinyin, a place the gazetteer lacks)
        if not d.place:
            continue
        if d.place not in said:
            said[d.place] = _said(text, d.place)
        for word in said[d.place]:
            at = text.find(word)
            if any(m.start <= at < m.end or at <= m.start < at + len(word) for m in found):
                continue
            if codes[d.doc_id]:
                found.append(Mention(at, at + len(word), word, codes[d.doc_id]))
            else:
                named.append(d.doc_id)
                spans.append((at, len(word)))
    if not found and not named:  # no place said as written: a one-character same-sound slip of a plan's place
        for d in docs:
            if d.place and codes[d.doc_id] and (word := _misspelt(text, d.place)):
                at = text.find(word)
                found.append(Mention(at, at + len(word), word, codes[d.doc_id]))
                break
    inside = {c for cs in codes.values() for c in cs}
    # the places of a mention that some plan's place contains ("resolves" an ambiguous name)
    fitting = [(m, tuple(c for c in m.codes if any(g.contains(o, c) for o in inside))) for m in found]
    kept = [(m, f) for m, f in fitting if f]
    # a place that only qualifies another named place ("<city><county>") does not widen the scope
    kept = [
        (m, f) for m, f in kept if not any(o is not m and all(any(g.contains(c, x) and c != x for x in of) for c in f) for o, of in kept)
    ]
    picked: list[str] = list(named)
    for m, f in kept:
        distance = {
            d.doc_id: min(g.distance(o, c) for o in codes[d.doc_id] for c in f if g.contains(o, c))
            for d in docs
            if any(g.contains(o, c) for o in codes[d.doc_id] for c in f)
        }
        best = min(distance.values())
        picked.extend(doc_id for doc_id, n in distance.items() if n == best)
        spans.append((m.start, m.end - m.start))
    unmatched = []
    for m, f in fitting:
        if f or _qualifies(g, m, kept):  # in a plan's place, or "<province>" before a place that is
            if (m.start, m.end - m.start) not in spans and (picked or named):
                spans.append((m.start, m.end - m.start))  # a qualifier names the plan's place too
            continue
        if any(not codes[d.doc_id] for d in docs):
            continue  # a plan whose place is unknown may be for it: retrieval and coverage decide, not the place
        bare = all(g.places[c].name != m.said for c in m.codes)  # a stem, not the division's full name
        if bare and any(_contains(d, m.said) for d in docs):
            continue  # a plan's own text uses the word (in a name of its own: a festival, a park)
        unmatched.append(question[m.start : m.end])
    own = tuple(dict.fromkeys(question[i : i + n] for i, n in spans if i >= 0))  # same offsets: simplified_view keeps length
    taken = [(m.start, m.end) for m in found]
    looks = tuple(question[a:b] for a, b in _look_alikes(text) if not any(a < e and s < b for s, e in taken))
    return PlaceScope(tuple(dict.fromkeys(picked)), tuple(dict.fromkeys(unmatched)), own, looks)


@lru_cache(maxsize=2048)  # asked several times per question (route, retrieval, coverage): tag it once
def _look_alikes(text: str) -> tuple[tuple[int, int], ...]:
    """Spans that read as a local place name the gazetteer does not have: name words (jieba's ns/nr/nz)
    followed by an area word (places.yaml ``area_words``: 新区, 开发区, 街道 …) or ending in an
    administrative suffix ("<name>新区", "<name>街道"). Not divisions, so never a reason to decline."""
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return ()
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    area = tuple(lexicon("places").get("area_words") or ())
    tokens: list[tuple[int, str, str]] = []
    pos = 0
    for token in jieba.posseg.cut(text):
        tokens.append((pos, token.word, token.flag))
        pos += len(token.word)
    spans: list[tuple[int, int]] = []
    run: list[tuple[int, str, str]] = []
    for start, word, flag in tokens:
        closing = word in area or word.endswith(area) or (flag == "ns" and word.endswith(_suffixes()))
        if run and closing:
            spans.append((run[0][0], start + len(word)))
            run = []
        elif flag.startswith(("ns", "nr", "nz")) and len(word) >= 2:
            run.append((start, word, flag))
        else:
            run = []
    return tuple(spans)


def _qualifies(g: Gazetteer, mention: Mention, kept: list[tuple[Mention, tuple[str, ...]]]) -> bool:
    """The mention contains a place another mention names inside a plan ("<province><city>")."""
    return any(g.contains(c, x) for c in mention.codes for _, of in kept for x in of)


@lru_cache(maxsize=1024)
def _word_starts(text: str) -> frozenset[int]:
    """Where jieba's words of ``text`` start: a slip of a place starts a word ("公积金想" holds no "<X>乡")."""
    import jieba

    return frozenset(start for _, start, _ in jieba.tokenize(text))


@lru_cache(maxsize=4096)
def _misspelt(text: str, place: str) -> str:
    """The stretch of ``text`` that writes ``place`` (full name, or stem of two characters or more) with ONE
    character swapped for another of the same toneless pinyin ("<X>壁" for "<X>璧"), when that stretch is no
    gazetteer place itself and starts one of jieba's words (``_word_starts``); "" for none."""
    g = gazetteer()
    for form in _forms(simplified_view(place))[0]:
        n = len(form)
        if n < 2:
            continue
        for i in range(len(text) - n + 1):
            window = text[i : i + n]
            diff = [j for j in range(n) if window[j] != form[j]]
            if len(diff) != 1 or not "\u4e00" <= window[diff[0]] <= "\u9fff":
                continue
            if pinyin(window[diff[0]]) == pinyin(form[diff[0]]) and not g.lookup(window) and i in _word_starts(text):
                return window
    return ""
