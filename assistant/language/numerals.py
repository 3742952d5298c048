"""The one Chinese numeral parser: item numbers (十一、), ages (四十二岁), years (二〇二二), digits.

Pure and dependency-free; every other module imports from here.
"""

from __future__ import annotations

import unicodedata

__all__ = ["NUMERAL_CHARS", "chinese_numeral", "parse_number", "to_chinese"]

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4}
_DIGITS |= {"五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}

# Characters a Chinese numeral is written with, for building regexes: f"[{NUMERAL_CHARS}]+".
NUMERAL_CHARS = "零〇一二两三四五六七八九十百千"


def chinese_numeral(text: str) -> int:
    """Value of a numeral below 10000: 一 十 十一 二十 二十三 一百零五 两千, 二〇二二, 12, １２.

    Raises ValueError for anything else (so callers can say which line was wrong).
    """
    token = unicodedata.normalize("NFKC", text or "").strip()
    if not token:
        raise ValueError("empty numeral")
    if token.isascii() and token.isdigit():
        return int(token)
    if all(ch in _DIGITS for ch in token):
        if len(token) == 1:
            return _DIGITS[token]
        if "两" in token:
            raise ValueError(f"not a Chinese numeral: {text!r}")
        return int("".join(str(_DIGITS[ch]) for ch in token))  # positional: 二〇二二
    total, current, last_unit = 0, None, 10_000
    for ch in token:
        if ch in _DIGITS:
            if current is not None and current != 0:
                raise ValueError(f"not a Chinese numeral: {text!r}")  # 二三十
            current = _DIGITS[ch]
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit >= last_unit:
                raise ValueError(f"not a Chinese numeral: {text!r}")  # 十十, 十百
            if current == 0:
                raise ValueError(f"not a Chinese numeral: {text!r}")
            total += (1 if current is None else current) * unit
            current, last_unit = None, unit
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + (current or 0)


def parse_number(text: str) -> int | None:
    """chinese_numeral, or None when the text is not a numeral."""
    try:
        return chinese_numeral(text)
    except ValueError:
        return None


_WRITE = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """1 -> 一, 11 -> 十一, 20 -> 二十, 105 -> 一百零五 (0 <= n < 10000), as plans number their items."""
    if not 0 <= n < 10_000:
        raise ValueError(f"out of range: {n}")
    if n < 10:
        return _WRITE[n]
    if n < 20:
        return "十" + (_WRITE[n % 10] if n % 10 else "")
    out, zero = "", False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero and out:
                out += "零"
            out += _WRITE[d] + name
            zero = False
        else:
            zero = True
        if n == 0:
            break
    return out
