"""Read a question: clean it, tell its language, match glossary units and terms, spot intents. Pure."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from assistant.corpus.records import Glossary
from assistant.language.lexicon import lexicon, pattern
from assistant.language.numerals import NUMERAL_CHARS, parse_number

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_TAG = re.compile(r"<[^>]{0,200}>")
_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\ufeff]")
_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")

# The language's facts live in assistant/language/data/*.yaml.
DEPARTMENT = pattern("intents", "department")
FIGURE = pattern("intents", "figure")
UNIT_LOOKUP = pattern("intents", "unit_lookup")
DOCUMENT = pattern("intents", "document")
DATE = pattern("intents", "date")
PLAN_WORD = pattern("intents", "plan_word")
QUESTION = pattern("questions", "question")
INSTRUCTION = pattern("questions", "instruction")
ROLE_PLAY = pattern("questions", "role_play")
ANAPHORA = pattern("dialogue", "anaphora")
TOPIC_CHANGE = pattern("dialogue", "topic_change")
_BRIEF = lexicon("dialogue")["brief"]
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


def _item_reference_pattern() -> re.Pattern[str]:
    items = lexicon("items")
    counters = "|".join(items["zh"]["counters"])
    nouns = "|".join(items["en"]["nouns"])
    ordinal_nouns = "|".join(items["en"]["ordinal_nouns"])
    ordinals = "|".join(sorted(items["en"]["ordinals"], key=len, reverse=True))
    return re.compile(
        rf"第\s*(?P<zh>[{NUMERAL_CHARS}\d]{{1,4}})\s*(?:{counters})"
        rf"|\b(?:{nouns})\s*#?\s*(?P<digits>\d{{1,3}})\b"
        rf"|\b(?P<nth>\d{{1,2}})(?:st|nd|rd|th) (?:{ordinal_nouns})"
        rf"|\b(?:the )?(?P<word>{ordinals}) (?:{ordinal_nouns})\b",
        re.IGNORECASE,
    )


_ITEM_REF = _item_reference_pattern()
_ORDINALS = {str(k).lower(): int(v) for k, v in lexicon("items")["en"]["ordinals"].items()}


def item_references(text: str) -> tuple[int, ...]:
    """Items named by number: 第七项, 第十一项, 第7项, item 7, the 7th item, the eleventh item."""
    refs: list[int] = []
    for m in _ITEM_REF.finditer(text):
        if m.group("word"):
            number: int | None = _ORDINALS.get(m.group("word").lower())
        else:
            number = parse_number(next(g for g in (m.group("zh"), m.group("digits"), m.group("nth")) if g))
        if number and number > 0 and number not in refs:
            refs.append(number)
    return tuple(refs)


@dataclass(frozen=True)
class Match:
    kind: str  # unit | term
    canonical: str
    alias: str


def canonical_names(matches: tuple[Match, ...], kind: str) -> tuple[str, ...]:
    """The distinct canonical names of one kind of match, in the order they occur."""
    return tuple(dict.fromkeys(m.canonical for m in matches if m.kind == kind))


@dataclass(frozen=True)
class Query:
    raw: str
    text: str  # cleaned, simplified, trimmed; what retrieval reads
    language: str
    truncated: bool
    matches: tuple[Match, ...] = ()
    years: tuple[int, ...] = ()
    injection: bool = False
    off_topic: tuple[str, ...] = ()
    limit: int = 0  # the length the question was cut to when truncated
    intents: frozenset[str] = field(default_factory=frozenset)
    item_refs: tuple[int, ...] = ()  # items the question names by number
    places: tuple[str, ...] = ()  # place names the question mentions (a county, a city), by part of speech
    instructs: bool = False  # only instructs the assistant (change the data, reply with a fixed string)
    # casts the assistant as someone with its limits lifted, or asks it to make up a policy or pass one off as official
    role_play: bool = False

    @property
    def units(self) -> tuple[str, ...]:
        return canonical_names(self.matches, "unit")

    @property
    def terms(self) -> tuple[str, ...]:
        return canonical_names(self.matches, "term")

    @cached_property
    def expanded(self) -> str:
        """The question with the policy's own words for what it mentions, for lexical and dense search."""
        extra = [t for t in (*self.terms, *self.units) if t not in self.text]
        return f"{self.text} {' '.join(extra)}".strip()

    @property
    def meaningful(self) -> bool:
        return bool(_CJK.search(self.text) or _LATIN_WORD.search(self.text))

    @property
    def points_back(self) -> bool:
        """Refers to what was said before (这个, it)."""
        return bool(ANAPHORA.search(self.text))

    @property
    def changes_subject(self) -> bool:
        """Says the person is moving to another subject (换个问题, by the way)."""
        return bool(TOPIC_CHANGE.search(self.text))

    @property
    def brief(self) -> bool:
        """Short enough to lean on the conversation when it names no subject of its own."""
        if self.language == "en":
            return len(_WORD.findall(self.text)) <= int(_BRIEF["en_words"])
        return len(self.text) <= int(_BRIEF["zh_chars"])

    @property
    def asks(self) -> bool:
        """Reads as a question or request (as opposed to a keyboard mash or a code fragment)."""
        return bool(QUESTION.search(self.text))


