"""A document's own facts from its own text: title, issuer, 文号, date, year, place and level.

Pure. Works on the normalised text and its same-length simplified view (``view``), so traditional
characters are matched as simplified and returned as written. Nothing here names a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from assistant.corpus.text import simplified_view
from assistant.corpus.yamlfile import load_yaml_text

__all__ = [
    "DocumentFacts",
    "derive_facts",
    "division_level",
    "name_place",
    "name_year",
    "page_place",
    "place_of",
    "level_of",
    "written_place",
]

_CJK = "\u4e00-\u9fff"
_DOC_NUMBER = re.compile(rf"[{_CJK}]{{1,10}} ?[〔\[［(（] ?\d{{4}} ?[〕\]］)）] ?\d{{1,4}}[号號]")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日|(\d{4})-(\d{1,2})-(\d{1,2})")
_NOTICE = re.compile(r"关于印发\s*《?\s*(.+?)\s*》?\s*的通知")
_TITLE_END = re.compile(r"(方案|计划|意见|办法|规划|要点|分解|分解书|实事|细则|规定|规则|条例|章程|纲要|清单|任务|通知|决定|报告)$")


@cache
def _words() -> tuple[str, ...]:
    data = load_yaml_text(resources.files("assistant.corpus").joinpath("data/layout.yaml").read_text(encoding="utf-8"), "layout.yaml")
    return tuple(data["issuer_endings"])


@cache
def _issuer_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(a line that is an issuer, a 来源: field, an issuer before 关于, an issuer before a date), from data/layout.yaml."""
    ends = "|".join(_words())
    return (
        re.compile(rf"^([{_CJK}]{{2,24}}?(?:{ends}))(?:\s+[{_CJK}]{{2,24}}?(?:{ends}))*$"),
        re.compile(rf"(?:文章来源|来源|发布机构|发文机关)\s*[:：]\s*([{_CJK}]{{2,24}}?(?:{ends}))"),
        re.compile(rf"([{_CJK}]{{2,20}}?(?:{ends}))\s*关于"),
        re.compile(rf"([{_CJK}]{{2,20}}?(?:{ends}))\s+(\d{{4}}年\d{{1,2}}月\d{{1,2}}日)"),
    )


_PLACE = re.compile(rf"([{_CJK}]{{1,7}}?)(省|自治区|自治州|市|地区|盟|县|区|旗)")
_LEVELS = {"省": "province", "自治区": "province", "市": "city", "自治州": "city", "地区": "city", "盟": "city"}
_LEVELS |= {"县": "county", "旗": "county", "区": "district"}
# Words before 市/县/区 that are not a place name (全市, 各县区, 本区, 县城 …): grammar, not places.
_NOT_PLACE = re.compile(
    r"^(全|各|本|该|我|此|辖|城|市|县|区|省|乡|镇|村|社|街|新|老|上|下|两|多|分|地|景|园|矿|校|小|大|山|农|城乡|县区|市区|省市|市县)$"
)

_DETERMINERS = "全各本该我此辖每"  # "各县区", "全市": a determiner before a division word is no place name


@dataclass(frozen=True)
class DocumentFacts:
    title: str | None
    issuer: str | None
    doc_number: str | None
    issue_date: str | None
    year: int | None
    place: str | None
    level: str | None
    addressees: str | None


def level_of(suffix: str) -> str | None:
    return _LEVELS.get(suffix)


def _places(text: str, view: str) -> list[tuple[str, str]]:
    """Consecutive place names at the start of ``view`` (<city>市<district>区… -> both), as written."""
    found: list[tuple[str, str]] = []
    pos = 0
    while m := _PLACE.match(view, pos):
        name = m.group(1)
        if _NOT_PLACE.match(name) or any(w in name for w in ("关于", "政府", "印发", "年")):
            break
        found.append((text[m.start() : m.end()], m.group(2)))
        pos = m.end()
    return found


def place_of(name: str, view: str | None = None) -> tuple[str | None, str | None]:
    """The most specific place a name starts with: "<X>县<body>" -> ("<X>县", "county")."""
    view = view if view is not None else name
    cleaned = re.match(r"^[《\s\d年]*", view)
    start = cleaned.end() if cleaned else 0
    places = _places(name[start:], view[start:])
    # "(<province>)<city>…": a mirror page's parenthesised outer division before the place the name starts with
    if not places and (m := re.match(r"\(([^()]{2,12})\)\s*", view[start:])):
        outer = _places(name[start + 1 : start + m.end(1) + 1], m.group(1))
        inner = _places(name[start + m.end() :], view[start + m.end() :])
        places = inner if outer and inner else []
    if not places:
        return None, None
    place, suffix = places[-1]
    return place, level_of(suffix)


