"""A unit said in general words (an English description, a short Chinese form) in a question that names its plan
by place is that plan's unit. Pure.

The glossary resolves "<body> bureau" or "<body>局" to one canonical unit, whatever plan the question is about. A
question scoped to a plan ("<place>: which items involve the <body> bureau?") means the unit of that plan the
words describe: the plan's own unit whose derived aliases (``glossary.unit_aliases``) hold the words, or whose
English name (``glossary.english_name``, from the body-type table, the plan's place and level) ends in them. An
English question naming no glossary unit at all may still name a unit of its plan by that English name ("the
<place> economic development zone"). Words describing no unit of the plan leave the match as it was (the look-up
then finds nothing in the plan and declines).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache, lru_cache

from assistant.corpus.glossary import derive_glossary
from assistant.corpus.records import PolicyDocument
from assistant.corpus.text import simplified_view
from assistant.language.bilingual import stem
from assistant.language.lexicon import lexicon
from assistant.language.understanding import UNIT_LOOKUP, Match, Query, canonical_names, intents_of

__all__ = ["scoped_units"]

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|&")


@cache
def _words() -> tuple[frozenset[str], dict[str, str]]:
    """English words joining a unit name's words (and, of, the), and the words the level adjectives are also said by."""
    data = lexicon("units")
    joining = frozenset(stem(w) for w in data["en_joining"])
    levels = {stem(k): stem(v) for k, v in (data.get("en_level_words") or {}).items()}
    return joining, levels


def _normal(words: Sequence[str]) -> list[str]:
    joining, levels = _words()
    out = []
    for w in words:
        s = "and" if w == "&" else stem(w)
        out.append(levels.get(s, s) if s not in joining else "")
    return out  # "" for a joining word (kept in place: it may sit inside a name, never at its ends)


@lru_cache(maxsize=256)
def _plan_units(doc: PolicyDocument) -> tuple[tuple[str, frozenset[str], tuple[str, ...], str], ...]:
    """(name, its Chinese names and aliases, its English name's words, the body-type words) for each unit the
    plan names, as the plan's own glossary derives them."""
    out = []
    for unit in derive_glossary((doc,)).units:
        words = tuple(w for w in _normal(_WORD.findall(unit.en)) if w)
        zh = frozenset(simplified_view(a) for a in (unit.name, *unit.aliases) if not a.isascii())
        out.append((unit.name, zh, words, words[-1] if words else ""))
    return tuple(out)


def _by_chinese(alias: str, docs: Sequence[PolicyDocument]) -> list[str]:
    view = simplified_view(alias)
    return [name for doc in docs for name, zh, _, _ in _plan_units(doc) if view in zh]


def _english_stretch(tokens: list[str], end: int, name_words: Sequence[str]) -> int:
    """Where the run of the unit's English name words ending at ``end`` (its head word) starts (joining words
    inside the run, never at its start)."""
    have = set(name_words)
    start = end
    while start > 0 and (tokens[start - 1] in have or (tokens[start - 1] == "" and start > 1 and tokens[start - 2] in have)):
        start -= 1
    return start


def _by_english(text: str, docs: Sequence[PolicyDocument], *, body_word: bool = True) -> tuple[list[str], str]:
    """The plan's units whose English name the text says: a stretch of at least two of the name's words ending in
    its head word (Bureau, Zone, Federation), the longest stretch first; and the words said."""
    raw = _WORD.findall(text)
    tokens = _normal(raw)
    best, names, said = 0, [], ""
    for doc in docs:
        for name, _, words, head in _plan_units(doc):
            if not head:
                continue
            for i, t in enumerate(tokens):
                if t != head:
                    continue
                start = _english_stretch(tokens, i, words)
                stretch = tokens[start : i + 1]
                n = sum(1 for w in stretch if w)
                if n < 2 or (body_word and not _has_body_word(stretch, doc, words)):
                    continue
                if n > best:
                    best, names, said = n, [name], " ".join(raw[start : i + 1])
                elif n and n == best and name not in names:
                    names.append(name)
    return names, said


def _has_body_word(stretch: Sequence[str], doc: PolicyDocument, words: Sequence[str]) -> bool:
    """The stretch holds a word of the unit's name other than its head, its place and its level."""
    place = {w for w in _normal(_WORD.findall(_place_en(doc))) if w}
    _, levels = _words()
    level_words = set(levels.values()) | {stem(w) for w in lexicon("places")["english_levels"]}
    head = words[-1]
    return any(w and w != head and w in words and w not in place and w not in level_words for w in stretch)


@lru_cache(maxsize=256)
def _place_en(doc: PolicyDocument) -> str:
    from assistant.corpus.glossary import place_english

    return place_english(doc.place, doc.level)


def _named_by(docs: Sequence[PolicyDocument]) -> set[str]:
    return {u for doc in docs for it in doc.items for u in it.units} | {u for doc in docs for u in doc.coordinating_units}


def scoped_units(query: Query, docs: Sequence[PolicyDocument]) -> Query:
    """The question with each unit it names resolved to the unit of the plans it names by place (``docs``): see
    the module's docstring. Unchanged when no plan is named, or the unit is one the plans name as it is."""
    if not docs:
        return query
    named = _named_by(docs)
    matches = list(query.matches)
    changed = False
    for n, m in enumerate(matches):
        if m.kind != "unit" or m.canonical in named:
            continue
        found = _by_english(m.alias, docs, body_word=False)[0] if m.alias.isascii() else _by_chinese(m.alias, docs)
        if found:
            matches[n] = Match("unit", found[0], m.alias)
            changed = True
    added = False
    if query.language == "en" and not any(m.kind == "unit" for m in matches):
        found, said = _by_english(query.text, docs)
        if found:
            matches.append(Match("unit", found[0], said))
            changed = added = True
    if not changed:
        return query
    units, terms = canonical_names(tuple(matches), "unit"), canonical_names(tuple(matches), "term")
    intents = set(intents_of(query.text, units, terms))
    if added and not UNIT_LOOKUP.search(query.text):
        intents.discard("unit_lookup")  # a unit said in English beside what is asked of it is no look-up by itself
    return replace(query, matches=tuple(matches), intents=frozenset(intents))