def clean(raw: str, limit: int) -> tuple[str, bool]:
    """Strip tags and control characters, normalise width and script; keep at most ``limit`` chars."""
    text = html.unescape(raw or "")
    text = _TAG.sub(" ", text)
    text = _CONTROL.sub(" ", text)
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", " ", text).strip()
    truncated = len(text) > limit
    if truncated:
        text = text[:limit]
    if _CJK.search(text):
        import zhconv

        text = zhconv.convert(text, "zh-hans")
    return text, truncated


def detect_language(text: str) -> str:
    cjk = len(_CJK.findall(text))
    words = len(_LATIN_WORD.findall(text))
    if cjk == 0:
        return "en" if words else "zh"
    return "en" if words * 2 >= cjk and words >= 3 else "zh"


class GlossaryMatcher:
    """Finds units and policy terms by any alias, longest first, whole words for Latin aliases."""

    def __init__(self, glossary: Glossary) -> None:
        entries: list[tuple[str, str, str]] = []
        for unit in glossary.units:
            entries += [(a, "unit", unit.name) for a in (unit.name, *unit.aliases)]
        # Chinese unit names long enough that one changed character still names them (团是委, 市民正局)
        self._unit_names = tuple(
            (a, unit.name) for unit in glossary.units for a in dict.fromkeys((unit.name, *unit.aliases)) if len(a) >= 3 and _all_cjk(a)
        )
        # The same names keyed by each one-character deletion: a window of the question that differs from a
        # name in one place k has the name's key for k (found by dict look-up, not by comparing every name).
        self._near_keys: dict[tuple[int, int, str], list[tuple[str, str]]] = {}
        for alias, canonical in self._unit_names:
            for k in range(len(alias)):
                self._near_keys.setdefault((len(alias), k, alias[:k] + alias[k + 1 :]), []).append((alias, canonical))
        self._near_lengths = sorted({len(a) for a, _ in self._unit_names})
        for syn in glossary.synonyms:
            entries += [(a, "term", syn.term) for a in (syn.term, *syn.aliases)]
        # Abbreviations of term names: a two-character word of an alias said by its first character alone (V+O for
        # VV+O, P+V for a passive P+VV). Taken only where the window is one of the question's words (or a passive
        # marker and the word after it) and the dictionary gives the lone character a sense of the two-character
        # word (a shared content word of their glosses).
        self._abbreviations = _abbreviations(tuple((syn.term, (syn.term, *syn.aliases)) for syn in glossary.synonyms))
        self._abbreviation_pattern = (
            re.compile("|".join(re.escape(a) for a in sorted(self._abbreviations, key=len, reverse=True))) if self._abbreviations else None
        )
        entries.sort(key=lambda e: len(e[0]), reverse=True)
        self._patterns = [
            (
                re.compile(rf"(?<![A-Za-z]){re.escape(a)}(?:s|es)?(?![A-Za-z])" if a.isascii() else re.escape(a), re.IGNORECASE),
                kind,
                canonical,
                a,
            )
            for a, kind, canonical in entries
            if a
        ]

    def find(self, text: str) -> tuple[Match, ...]:
        taken = [False] * len(text)
        found: list[tuple[int, Match]] = []
        for regex, kind, canonical, alias in self._patterns:
            for m in regex.finditer(text):
                if any(taken[m.start() : m.end()]):
                    continue
                taken[m.start() : m.end()] = [True] * (m.end() - m.start())
                found.append((m.start(), Match(kind, canonical, alias)))
        found += self._near_units(text, taken)
        found += self._abbreviated_terms(text, taken)
        return tuple(m for _, m in sorted(found, key=lambda p: p[0]))

    def _abbreviated_terms(self, text: str, taken: list[bool]) -> list[tuple[int, Match]]:
        """Term names said with their leading verb cut to its first character: see __init__."""
        if self._abbreviation_pattern is None:
            return []
        hits = [m for m in self._abbreviation_pattern.finditer(text) if not any(taken[m.start() : m.end()])]
        if not hits:
            return []
        import jieba

        words, at = {}, 0  # start -> end of each word
        for word in jieba.lcut(text):
            words[at] = at + len(word)
            at += len(word)
        out = []
        for m in hits:
            canonical, word = self._abbreviations[m.group()]
            end = words.get(m.start())
            # one word (拐孩子-like V+O), or a passive marker and the one word after it (P + V)
            whole = end == m.end() or (text[m.start() : end] in _PASSIVE and words.get(end) == m.end())
            if whole and _shares_sense(word[0], word):
                taken[m.start() : m.end()] = [True] * (m.end() - m.start())
                out.append((m.start(), Match("term", canonical, m.group())))
        return out

    def _near_units(self, text: str, taken: list[bool]) -> list[tuple[int, Match]]:
        """Unit names typed with one character changed: a same-sounding one (团是委, 市残连), or for a name of
        four or more characters any one inside it (not the place prefix nor the body type at either end).
        One unit only: a typo that could be two units is a ``unit?`` match naming both (the answer asks which),
        unless exactly one of them sounds the same where the typo is (under fuzzy pinyin, ming and min are one sound):
        a same-sound slip of the input method is the likelier reading, and it is taken."""
        guesses: dict[tuple[int, int], set[str]] = {}
        same_sound: dict[tuple[int, int], set[str]] = {}
        cjk = [bool(_CJK.match(c)) for c in text]
        for n in self._near_lengths:
            for i in range(len(text) - n + 1):
                if any(taken[i : i + n]) or not all(cjk[i : i + n]):
                    continue
                window = text[i : i + n]
                for k in range(n):
                    for alias, canonical in self._near_keys.get((n, k, window[:k] + window[k + 1 :]), ()):
                        if window[k] == alias[k]:
                            continue  # the name itself, not a typo of it
                        if k == 0 and i > 0 and cjk[i - 1]:
                            continue  # "这是公安": the first character belongs to the word before it
                        sounds = _fuzzy(_sound(window[k])) == _fuzzy(_sound(alias[k]))
                        if sounds or (n >= 4 and 0 < k < n - 1):
                            guesses.setdefault((i, i + n), set()).add(canonical)
                        if sounds:
                            same_sound.setdefault((i, i + n), set()).add(canonical)
        out: list[tuple[int, Match]] = []
        for (start, end), names in sorted(guesses.items(), key=lambda g: (g[0][0], g[0][0] - g[0][1])):
            if any(taken[start:end]):
                continue  # a longer guess here already
            taken[start:end] = [True] * (end - start)
            if len(names) > 1 and len(same_sound.get((start, end), ())) == 1:
                names = same_sound[(start, end)]
            kind = "unit" if len(names) == 1 else "unit?"
            out.append((start, Match(kind, "、".join(sorted(names)), text[start:end])))
        return out


