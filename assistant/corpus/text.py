"""Text normalisation for published plans: radical forms, NFKC, wrapped lines, traditional characters.

``normalise`` is what the layout parser reads and what answers quote. ``simplified_view`` is a
same-length simplified copy used only for matching, so that positions found in it slice the
original (traditional characters are matched as simplified and quoted as written).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

__all__ = [
    "drop_readings",
    "fold_radicals",
    "join_cjk_spaces",
    "join_wrapped_lines",
    "normalise",
    "simplified_view",
    "to_simplified",
]


@cache
def _radical_table() -> dict[int, str]:
    """Radical -> ideograph. Kangxi radicals fold through NFKC; the supplement comes from data."""
    table: dict[int, str] = {}
    for cp in range(0x2F00, 0x2FE0):
        folded = unicodedata.normalize("NFKC", chr(cp))
        if folded != chr(cp):
            table[cp] = folded
    text = resources.files("assistant.corpus").joinpath("data/radicals.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            radical, ideograph = line.split("\t")[2:4]
            table[ord(radical)] = ideograph
    return table


def fold_radicals(text: str) -> str:
    """⼀ ⼈ ⺠ ⻓ (radical code points PDF text layers produce) -> 一 人 民 长."""
    return text.translate(_radical_table())


# NFKC, except where it would lengthen punctuation that Chinese text uses as written (…… -> ......).
_KEEP = {"…", "‥"}


# A reading a copying site printed after a Chinese character, "就業(yè)", "實(shí)事": a pinyin syllable (Latin letters
# with a tone mark) in parentheses right after a CJK character. It is no part of the text: it splits the word it
# sits in (業 / (yè) / 務) for matching and quoting, so it is dropped. A syllable without a tone mark ("(a)",
# "(pdf)") is never taken for one.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_READING = re.compile(rf"(?<=[\u3400-\u9fff])\((?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,6}}\)")


def drop_readings(text: str) -> str:
    """``就業(yè)服務(wù)`` -> ``就業服務``: pinyin readings a mirror page inserted after characters (see _READING)."""
    return _READING.sub("", text) if "(" in text else text


_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


def join_cjk_spaces(name: str) -> str:
    """``市 X局`` -> ``市X局``: spaces between two Chinese characters inside one name (a unit name) are stray
    (a page that prints spaces inside words). Only for a span already known to be one name: between two names a
    space is a separator (the layout parser decides which, see layouts._stray_spaces_joined)."""
    return _CJK_SPACE.sub("", name)


def normalise(text: str) -> str:
    """Radical forms folded, NFKC (full-width ASCII and punctuation to half-width), line ends unified,
    pinyin readings a copying site inserted after characters dropped."""
    text = fold_radicals(text).replace("\r\n", "\n").replace("\r", "\n")
    if any(ch in text for ch in _KEEP):
        return drop_readings("".join(ch if ch in _KEEP else unicodedata.normalize("NFKC", ch) for ch in text))
    return drop_readings(unicodedata.normalize("NFKC", text))


@cache
def _simplified_char(ch: str) -> str:
    import zhconv

    out = zhconv.convert(ch, "zh-cn")
    return out if len(out) == 1 else ch


def simplified_view(text: str) -> str:
    """Character-by-character simplified copy of ``text`` (same length, so offsets carry over)."""
    if text.isascii():
        return text
    return "".join(_simplified_char(ch) if "\u3400" <= ch <= "\u9fff" else ch for ch in text)


def to_simplified(text: str) -> str:
    return simplified_view(text)


_SENTENCE_END = "。;:!?》」』”)】]"
_LINE_START_MARK = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.](?!\d)|第[一二三四五六七八九十百]+[条章]|——|[•·●])"
)
_LABEL_START = re.compile(r"^\s*(?:主要)?(?:牵头|责任|配合|协作|参与|协办|主办)(?:责任)?(?:单位|部门)")


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def join_wrapped_lines(text: str) -> str:
    """Join lines a fixed-width layout (PDF) broke inside a sentence or a unit name.

    A line is taken as wrapped when it is nearly as long as the longest lines, does not end a
    sentence, and the next line does not start an item or a unit label.
    """
    lines = text.split("\n")
    lengths = sorted(_width(line.strip()) for line in lines if line.strip())
    if not lengths:
        return text
    full = lengths[int(len(lengths) * 0.9)] if len(lengths) >= 5 else lengths[-1]
    out: list[str] = []
    previous = ""  # the previous physical line, as the layout broke it
    for line in lines:
        stripped = line.rstrip()
        if (
            out
            and previous.strip()
            and _width(previous.strip()) >= 0.9 * full
            and not previous.rstrip().endswith(tuple(_SENTENCE_END))
            and stripped.strip()
            and not _LINE_START_MARK.match(simplified_view(stripped))
            and not _LABEL_START.match(simplified_view(stripped))
        ):
            out[-1] = out[-1].rstrip() + stripped.strip()
        else:
            out.append(stripped)
        previous = stripped
    return "\n".join(out)
