"""Derive the glossary from the plans themselves: every unit a clause names, its aliases and English name.

Aliases come from rules kept as data (``data/bodies.yaml``): the 市/县/区 prefix dropped or replaced by
the place name, and the short forms of each body type listed there. English names combine the body
type's English name with the plan's place (in pinyin) and level: "县<body>" in a plan about "<X>县"
-> "<X in pinyin> County <body in English>". ``corpus/glossary.yaml`` overrides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from assistant.corpus.records import Glossary, PolicyDocument, Unit
from assistant.corpus.text import drop_readings, simplified_view
from assistant.corpus.yamlfile import load_yaml_text

__all__ = [
    "body_canonical",
    "derive_glossary",
    "english_name",
    "for_document",
    "merge_glossaries",
    "place_english",
    "unit_aliases",
    "without_second_name",
]


@dataclass(frozen=True)
class _Body:
    zh: str
    en: str
    short: tuple[str, ...]


@dataclass(frozen=True)
class _Table:
    levels: dict[str, tuple[str, str]]  # level -> (prefix, English adjective)
    exact: dict[str, str]
    bodies: tuple[_Body, ...]  # longest first


@cache
def _table() -> _Table:
    text = resources.files("assistant.corpus").joinpath("data/bodies.yaml").read_text(encoding="utf-8")
    data = load_yaml_text(text, "assistant/corpus/data/bodies.yaml")
    levels = {k: (v["prefix"], v["en"]) for k, v in data["levels"].items()}
    bodies = tuple(_Body(b["zh"], b["en"], tuple(b.get("short") or ())) for b in data["bodies"])
    return _Table(levels, dict(data.get("exact") or {}), tuple(sorted(bodies, key=lambda b: -len(b.zh))))


def _pinyin(name: str) -> str:
    from assistant.language.gazetteer import pinyin

    return pinyin(name).capitalize()


def place_english(place: str | None, level: str | None) -> str:
    """A place and level in English: "<X>县"/county -> "<Xxian> County", "<X>市"/city -> "<X> Municipal".
    The place's stem (``gazetteer.place_stem``), the whole name when the stem is one character ("<X>县": <Xxian>)."""
    from assistant.language.gazetteer import place_stem

    if not place:
        return ""
    table = _table()
    prefix, adjective = table.levels.get(level or "", ("", ""))
    stem = place_stem(simplified_view(place))
    name = stem if len(stem) >= 2 else place
    return f"{_pinyin(name)} {adjective}".strip()


def _stem(place: str) -> str:
    from assistant.language.gazetteer import place_stem

    return place_stem(simplified_view(place))


def _view(name: str) -> str:
    """A unit name as questions write it: simplified, without the pinyin a mirror page prints after some characters
    (縣住房和城鄉(xiāng)建設局 -> 县住房和城乡建设局)."""
    return simplified_view(drop_readings(name))


def _split(name: str, level: str | None) -> tuple[str, str, _Body | None]:
    """(level prefix, own name, body type) of a unit name, matched on its simplified form."""
    view = _view(name)
    table = _table()
    body = next((b for b in table.bodies if view.endswith(b.zh)), None)
    rest = view[: len(view) - len(body.zh)] if body else view
    prefixes = {p for p, _ in table.levels.values()}
    if rest[:1] in prefixes:
        return rest[:1], rest[1:], body
    return "", rest, body


def body_canonical(view: str) -> str:
    """A simplified unit name with its body type written one way: the body table lists the forms of one body type
    (a full name, its short form, the name with 和/委员会), so two names differing only in that form read the same.
    The longest form the name ends with decides; a body's own name before another body's short form."""
    forms = _forms()
    for form in sorted((f for f in forms if view.endswith(f)), key=lambda f: -len(f))[:1]:
        return view[: len(view) - len(form)] + forms[form]
    return view


@cache
def _forms() -> dict[str, str]:
    """Every written form of a body type -> one name standing for the type (its English name in the table)."""
    table = _table()
    out: dict[str, str] = {}

    def kind(body: _Body) -> str:  # a name with {place} (one per level prefix) is told apart by its level: its own name
        return body.zh if "{place}" in body.en else body.en

    for body in table.bodies:  # own names first: a form that is one body's name stands for that body
        out.setdefault(body.zh, kind(body))
    for body in table.bodies:
        for short in body.short:
            out.setdefault(short, kind(body))
    return out


def english_name(name: str, place: str | None, level: str | None) -> str:
    """English name of a unit a plan names, from the body-type table, the plan's place and level (a merged
    office's bracketed second name left out)."""
    name = without_second_name(name)
    table = _table()
    view = _view(name)
    if view in table.exact:
        return table.exact[view]
    prefix, own, body = _split(name, level)
    if body is None:
        return _pinyin(name)
    levels_by_prefix = {p: lvl for lvl, (p, _) in table.levels.items()}
    unit_level = levels_by_prefix.get(prefix) or (levels_by_prefix.get(body.zh[1]) if body.zh.startswith("团") else None)
    adjective = table.levels.get(unit_level or "", ("", ""))[1]
    if unit_level and unit_level == level and place:
        where = place_english(place, level)
    elif own and place and simplified_view(place).startswith(own):
        where = place_english(place, level)
        own = ""
    else:
        where = adjective
    own_en = _pinyin(own) if own else ""
    if "{place}" in body.en:
        text = body.en.replace("{place}", " ".join(p for p in (where, own_en) if p))
    else:
        text = " ".join(p for p in (where, own_en, body.en) if p)
    return " ".join(text.split())


