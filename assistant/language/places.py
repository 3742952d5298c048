"""Which plans a question names by place: ONE pure function over (question text, documents).

A plan's place comes from its own text (``PolicyDocument.place``, e.g. "<X>区", possibly in traditional
characters). A question names it in Chinese by the full form or without its administrative suffix
(two characters or more), compared in simplified characters; in English by the place's pinyin, with
or without a level word ("County", "District", ...), case-insensitive. A one-character stem counts
only with its suffix (or a level word in English), since one character is found in unrelated words.
Place mentions the question makes that no plan matches (jieba's place words with an administrative
suffix, ``understanding.place_names``) are returned so the caller can decline them. No place names here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from assistant.corpus.records import PolicyDocument
from assistant.corpus.text import simplified_view
from assistant.language.lexicon import lexicon

__all__ = ["PlaceScope", "place_scope"]


@dataclass(frozen=True)
class PlaceScope:
    documents: tuple[str, ...]  # ids of the plans whose place the question names (empty: none named)
    unmatched: tuple[str, ...]  # place mentions no plan's place matches and no plan's text contains
    said: tuple[str, ...] = ()  # the question's own words that named a matched plan's place ("杞县", "Qi County")

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
    """The place without its administrative suffix ("" when only the suffix is left)."""
    suffix = next((s for s in _suffixes() if place.endswith(s)), "")
    return place[: len(place) - len(suffix)] if suffix else place


@cache
def _forms(place: str) -> tuple[tuple[str, ...], re.Pattern[str] | None]:
    """(Chinese forms, English pattern) a question may name the place by; ``place`` is simplified."""
    stem = _stem(place)
    zh = tuple(f for f in dict.fromkeys([place, stem if len(stem) >= 2 else ""]) if f)
    try:
        from pypinyin import lazy_pinyin
    except ImportError:  # pragma: no cover - pypinyin is a dependency
        return zh, None
    full = "".join(lazy_pinyin(place))
    own = "".join(lazy_pinyin(stem)) if stem else ""
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


def place_scope(
    question: str, documents: Mapping[str, PolicyDocument] | Iterable[PolicyDocument], mentions: Iterable[str] = ()
) -> PlaceScope:
    """The plans whose place the question names, and the place mentions no plan matches.

    ``mentions`` are the question's own place words (``Query.places``); a mention is matched when a
    plan's place is (or is named by) it, or, failing that, when some plan's text contains it (a county
    named inside a city plan). A plan with no place never matches a named place.
    """
    docs = list(documents.values()) if isinstance(documents, Mapping) else list(documents)
    text = simplified_view(question)
    said = {d.doc_id: _said(text, d.place) for d in docs if d.place}
    named = tuple(doc_id for doc_id, words in said.items() if words)
    spans = [(text.find(w), len(w)) for words in said.values() for w in words]
    unmatched = []
    for mention in dict.fromkeys(simplified_view(m) for m in mentions):
        if any(d.place and (_matches(mention, d.place) or mention in simplified_view(d.place)) for d in docs):
            continue
        if not any(_contains(d, mention) for d in docs):
            unmatched.append(mention)
    own = tuple(dict.fromkeys(question[i : i + n] for i, n in spans if i >= 0))  # same offsets: simplified_view keeps length
    return PlaceScope(named, tuple(unmatched), own)