def _frequent_place(text: str, view: str) -> tuple[str | None, str | None]:
    """The place name (jieba's ``ns`` words ending in 省/市/县/区) written most often in the text."""
    import jieba.posseg

    counts: dict[str, int] = {}
    pos = 0
    for token in jieba.posseg.cut(view):
        word, flag = token.word, token.flag
        start = pos
        pos += len(word)
        if flag == "ns" and len(word) >= 2 and word[-1] in "省市县区" and not _NOT_PLACE.match(word[:-1]) and word[0] not in _DETERMINERS:
            written = text[start : start + len(word)]
            counts[written] = counts.get(written, 0) + 1
    if not counts:
        return None, None
    place = max(counts, key=lambda w: (counts[w], -len(w)))
    return place, level_of(simplified_view(place[-1]))


def _cited(view: str, start: int, end: int) -> bool:
    """A 文号 the text cites rather than its own: inside 《…》, or in parentheses right after a cited title
    ("《国务院关于…的意见》(国发〔2015〕23号)"), or after a citing verb (根据, 按照, 贯彻 …)."""
    if view[:start].count("《") > view[:start].count("》"):
        return True
    if before := view[max(0, start - 12) : start].rstrip(" (（"):
        if before.endswith("》"):
            return True
    bracket = start + next(i for i, ch in enumerate(view[start:end]) if ch in "〔[［(（")
    return bool(re.search(r"(根据|按照|依据|贯彻|落实|执行|参照)[^,，。;；\n]{0,10}$", view[max(0, start - 12) : bracket]))


def _letterhead(head: str, head_view: str) -> str | None:
    """The issuer printed as a letterhead, "<issuer>文件" followed by its 文号 ("<X>市人民政府文件<X>政〔…〕…号"),
    also when a flattened page put it inside a sentence: cut at the first place the gazetteer knows."""
    from assistant.language.gazetteer import gazetteer

    ends = "|".join(_words())
    for m in re.finditer(rf"([{_CJK}]{{2,30}}?(?:{ends}))文件\s*(?={_DOC_NUMBER.pattern})", head_view):
        candidate = m.group(1)
        found = [x for x in gazetteer().mentions(candidate) if any(not ch.isascii() for ch in x.said)]
        if found:
            return head[m.start(1) + found[0].start : m.end(1)]
    return None


def division_level(place: str | None, level: str | None) -> str | None:
    """A place's level as the gazetteer knows it where its suffix misleads: a 县级市 ("<X>市" whose division
    is at county level) is county level; any other place keeps the level its suffix gives."""
    from assistant.language.gazetteer import gazetteer

    if not place or level != "city":
        return level
    name = simplified_view(place)
    found = gazetteer().lookup(name)
    if len(found) == 1 and found[0].name == name and found[0].level == "county":
        return "county"
    if not found and len(renamed := gazetteer().as_listed(name)) == 1:
        return renamed[0].level  # a county made a 县级市 after the table was made is still at county level
    return level


def _inner_place(candidate: str, place: str) -> tuple[str | None, str | None]:
    """The most specific division the same title or issuer names inside the place found at its start
    ("<province>省<city>10件实事" names the city too): as written when written in full, else the gazetteer's name."""
    from assistant.language.gazetteer import gazetteer

    g = gazetteer()
    outer = g.lookup(simplified_view(place))
    if len(outer) != 1:
        return None, None
    view = simplified_view(candidate)
    inner = [
        (m, g.places[m.codes[0]])
        for m in g.mentions(view)
        if len(m.codes) == 1 and m.codes[0] != outer[0].code and g.contains(outer[0].code, m.codes[0])
    ]
    if not inner:
        return None, None
    m, found = max(inner, key=lambda mp: len(g.chain(mp[1].code)))
    written = candidate[m.start : m.end] if m.said == found.name else found.name
    return written, place_of(found.name)[1] or found.level


def written_place(name: str | None, text: str, view: str) -> str | None:
    """A gazetteer place as the document's own text writes it: the full name when the text has it, else its
    stem with a division suffix of its level ("<X>黎族苗族自治县" written "<X>县"); None when the text has neither."""
    from assistant.language.gazetteer import gazetteer

    if not name:
        return None
    found = gazetteer().lookup(simplified_view(name))
    if len(found) != 1:
        return None
    place = found[0]
    suffixes = {"county": "县旗市", "district": "区", "city": "市", "province": "省"}.get(place.level, "")
    stem = place.stem or place.short
    for form in (place.name, *(stem + s for s in suffixes if stem)):
        if (idx := view.find(form)) >= 0:
            return text[idx : idx + len(form)]
    return None


def _named_place(title: str) -> tuple[str | None, str | None]:
    """The one place a title names (by full name, a division the gazetteer knows uniquely), as written."""
    from assistant.language.gazetteer import gazetteer

    g = gazetteer()
    view = simplified_view(title)
    found = [(m, m.codes[0]) for m in g.mentions(view) if len(m.codes) == 1 and g.places[m.codes[0]].name == m.said]
    if len({c for _, c in found}) != 1:
        return None, None
    m, _ = found[0]
    return place_of(title[m.start : m.end], m.said)