# A unit name carrying its second name in brackets ("<level><body>(<other body>)": one office, two names).
_SECOND_NAME = re.compile(r"^(?P<name>[^()（）]{2,})[(（][^()（）]{2,}[)）]$")


def without_second_name(name: str) -> str:
    """A unit name without the second name a merged office carries in brackets: "<level><body>(<other body>)" -> "<level><body>"."""
    m = _SECOND_NAME.match(name)
    return m.group("name") if m else name


def unit_aliases(name: str, place: str | None, level: str | None) -> tuple[str, ...]:
    """Other ways to write a unit: without the level prefix, with the place name, with short forms; a name with
    its second name in brackets also as its first name alone (and that name's other forms)."""
    first = without_second_name(name)
    if first != name:
        return tuple(dict.fromkeys((first, *unit_aliases(first, place, level))))
    prefix, own, body = _split(name, level)
    view = _view(name)
    if body is None:
        return ()
    table = _table()
    levels_by_prefix = {p: lvl for lvl, (p, _) in table.levels.items()}
    same_place = bool(prefix and levels_by_prefix.get(prefix) == level and place)
    forms = [body.zh, *body.short]
    out: list[str] = []
    for form in forms:
        core = own + form
        candidates = [prefix + core] if prefix else [core]
        if prefix and own == "":
            candidates.append(core)  # the body without its 县/市/区 prefix
        if same_place:
            candidates.append(simplified_view(place or "") + core)
            stem = _stem(place or "")
            if len(stem) >= 2 and stem != simplified_view(place or ""):  # the place said without its 县/市/区
                candidates.append(stem + core)
        for c in candidates:
            if c != view and c not in out and len(c) >= 2:
                out.append(c)
    return tuple(out)


def derive_glossary(documents: tuple[PolicyDocument, ...]) -> Glossary:
    """One Unit per distinct unit name the documents' clauses (and issuers) name; ambiguous aliases dropped."""
    found: dict[str, tuple[str | None, str | None]] = {}
    places: dict[str, set[str | None]] = {}
    for doc in documents:
        names = [u for it in doc.items for u in it.units] + list(doc.coordinating_units) + (doc.issuer.split() if doc.issuer else [])
        # a county-level city (县级市) names its own units 市X and is "<X> City" in English: its units are named
        # as a city's, whatever its administrative level
        naming = "city" if doc.place and simplified_view(doc.place).endswith("市") and doc.level == "county" else doc.level
        for name in names:
            found.setdefault(name, (doc.place, naming))
            places.setdefault(name, set()).add(doc.place)
    units: list[Unit] = []
    claims: dict[str, set[str]] = {}
    aliases_of: dict[str, tuple[str, ...]] = {}
    for name, (place, level) in found.items():
        if len(places[name]) > 1:
            place = None  # the same name in plans of different places: no place in its English name
        aliases = unit_aliases(name, place, level)
        aliases_of[name] = aliases
        for alias in aliases:
            claims.setdefault(alias.casefold(), set()).add(name)
    for name, (place, level) in found.items():
        if len(places[name]) > 1:
            place = None
        en = english_name(name, place, level)
        aliases = [a for a in aliases_of[name] if claims[a.casefold()] == {name} and a not in found]
        if _view(name) != name and _view(name) not in found and _view(name) not in aliases:
            aliases.insert(0, _view(name))  # questions are read as simplified Chinese
        if en.casefold() not in claims:
            aliases.append(en.casefold())
        units.append(Unit(name=name, en=en, aliases=tuple(aliases)))
    return Glossary(units=tuple(units), synonyms=())


def merge_glossaries(override: Glossary, derived: Glossary) -> Glossary:
    """corpus/glossary.yaml first and whole; derived units it does not list, minus aliases it claims."""
    taken = {a.casefold() for u in override.units for a in (u.name, *u.aliases)}
    listed = {u.name for u in override.units}
    extra = []
    for unit in derived.units:
        if unit.name in listed:
            continue
        aliases = tuple(a for a in unit.aliases if a.casefold() not in taken)
        taken |= {a.casefold() for a in aliases} | {unit.name.casefold()}
        extra.append(Unit(unit.name, unit.en, aliases))
    return Glossary(units=override.units + tuple(extra), synonyms=override.synonyms, place=override.place)


def for_document(glossary: Glossary, doc: PolicyDocument) -> Glossary:
    """The glossary as one plan's answers name its units in English: a plan of another place than the one the
    hand-written names are for (``glossary.place``) names every unit it has from its own place and level
    (a city bureau of another city is named after that city, not the override's)."""
    if not glossary.place or not doc.place or simplified_view(doc.place) == simplified_view(glossary.place):
        return glossary
    return _localised(glossary, doc)


@lru_cache(maxsize=256)
def _localised(glossary: Glossary, doc: PolicyDocument) -> Glossary:
    own = {u.name: u.en for u in derive_glossary((doc,)).units}
    units = tuple(Unit(u.name, own[u.name], u.aliases) if u.name in own else u for u in glossary.units)
    return Glossary(units=units, synonyms=glossary.synonyms, place=glossary.place)