def _all_cjk(text: str) -> bool:
    return all(_CJK.match(c) for c in text)


@lru_cache(maxsize=4096)
def _sound(char: str) -> str:
    """A character's syllable without tone (市 and 是 sound alike)."""
    from pypinyin import lazy_pinyin

    return lazy_pinyin(char)[0]


@lru_cache(maxsize=8)
def _abbreviations(synonyms: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, tuple[str, str]]:
    """Each abbreviation of the terms' Chinese names (see ``GlossaryMatcher``) -> (term, the two-character word
    it says by its first character). Worked out once per glossary (the names are cut by the tokenizer)."""
    import jieba

    names = {a for _, aliases in synonyms for a in aliases}
    out: dict[str, tuple[str, str]] = {}
    for term, aliases in synonyms:
        for alias in aliases:
            if len(alias) < 3 or not _all_cjk(alias):
                continue
            at = 0
            for word in jieba.lcut(alias, HMM=False):
                short = alias[: at + 1] + alias[at + 2 :]
                if len(word) == 2 and len(short) >= 2 and short not in names:
                    out.setdefault(short, (term, word))
                at += len(word)
    return out


@lru_cache(maxsize=1024)
def _shares_sense(char: str, word: str) -> bool:
    """The bilingual dictionary gives the character alone a sense of the word (偷: to steal; 偷窃: to steal):
    content words of their glosses overlap, words of function (to, sb, and) left out."""
    from assistant.language.bilingual import dictionary

    def senses(w: str) -> set[str]:
        found = {x for entry in dictionary().english(w) for gloss in entry for x in re.findall(r"[a-z]{3,}", gloss.lower())}
        return found - _GLOSS_FUNCTION_WORDS

    return bool(senses(char) & senses(word))