def name_place(name: str | None) -> tuple[str | None, str | None]:
    """A place from a file name or a web address, for a document whose text names none: Chinese place
    names in it (percent-encoded ones decoded), or pinyin words ("neijiang-employment-opinion") that read
    as exactly one place. Ambiguous pinyin (two places read alike) never decides; nor do two places that
    do not contain one another. Returns the gazetteer's name and the level its suffix gives."""
    from urllib.parse import unquote

    from assistant.language.gazetteer import gazetteer

    if not name:
        return None, None
    g = gazetteer()
    text = simplified_view(unquote(name))
    codes: set[str] = set()
    for m in g.mentions(text):
        if any(not ch.isascii() for ch in m.said) and len(m.codes) == 1:
            codes.add(m.codes[0])
    if not codes:
        for word in re.findall(r"[a-z]+", text.lower()):
            places = g.by_pinyin(word)
            if len(places) == 1:
                codes.add(places[0].code)
    if not codes:
        return None, None
    inner = max(codes, key=lambda c: len(g.chain(c)))
    if not all(g.contains(c, inner) for c in codes):
        return None, None
    place = g.places[inner]
    return place.name, division_level(place.name, place_of(place.name)[1] or place.level)


def name_year(name: str | None) -> int | None:
    """The one year (19xx/20xx) a file name or web address states as a word of its own, for a document whose
    text states none ("<place>-2022-<topic>"); None when it states none or several."""
    years = set(re.findall(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])", name or ""))
    return int(years.pop()) if len(years) == 1 else None


def _unwrapped(title: str) -> str:
    """A title written whole inside one pair of 《》 (a page's <title>: 《…关于印发〈…〉的通知》) without them:
    answers put their own 《》 around a title."""
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1 and title.count("》") == 1:
        return title[1:-1].strip()
    return title


# List bullets pages print before a line (not the 、 or the numbering of an item): dropped from a title's start.
_BULLETS = "•‧∙·●○◦◆◇■□▪▫►▸▶➢→* \u3000\t"


_TITLE_CONTINUED = ("及", "以及", "和", "与")  # a line starting so continues the title line above it
_NOTICE_LINE = re.compile(r"(?m)^\s*[^\n]{0,40}?关于[^\n]{2,80}?的(?:通知|通告|公告|决定|意见)\s*$")


def _notice_year(head_view: str) -> int | None:
    """The year a notice line names as its own ("…关于分解落实《政府工作报告》2022年重点工作…的通知": the plan
    is for 2022, though the notice is dated 2021); a title cited inside 《》 names another document's year."""
    for m in _NOTICE_LINE.finditer(head_view):
        own = re.sub(r"《[^《》]*》", lambda c: " " * len(c.group(0)), m.group(0))
        if y := re.search(r"(?<![—\-~至到\d])((?:19|20)\d{2})年(?!\))", own):
            return int(y.group(1))
    return None


