"""China's administrative divisions as data: which words are places, where they are, what contains what.

The table is the one the ``cpca`` package ships (``cpca/resources/adcodes.csv``: 12-digit adcode, name,
lon, lat; provinces, prefecture-level cities and county-level divisions). It is read as a data file,
never by importing ``cpca`` (that would load pandas). Containment is the adcode prefix: a county
``PPCCXX000000`` lies in the city ``PPCC00000000`` (when the table has it) and the province
``PP0000000000``.

A place is named by its full name (兰山区) or by its stem without the administrative suffix (兰山), the
stem only when it has two characters or more, belongs to one place only, and is not an ordinary word
(jieba's dictionary tags it as something other than a name). In English, by the pinyin of the full
name or of the stem, followed by a level word ("Luozhuang District") or, for a capitalised stem that
only one place has, alone ("Luozhuang"). Pure: no place names here, the table is the knowledge.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata

from assistant.language.lexicon import lexicon

__all__ = ["Gazetteer", "Mention", "Place", "gazetteer", "pinyin", "place_stem"]

Level = str  # province | city | county | district

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")


@dataclass(frozen=True)
class Place:
    code: str  # 12-digit adcode
    name: str  # full name, simplified ("<X>区")
    level: Level
    parent: str | None  # adcode of the smallest place containing it (None for a province)
    stem: str  # the name without its administrative suffix ("" when that leaves under two characters)
    short: str = ""  # the name without its suffix, however short (the English name's pinyin)

    @property
    def english(self) -> str:
        """Pinyin with the level word: "<Xxx> District", "<Xxx> City" (also a county-level city), "<Xxx> County"."""
        words = lexicon("places").get("english_level_names") or {}
        level = "city" if self.name.endswith("市") else self.level
        return f"{pinyin(self.short or self.name).title()} {words.get(level, '')}".strip()


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    said: str  # the question's own words
    codes: tuple[str, ...]  # the places those words can be (several: an ambiguous name)


def _read_table() -> str:
    """The adcode table shipped in the cpca distribution, located without importing the package."""
    dist = metadata.distribution("cpca")
    for f in dist.files or ():
        if str(f).replace("\\", "/").endswith("cpca/resources/adcodes.csv"):
            return f.read_text(encoding="utf-8")
    raise FileNotFoundError("cpca/resources/adcodes.csv not found: pip install cpca==0.5.5")


def _read_nations() -> tuple[str, ...]:
    dist = metadata.distribution("cpca")
    for f in dist.files or ():
        if str(f).replace("\\", "/").endswith("cpca/resources/56_nations.csv"):
            return tuple(n.strip() for n in f.read_text(encoding="utf-8").splitlines() if n.strip())
    return ()


def _level(code: str, name: str) -> Level:
    if code[2:] == "0" * 10:
        return "province"
    if code[4:] == "0" * 8:
        return "city"
    return "district" if name.endswith("区") else "county"


@cache
def _all_suffixes() -> tuple[str, ...]:
    """Every administrative suffix the data lists (divisions' and towns'), longest first."""
    data = lexicon("places")
    return tuple(sorted({*(data.get("gazetteer_suffixes") or ()), *data["suffixes"]}, key=len, reverse=True))


@cache
def _nations() -> tuple[str, ...]:
    try:
        return _read_nations()
    except metadata.PackageNotFoundError:  # pragma: no cover - cpca is a dependency
        return ()


def place_stem(name: str) -> str:
    """THE place stem: a place name without its administrative suffix and, for an autonomous division,
    its nations (<X>县 -> <X>, <X>藏族羌族自治州 -> <X>, <X>镇 -> <X>); one character possible; the
    name itself when nothing would be left. Used for the gazetteer's own names, a plan's place (which
    words name it) and its English name."""
    return _stem(name, _nations(), _all_suffixes())


@cache
def pinyin(text: str) -> str:
    """THE pinyin of a name, lower case, syllables joined, read as simplified ("<X>縣" as "<X>县")."""
    from pypinyin import lazy_pinyin

    from assistant.corpus.text import simplified_view

    return "".join(lazy_pinyin(simplified_view(text))).lower()


def _stem(name: str, nations: tuple[str, ...], suffixes: tuple[str, ...]) -> str:
    """<X>县 -> <X>, <X><民族>自治州 -> <X> (one character possible)."""
    stem = name
    for suffix in suffixes:
        if stem.endswith(suffix) and len(stem) > len(suffix):
            stem = stem[: -len(suffix)]
            break
    if name.endswith(("自治区", "自治州", "自治县", "自治旗")) or stem.endswith("自治"):
        stem = stem.removesuffix("自治")
        changed = True
        while changed:  # "<X>藏族羌族" -> "<X>"
            changed = False
            for nation in sorted(nations, key=len, reverse=True):
                for form in (nation, nation.removesuffix("族")):
                    if len(form) >= 2 and stem.endswith(form) and len(stem) > len(form):
                        stem, changed = stem[: -len(form)], True
                        break
                if changed:
                    break
    return stem


def _ordinary(word: str, level: Level | None = None, most: dict[str, int] | None = None) -> bool:
    """A word jieba's dictionary knows as something other than a name (an ordinary word), or, for a
    level with a frequency limit (``bare_stem_max_frequency``), a word more frequent than that: a
    county stem as common as a verb (a "newly built" that is also a district's stem) needs its suffix."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    tag = jieba.posseg.dt.word_tag_tab.get(word)
    if tag is not None and not tag.startswith(("ns", "nr", "nz")):
        return True
    limit = (most or {}).get(level or "")
    if limit is None:
        return False
    jieba.initialize()
    return jieba.dt.FREQ.get(word, 0) > limit


class Gazetteer:
    """Places by adcode, the names that point at them, containment and mentions in a text."""

    def __init__(self, rows: Iterable[tuple[str, str]], nations: tuple[str, ...] = ()):
        data = lexicon("places")
        suffixes = tuple(sorted(data.get("gazetteer_suffixes") or data["suffixes"], key=len, reverse=True))
        rows = [(c.strip(), n.strip()) for c, n in rows if c.strip().isdigit() and _CJK.match(n.strip())]
        skip = set(data.get("gazetteer_not_places") or ())
        codes = {c for c, n in rows if n not in skip}
        self.places: dict[str, Place] = {}
        for code, name in rows:
            if code not in codes:
                continue
            level = _level(code, name)
            parent = None
            if level in ("county", "district"):
                parent = next((p for p in (code[:4] + "0" * 8, code[:2] + "0" * 10) if p in codes), None)
            elif level == "city":
                parent = code[:2] + "0" * 10 if code[:2] + "0" * 10 in codes else None
            short = _stem(name, nations, suffixes)
            stem = short if len(short) >= 2 else ""
            self.places[code] = Place(code, name, level, parent, stem, short)
        names: dict[str, set[str]] = {}
        stems: dict[str, set[str]] = {}
        for p in self.places.values():
            names.setdefault(p.name, set()).add(p.code)
            if p.stem:
                stems.setdefault(p.stem, set()).add(p.code)
        self._names = {n: tuple(sorted(c)) for n, c in names.items() if not _ordinary(n) and n not in skip}
        # a bare stem: one place only, not a full name of another place, not an ordinary word
        most = dict(data.get("bare_stem_max_frequency") or {})
        self._stems = {
            s: tuple(c)
            for s, c in stems.items()
            if len(c) == 1 and s not in self._names and not _ordinary(s, self.places[next(iter(c))].level, most)
        }
        self._longest = max((len(n) for n in (*self._names, *self._stems)), default=0)
        levels = sorted(data.get("english_levels") or (), key=len, reverse=True)
        self._en_level = "|".join(re.escape(w) for w in levels) or "(?!)"
        self._en: tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]] | None = None

    def _english_tables(self) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        """(pinyin of full names, pinyin of stems) -> adcodes; built at the first English text (pinyin is slow)."""
        if self._en is None:
            full: dict[str, set[str]] = {}
            stems: dict[str, set[str]] = {}
            for p in self.places.values():
                full.setdefault(pinyin(p.name), set()).add(p.code)
                stems.setdefault(pinyin(p.short), set()).add(p.code)
            self._en = ({k: tuple(sorted(v)) for k, v in full.items()}, {k: tuple(sorted(v)) for k, v in stems.items()})
        return self._en

    # -- look-ups ---------------------------------------------------------------------------------
    def lookup(self, name: str) -> tuple[Place, ...]:
        """The places a Chinese name (full, or an unambiguous stem) can be; () for a word that is none."""
        codes = self._names.get(name) or self._stems.get(name) or ()
        return tuple(self.places[c] for c in codes)

    def as_listed(self, name: str) -> tuple[Place, ...]:
        """The places a full name is, also for a "<X>市" the table does not list whose stem is one county there:
        a county made a 县级市 after the table was made (撤县设市) is that county."""
        found = self.lookup(name)
        if found or not name.endswith("市") or (stem := place_stem(name)) == name:
            return found
        counties = [p for suffix in ("县", "旗") for p in self.lookup(stem + suffix) if p.level == "county"]
        return tuple(counties) if len(counties) == 1 else ()

    def by_pinyin(self, word: str) -> tuple[Place, ...]:
        """The places whose full name, or stem of two characters or more, reads as this pinyin ("neijiang",
        "neijiangshi"); several when the reading is ambiguous (two places, or a name of one and a stem of another)."""
        en_full, en_stem = self._english_tables()
        key = word.lower()
        codes = dict.fromkeys((*en_full.get(key, ()), *(c for c in en_stem.get(key, ()) if self.places[c].stem)))
        return tuple(self.places[c] for c in codes)

    def chain(self, code: str) -> tuple[Place, ...]:
        """The place and every place containing it, smallest first."""
        out: list[Place] = []
        current: str | None = code
        while current is not None and current in self.places:
            out.append(self.places[current])
            current = self.places[current].parent
        return tuple(out)

    def contains(self, outer: str, inner: str) -> bool:
        """Whether ``inner`` is ``outer`` or lies inside it."""
        return any(p.code == outer for p in self.chain(inner))

    def distance(self, outer: str, inner: str) -> int | None:
        """How many levels up from ``inner`` ``outer`` is (0: the same place); None when it does not contain it."""
        return next((i for i, p in enumerate(self.chain(inner)) if p.code == outer), None)

    # -- mentions in a text -----------------------------------------------------------------------
    def mentions(self, text: str) -> tuple[Mention, ...]:
        """Places a (simplified) text names: Chinese names longest first, left to right, then English."""
        found: list[Mention] = []
        i = 0
        while i < len(text):
            hit = None
            for n in range(min(self._longest, len(text) - i), 1, -1):
                word = text[i : i + n]
                codes = self._names.get(word) or self._stems.get(word)
                if codes:
                    hit = Mention(i, i + n, word, codes)
                    break
            if hit is not None:
                found.append(hit)
                i = hit.end
            else:
                i += 1
        found.extend(self._english(text))
        return tuple(found)

    def _english(self, text: str) -> list[Mention]:
        out: list[Mention] = []
        if not re.search(r"[A-Za-z]{2}", text):
            return out
        en_full, en_stem = self._english_tables()
        for m in re.finditer(rf"\b([A-Za-z]+)\b(\s+(?:{self._en_level})\b)?", text, re.IGNORECASE):
            word, level = m.group(1), m.group(2)
            key = word.lower()
            codes = en_full.get(key, ())
            if not codes and key in en_stem:
                stem = en_stem[key]
                bare = len(stem) == 1 and len(self.places[stem[0]].stem) >= 2  # a stem of two characters or more
                if level or (word[:1].isupper() and bare):
                    codes = stem
            if codes and level:  # "<Xxx> City": the places of that level, when the name has one
                codes = tuple(c for c in codes if self.places[c].english.lower().endswith(level.strip().lower())) or codes
            if codes:
                end = m.end() if level else m.end(1)
                out.append(Mention(m.start(), end, text[m.start() : end], codes))
        return out


@cache
def gazetteer() -> Gazetteer:
    """The shipped table, read once."""
    table = _read_table()
    rows = [(r["adcode"], r["name"]) for r in csv.DictReader(io.StringIO(table))]
    return Gazetteer(rows, _read_nations())