_PASSIVE = frozenset(lexicon("questions")["passive_markers"])
_GLOSS_FUNCTION_WORDS = frozenset(lexicon("questions")["gloss_function_words"])
_FUZZY = lexicon("questions")["fuzzy_pinyin"]


@lru_cache(maxsize=4096)
def _fuzzy(syllable: str) -> str:
    """A syllable as fuzzy pinyin reads it (ming -> min, zhi -> zi): see ``fuzzy_pinyin`` in questions.yaml."""
    for spelt, read in _FUZZY["initials"]:
        if syllable.startswith(spelt):
            syllable = read + syllable[len(spelt) :]
            break
    for spelt, read in _FUZZY["finals"]:
        if syllable.endswith(spelt):
            return syllable[: -len(spelt)] + read
    return syllable


def intents_of(text: str, units: tuple[str, ...], terms: tuple[str, ...]) -> frozenset[str]:
    intents = set()
    if DEPARTMENT.search(text):
        intents.add("department")
    if FIGURE.search(text):
        intents.add("figure")
    if units and (UNIT_LOOKUP.search(text) or not terms):
        intents.add("unit_lookup")
    if DOCUMENT.search(text) or (DATE.search(text) and PLAN_WORD.search(text) and not terms):
        intents.add("document")
    return frozenset(intents)


def understand(
    raw: str,
    matcher: GlossaryMatcher,
    *,
    limit: int,
    off_topic_terms: tuple[str, ...] = (),
    injection_patterns: tuple[re.Pattern[str], ...] = (),
) -> Query:
    text, truncated = clean(raw, limit)
    language = detect_language(text)
    matches = matcher.find(text)
    lowered = text.casefold()
    off_topic = tuple(t for t in off_topic_terms if t.casefold() in lowered)
    return Query(
        raw=raw,
        text=text,
        language=language,
        truncated=truncated,
        matches=matches,
        years=tuple(sorted({int(y) for y in _YEAR.findall(text)})),
        injection=any(p.search(text) for p in injection_patterns),
        off_topic=off_topic,
        limit=limit,
        intents=intents_of(text, canonical_names(matches, "unit"), canonical_names(matches, "term")),
        item_refs=item_references(text),
        places=place_names(text),
        instructs=only_instructs(text),
        role_play=bool(ROLE_PLAY.search(text)),
    )


def only_instructs(text: str) -> bool:
    """The message instructs the assistant (to change a plan's data, to reply with a fixed string) and asks
    nothing apart from that: what is left once the clauses carrying the instructions are taken out is no question."""
    if not INSTRUCTION.search(text):
        return False
    parts = [p for p in re.split(r"(?<=[，,。？?！!；;\n])|(?<=[A-Za-z]\.)\s+", text) if p.strip()]
    # "能不能把年龄改成30岁？" asks whether the plan could say otherwise: a question, not an instruction
    # (a question word inside the instruction itself, 其他什么都不要说, asks nothing)
    orders = [p for p in parts if INSTRUCTION.search(p) and not QUESTION.search(INSTRUCTION.sub(" ", p))]
    return bool(orders) and not any(QUESTION.search(p) for p in parts if p not in orders)


def place_names(text: str) -> tuple[str, ...]:
    """Place names a Chinese question mentions: jieba's place words (ns) with an administrative suffix.

    Which places the plans are for comes from the plans' own text, never from a list here.
    """
    if not _CJK.search(text):
        return ()
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    suffixes = tuple(lexicon("places")["suffixes"])
    return tuple(
        dict.fromkeys(
            w for w, flag in jieba.posseg.cut(text) if flag == "ns" and len(w) >= 2 and w.endswith(suffixes) and not w.startswith(suffixes)
        )
    )