def derive_facts(text: str, view: str, head_end: int, title_hint: str | None = None) -> DocumentFacts:
    """Facts from the document head (text before the first item, ``head_end``), the whole text as fallback."""
    head, head_view = text[:head_end], view[:head_end]
    lines = [(text_line.strip(), view_line.strip()) for text_line, view_line in zip(head.split("\n"), head_view.split("\n"), strict=False)]

    title = None
    # a notice of this document, not one it cites inside 《…》
    notices = [m for m in _NOTICE.finditer(head_view) if head_view[: m.start()].count("《") <= head_view[: m.start()].count("》")]
    if notices:
        m = notices[0]
        title = re.sub(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])", "", head[m.start(1) : m.end(1)]).strip("《》 ")
        # a repeated notice line without spaces is the cleaner copy
        for m2 in notices:
            candidate = head[m2.start(1) : m2.end(1)].strip("《》 ")
            if " " not in candidate:
                title = candidate
                break
    if title is None:
        for i, (line, line_view) in enumerate(reversed(lines)):
            if 4 <= len(line) <= 80 and _TITLE_END.search(line_view.rstrip("。")) and not line_view.startswith(("各", "现将", "为")):
                title = line.strip("《》") if line.count("《") == 1 and line.startswith("《") and line.endswith("》") else line
                before = next((p for p, _ in reversed(lines[: len(lines) - 1 - i]) if p), "")
                if line_view.startswith(_TITLE_CONTINUED) and before and len(before) + len(line) <= 80:
                    title = before + title  # a title broken before its "及…" ("<X>重点工作" / "及<Y>分解方案")
                title = re.sub(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])", "", title)  # "<issuer> 关于…": one title
                break
    if title is None and title_hint:
        title = _unwrapped(title_hint.strip())
    if title is None:  # the first short line; not the 文号 printed above the title (盐池 2017 .docx) nor the
        # addressees ("各…:"), unless no other line is there (许昌 2020: the 文号 as the plan's name)
        short = [(line, view) for line, view in lines if 4 <= len(line) <= 80]
        plain = [line for line, view in short if not _DOC_NUMBER.fullmatch(view) and not view.endswith((":", "："))]
        title = plain[0] if plain else short[0][0] if short else None
    if title:  # a web page's list bullet before the title line ("• <issuer>关于…的通知", 新密 2021 .html) is no part of it
        title = title.lstrip(_BULLETS).strip() or title

    doc_number = None
    if m := next((m for m in _DOC_NUMBER.finditer(head_view) if not _cited(head_view, m.start(), m.end())), None):
        doc_number = head[m.start() : m.end()]

    issue_date = None
    issuer = None
    for i, (line, line_view) in enumerate(lines):
        # a run of "?" (or U+FFFD) after the date is characters the page could not encode, no part of it
        bare = line_view.rstrip("?\ufffd")
        m = _DATE.fullmatch(bare)
        if m and m.group(1):
            issue_date = line[: len(bare)]
            prev = next(((p, pv) for p, pv in reversed(lines[:i]) if p), None)
            if prev and _issuer_patterns()[0].match(prev[1]):
                issuer = prev[0]
            break
    if issuer is None:
        # flattened page: "<issuer> <date>" inside one line
        for m in _issuer_patterns()[3].finditer(head_view):
            issuer, issue_date = head[m.start(1) : m.end(1)], issue_date or head[m.start(2) : m.end(2)]
            break
    if issuer is None and (m := _issuer_patterns()[1].search(head_view)):
        issuer = head[m.start(1) : m.end(1)]
    if issuer is None:
        issuer = _letterhead(head, head_view)
    if issuer is None and (m := _issuer_patterns()[2].search(head_view)):
        candidate = head[m.start(1) : m.end(1)]
        if place_of(candidate, head_view[m.start(1) : m.end(1)])[0]:
            issuer = candidate
    if issue_date is None and (m := _DATE.search(head_view)):
        issue_date = head[m.start() : m.end()]

    year = None
    own_title = re.sub(r"《[^《》]*》", lambda c: " " * len(c.group(0)), title) if title else None  # a cited title's year is not its own
    if own_title and (m := re.search(r"(?<![—\-~至到])(\d{4})年(?!\))", own_title)):
        year = int(m.group(1))
    elif notice_year := _notice_year(head_view):
        year = notice_year
    elif doc_number and (m := re.search(r"\d{4}", doc_number)):
        year = int(m.group(0))
    elif issue_date and (m := re.search(r"\d{4}", issue_date)):
        year = int(m.group(0))

    place = level = None
    for candidate in (issuer, title):
        if candidate:
            idx = text.find(candidate)
            cview = view[idx : idx + len(candidate)] if idx >= 0 else candidate
            place, level = place_of(candidate, cview)
            if place:
                inner, inner_level = _inner_place(candidate, place)
                if inner:
                    place, level = inner, inner_level
                break
    if place is None and title:
        place, level = _named_place(title)  # "关于…<city>…的通告": a place the title names inside it
    if place is None:
        place, level = _frequent_place(text, view)

    level = division_level(place, level)
    addressees = next((line.rstrip(":：") for line, lv in lines if lv.startswith("各") and lv.endswith((":", "："))), None)
    return DocumentFacts(title, issuer, doc_number, issue_date, year, place, level, addressees)


def page_place(page: tuple[str, ...]) -> tuple[str | None, str | None]:
    """A web page's place from its own metadata (``LoadedText.page``: title, site name, header, footer),
    for a document whose text names none: the most specific division the gazetteer finds in the first
    of those strings that names one (an ambiguous name only when the page's other places settle it)."""
    from assistant.language.gazetteer import gazetteer

    g = gazetteer()
    views = [simplified_view(s) for s in page]
    everywhere = {c for v in views for m in g.mentions(v) for c in m.codes if len(m.codes) == 1}
    for text, view in zip(page, views, strict=True):
        places = []
        for m in g.mentions(view):
            if any(not ch.isascii() for ch in m.said):  # Chinese words only: pinyin in a page is not its place
                codes = m.codes if len(m.codes) == 1 else tuple(c for c in m.codes if any(p.code in everywhere for p in g.chain(c)[1:]))
                if len(codes) == 1:
                    places.append((m, g.places[codes[0]]))
        if places:
            m, place = max(places, key=lambda mp: len(g.chain(mp[1].code)))
            written = text[m.start : m.end] if m.said == place.name else place.name
            return written, division_level(written, place_of(place.name)[1] or place.level)
    return None, None
