"""Chinese words written in pinyin inside an English question ("the district fagaiju", "rencai gongyu").

English speakers write the plans' own words in pinyin when they know no English for them (a bureau by its short
name, a project by its slogan: rencai gongyu, ping gai guan). Such a word is nothing the bilingual dictionary knows, so it
reached neither the lexical search nor the coverage decision. Here a run of Latin words that is no English word and
spells, without tones or spaces, the syllables of a stretch of the plans' own text stands for that stretch.

The rule, pure (``romanised``): up to ``MAX_WORDS`` consecutive Latin words, joined, spell the syllables of two or
more Chinese characters of the text in a row; at least one of the words is no English word (``is_english``), and a
single word has at least ``MIN_LETTERS`` letters. The longest run wins; among several stretches spelt the same, the
one the text writes most often. The syllables come from the caller (``Spelling``), with an index of where each is.
"""

from __future__ import annotations

import contextvars
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["MAX_WORDS", "MIN_LETTERS", "SPELT", "Spelling", "romanised", "spelt"]

# The pinyin runs of the question being answered (lower case, one space between words) and the Chinese each spells:
# the bilingual look-ups of the lexical search and of the coverage decision render them so.
SPELT: contextvars.ContextVar[Mapping[str, tuple[str, ...]]] = contextvars.ContextVar("spelt", default=MappingProxyType({}))

MAX_WORDS = 4  # ping gai guan, zheng wu gong kai
MIN_LETTERS = 4  # a lone word shorter than this spells too many things (xi, an, bu)
_LATIN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_CJK = re.compile(r"[\u3400-\u9fff]")
_MAX_SYLLABLE = 6  # zhuang, shuang


@dataclass(frozen=True)
class Spelling:
    """A text, one syllable per character (``syllables``), and where each syllable is (``at``)."""

    text: str
    syllables: Sequence[str]
    at: Mapping[str, Sequence[int]]


def spelt(letters: str, spelling: Spelling) -> tuple[str, ...]:
    """The stretches of two or more Chinese characters of the text whose syllables, joined, are ``letters``
    (lower case, no spaces), most often written first. Pure."""
    found: Counter[str] = Counter()
    text, syllables = spelling.text, spelling.syllables
    for k in range(1, min(_MAX_SYLLABLE, len(letters)) + 1):
        head = letters[:k]
        for start in (i for key in {head, _umlaut(head)} for i in spelling.at.get(key, ())):
            rest, j = letters[k:], start + 1
            while rest and j < len(syllables) and _CJK.match(text[j]) and (n := _spells(rest, syllables[j])):
                rest, j = rest[n:], j + 1
            if not rest and j - start >= 2 and _CJK.match(text[start]):
                found[text[start:j]] += 1
    return tuple(w for w, _ in found.most_common())


def _umlaut(syllable: str) -> str:
    """lu/nu as pypinyin writes lü/nü (lv, nv): English writers drop the umlaut."""
    return syllable[0] + "v" + syllable[2:] if syllable[:2] in ("lu", "nu") and syllable[2:] in ("", "e", "n") else syllable


def _spells(letters: str, syllable: str) -> int:
    """How many letters of ``letters`` spell ``syllable`` at its start (0: it does not)."""
    if not syllable:
        return 0
    if letters.startswith(syllable):
        return len(syllable)
    plain = syllable.replace("v", "u")
    return len(plain) if plain != syllable and letters.startswith(plain) else 0


def romanised(text: str, spelling: Spelling, is_english: Callable[[str], bool]) -> tuple[tuple[int, int, str], ...]:
    """(start, end, Chinese) for each run of Latin words in ``text`` that spells a stretch of the plans' text.
    Pure."""
    words = [(m.start(), m.end(), m.group().lower()) for m in _LATIN.finditer(text)]
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        hit = None
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            run = words[i : i + n]
            if any(text[a[1] : b[0]].strip() for a, b in zip(run, run[1:], strict=False)):
                continue  # only spaces between the words of one run
            letters = "".join(w for _, _, w in run)
            if n == 1 and len(letters) < MIN_LETTERS:
                continue
            if all(is_english(w) for _, _, w in run):
                continue
            found = spelt(letters, spelling)
            if found:
                hit = (run[0][0], run[-1][1], found[0], n)
                break
        if hit is None:
            i += 1
            continue
        out.append(hit[:3])
        i += hit[3]
    return tuple(out)
