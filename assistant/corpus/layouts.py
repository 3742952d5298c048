"""Items and unit clauses in the layouts plans are published in, wherever they start.

Numbering: ``一、`` ``(一)`` ``1.``/``1、`` ``(1)`` ``第一条`` and inline ``一是…二是…``, at a line start or
mid-line in a page flattened to one line; nested items keep their parent. Unit clauses:
``(牵头单位:X;责任单位:Y)`` (or in square brackets, or 共同责任单位), ``责任单位:X`` on its own line (its first unit
leading when the document says so: "(首位单位为牵头单位,下同)"), a heading "X牵头工作(8项)" leading the tasks under it, ``牵头单位:X 配合单位:Y``, ``X牵头,Y配合`` (or 参加, 负责),
``(X、Y负责)`` / ``(X、Y等相关部门按职责分工负责)`` (no lead; "等相关部门" names no unit), and responsibility tables (target | 主要责任单位 | 责任单位). A document with no items
becomes numbered paragraphs (sections). Pure: ``LoadedText`` in, ``PolicyDocument`` out, never raising.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from assistant.corpus.metadata import derive_facts
from assistant.corpus.parsing import extract_figures, extract_target_groups
from assistant.corpus.reading import LoadedText, Table
from assistant.corpus.records import PolicyDocument, PolicyItem, Section
from assistant.corpus.text import join_cjk_spaces, normalise, simplified_view
from assistant.corpus.yamlfile import load_yaml_text
from assistant.language.numerals import NUMERAL_CHARS, chinese_numeral, to_chinese

__all__ = ["parse_layout", "parse_unit_text"]

_N = f"[{NUMERAL_CHARS}]{{1,6}}"
# Kinds in the order official documents nest them; a kind nests only under kinds before it.
_RANK = {"tiao": 0, "yi": 1, "paren": 2, "arabic": 3, "paren_arabic": 4, "shi": 5}
_MARKERS = {
    "tiao": re.compile(rf"第({_N})条\s*"),
    "yi": re.compile(rf"({_N})\s*、\s*"),
    "paren": re.compile(rf"\(\s*({_N})\s*\)\s*"),
    "arabic": re.compile(r"(\d{1,3})\s*[.、](?![\d.])\s*"),
    "paren_arabic": re.compile(r"\(\s*(\d{1,2})\s*\)\s*"),
    "shi": re.compile(rf"({_N})是"),
}
# "11.121人才梯队项目": at a line start, a number may follow the marker (a decimal never stands there as the
# next number of a running sequence; _sequence takes such a marker only as exactly the next number)
_ARABIC_BEFORE_DIGIT = re.compile(r"(?m)^[ \t]*(\d{1,3})\.(?=\d)")
_BOUNDARY = set("\n 。;:!?)】》”|")
_SHI_BOUNDARY = _BOUNDARY | set(",、")


def _read_layout_words() -> dict:
    """The layout words of data/layout.yaml (language facts: clause labels, unit endings, join verbs, conjunctions)."""
    text = resources.files("assistant.corpus").joinpath("data/layout.yaml").read_text(encoding="utf-8")
    return load_yaml_text(text, "layout.yaml")


def _clause_label() -> str:
    """A unit-clause label (牵头单位, 主要责任单位, 协同责任单位 …) from its parts in data/layout.yaml clause_labels."""
    words = _read_layout_words()["clause_labels"]
    parts = [f"(?:{'|'.join(map(re.escape, words[k]))})" for k in ("qualifiers", "roles", "duties", "kinds")]
    return f"{parts[0]}?{parts[1]}{parts[2]}?{parts[3]}"


_LABEL = _clause_label()
# one level of parentheses may stand inside: "(牵头单位:X;责任单位:各乡(镇、街道))", or a reading a mirror page
# printed after a character of a unit name, "(责任单位:县住房和城乡(xiāng)建设局)" (the name is kept as written)
_PAREN_CLAUSE = re.compile(rf"\(\s*({_LABEL}\s*:(?:[^()]|\([^()]*\))*?)\s*\)\s*[。.;]?")
# the same in square brackets, where unit names may carry parentheses: "[牵头单位:X;责任单位:各街办(新区)]"
_BRACKET_CLAUSE = re.compile(rf"[\[【]\s*({_LABEL}\s*:[^\[\]【】\n]*?)\s*[\]】]\s*[。.;]?")
_LINE_CLAUSE = re.compile(rf"(?:^|(?<=[\n。;\s]))({_LABEL}\s*:[^\n]*)")
# the label glued to the words before it, the clause running to the line's end: "(一)X牵头责任部门:Y" (Y a unit name)
# (taken only when what follows the colon reads as a list of unit names)
_GLUED_CLAUSE = re.compile(rf"({_LABEL}\s*:([^\n]*))")
_CLAUSE_PART = re.compile(rf"({_LABEL})\s*:\s*(.*?)\s*(?=[,;\s]*{_LABEL}\s*:|$)", re.DOTALL)
_UNIT_SPLIT = re.compile(r"[、,;\s]+")
_WRAPPER = re.compile(
    r"^\s*(初审编辑|责任编辑|编辑|相关新闻|推荐阅读|来源|打印本页|打印|关闭窗口|关闭|分享到|扫一扫|监督方式|版权所有|主办单位|网站标识码|附件|抄送|\(此件公开发布\))"
)
_LEAD_WORDS = ("牵头", "主办")
# "附件:1. X" (a notice's list of attached files) and the further names under it ("2. Y"), each one short line
_SECTION_ROW = re.compile(rf"^\s*({_N})\s*、\s*")
_ATTACHMENT_LIST = re.compile(r"(?m)^\s*附件\s*:\s*\d{1,2}\s*[.、].{0,60}$")
_ATTACHMENT_NAME = re.compile(r"^\s*\d{1,2}\s*[.、][^\n(:;。]{0,60}$")


@dataclass
class _Marker:
    start: int
    end: int
    kind: str
    value: int
    key: str = ""
    parent: str | None = None
    depth: int = 0
    run: int = 0
    line_start: bool = False
    skipped: int = 0  # numbers skipped before this one (一、 then 三、): kept, with a warning
    before_digit: bool = False  # "11.121…": taken only as exactly the next number
    line_head: bool = False  # only spaces before it on its line (an indented line start)


@dataclass
class _Units:
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    clauses: list[tuple[int, int]] = field(default_factory=list)  # spans in the segment

    def add(self, units: list[str], lead: bool) -> None:
        target = self.lead if lead else self.responsible
        target.extend(u for u in units if u not in target)


def _split_units(text: str, original: str) -> list[str]:
    """Unit names in a clause body, as written (``original`` is the same span unsimplified)."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    for idx, piece in _pieces(text):
        # "X等相关部门" closes the list: the words after 等 name no unit
        piece = _list_closer().sub("", piece)
        bare = piece.strip(" 。.等")
        offset = idx + len(piece) - len(piece.lstrip(" 。.等"))
        if bare in _layout_words()["bare_division_words"] and spans and text[spans[-1][0]] == "各":
            # "各<division>、<division word>": 各 governs the bare division word after it too; one entry, as written
            spans[-1] = (spans[-1][0], offset + len(bare))
            out[-1] = original[spans[-1][0] : spans[-1][1]]
            continue
        for a, b in _conjoined(bare):
            unit = join_cjk_spaces(original[offset + a : offset + b].strip(" 。.等"))
            if 2 <= len(unit) <= 40 and unit not in out:
                out.append(unit)
                spans.append((offset + a, offset + b))
    return out


def _pieces(text: str) -> list[tuple[int, str]]:
    """(offset, piece) between list separators (、,; spaces) outside parentheses: "各县(市、区)政府" is one name."""
    out: list[tuple[int, str]] = []
    depth, start = 0, 0
    for i, ch in enumerate(text + "、"):
        if ch in "(（[【":
            depth += 1
        elif ch in ")）]】":
            depth = max(depth - 1, 0)
        elif depth == 0 and _UNIT_SPLIT.fullmatch(ch):
            if i > start:
                out.append((start, text[start:i]))
            start = i + 1
    if depth:  # an unclosed parenthesis (a cut text): every separator splits
        out, pos = [], 0
        for piece in _UNIT_SPLIT.split(text):
            if piece and (idx := text.find(piece, pos)) >= 0:
                out.append((idx, piece))
                pos = idx + len(piece)
    return _dun_inside_names(text, _stray_spaces_joined(text, out))


def _dun_inside_names(text: str, pieces: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """In a list whose entries are parted by commas or semicolons, a 、 after words that are no unit name by
    themselves lies inside one name: "各<division>、<division><government>", "<X>、<Y><zone>", "各<d1>、<d2>、<d3><government>"
    (the 、 lists the kinds of division or the places the one name covers). A 、 after a unit name ("市X局、市Y局")
    still parts two."""
    if not any(text[a + len(p) : b].strip() in (",", ";") for (a, p), (b, _) in zip(pieces, pieces[1:], strict=False)):
        return pieces
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(pieces):
        start, piece = pieces[i]
        j = i
        # words that are no unit name, then 、, … up to the first piece with which together they read as one
        while j + 1 < len(pieces) and not _is_unit_name(pieces[j][1]):
            end, nxt = pieces[j + 1]
            if text[pieces[j][0] + len(pieces[j][1]) : end].strip() != "、":
                break
            j += 1
            if _is_unit_name(text[start : end + len(nxt)]):
                out.append((start, text[start : end + len(nxt)]))
                i = j + 1
                break
        else:
            out.append((start, piece))
            i += 1
            continue
        if i <= j:  # no name read as one: the pieces stay as they were
            out.append((start, piece))
            i += 1
    return out


def _is_unit_name(piece: str) -> bool:
    bare = piece.strip(" 。.等")
    return len(bare) >= 2 and bool(_unit_end().search(bare))


def _stray_spaces_joined(text: str, pieces: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Join two pieces that only a space parts when the space is a stray one inside a unit name.

    Some pages carry spaces inside words ("责任单位: 市 X局 、Y规划 局、…、<place> 山管委 会", the 新密 2021 notice
    as returned by http://henan.kjzch.com/zhengzhou/2021-03-30/775911.html). Two space-parted pieces are one name
    when one of them is no unit name by itself, together they read as one, and one of them is a fragment of at most
    two characters (市, 局, a two-character place name, 会). Two unit names parted by a space ("市X局 市Y委") stay
    two, and so does a longer piece before a name ("各县区 市X局").
    """
    out: list[tuple[int, str]] = []
    for idx, piece in pieces:
        if out:
            prev_idx, prev = out[-1]
            gap = text[prev_idx + len(prev) : idx]
            merged = text[prev_idx : idx + len(piece)]
            if (
                gap.strip() == ""
                and (not _is_unit_name(prev) or not _is_unit_name(piece))
                and min(len(prev.strip()), len(piece.strip())) <= 2
                and _is_unit_name(merged)
            ):
                out[-1] = (prev_idx, merged)
                continue
        out.append((idx, piece))
    return out


@cache
def _layout_words() -> dict:
    return _read_layout_words()


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _unit_end() -> re.Pattern[str]:
    """How a unit name ends (data/layout.yaml): a "(X、Y负责)" list is taken for units only if each does."""
    return re.compile("(" + _alternation(_layout_words()["unit_endings"]) + ")$")


@cache
def _list_closer() -> re.Pattern[str]:
    """等 and a generic word that closes a unit list ("…、Y等相关部门"), data/layout.yaml list_closers."""
    return re.compile(r"\s*等\s*(?:" + _alternation(_layout_words()["list_closers"]) + r")\s*$")


@cache
def _unit_conjunction() -> re.Pattern[str]:
    return re.compile(_alternation(_layout_words()["unit_conjunctions"]))


@cache
def _lead_join() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The clause "(X、Y牵头,Z配合)" in parentheses, and the same at the end of a sentence without them.

    The units before a lead verb lead; those before a support verb (配合, 参加, 负责 …, optionally after a
    duty phrase such as 按职责分工) take part. Verbs and phrases are data (data/layout.yaml).
    """
    words = _layout_words()
    lead = _alternation(words["lead_verbs"])
    support = f"(?:{_alternation(words['duty_phrases'])})?(?:{_alternation(words['support_verbs'])})"
    paren = re.compile(rf"\(([^()]{{2,120}}?)(?:{lead})\s*[,;、]\s*([^()]{{2,160}}?){support}\)\s*[。.;]?")
    bare = re.compile(rf"([^。;:,()\n]{{2,60}}?)(?:{lead})\s*[,;]\s*([^。;:()\n]{{2,160}}?){support}\s*[。.;]?\s*$")
    return paren, bare


@cache
def _first_leads() -> re.Pattern[str]:
    """The document's own statement that the first unit of each unit list leads (data/layout.yaml):
    a position word (列第一位, 首位 …), a few characters, 为, a few characters, a lead word (牵头单位 …),
    optionally "或…单位" ("列第一位者为工作牵头单位或汇总单位")."""
    words = _layout_words()
    position = _alternation(words["first_listed_positions"])
    lead = _alternation(words["first_listed_lead_words"])
    return re.compile(rf"(?:{position})[^,;。()\n]{{0,4}}?为[^,;。()\n]{{0,4}}?(?:{lead})(?:或[^,;。()\n]{{1,8}}?单位)?")


@cache
def _first_leads_aside() -> re.Pattern[str]:
    """That statement as an aside in parentheses inside a unit list: "(首位单位为牵头单位,下同)"."""
    return re.compile(rf"\(\s*(?:{_first_leads().pattern})(?:\s*[,;]\s*下同)?\s*\)")


@cache
def _section_lead() -> re.Pattern[str]:
    """A heading naming the lead of the tasks under it: "X牵头工作(8项)" (data/layout.yaml)."""
    phrases = _alternation(_layout_words()["section_lead_phrases"])
    return re.compile(rf"^\s*([^,;。:()\n]{{2,30}}?)(?:{phrases})\s*(?:\(\s*\d{{1,3}}\s*[项条个件]\s*\))?\s*[。:]?\s*$")


@cache
def _own() -> re.Pattern[str]:
    """The clause "(X、Y负责)" (or "(X、Y按职责分工负责)"), optionally carrying the convention "列第一位者为牵头单位,下同" inside the parentheses."""
    duty = _alternation(_layout_words()["duty_phrases"])
    return re.compile(rf"\(([^()]{{2,200}}?)(?:{duty})?负责(?:\s*[,;]\s*(?:{_first_leads().pattern})(?:\s*[,;]\s*下同)?)?\)\s*[。.;]?")


def _conjoined(piece: str) -> list[tuple[int, int]]:
    """Spans of the unit names in one list piece: split on a conjunction only when every part is a unit."""
    spans, start = [], 0
    for m in _unit_conjunction().finditer(piece):
        left = piece[start : m.start()]
        if len(left) >= 2 and _unit_end().search(left):
            spans.append((start, m.start()))
            start = m.end()
    rest = piece[start:]
    if spans and len(rest) >= 2 and _unit_end().search(rest):
        return spans + [(start, len(piece))]
    return [(0, len(piece))]


def _is_unit_list(text: str) -> bool:
    parts = [p.strip(" 。.等") for p in _UNIT_SPLIT.split(text) if p.strip(" 。.等")]
    return bool(parts) and all(_unit_end().search(p) and len(p) <= 30 for p in parts)


def parse_unit_text(view: str, text: str, *, first_listed_leads: bool = False) -> _Units:
    """Every unit clause in one item's own text (``view`` simplified, ``text`` as written, same length).

    ``first_listed_leads``: the document states that the first unit of each "(X、Y负责)" clause leads.
    """
    units = _Units()
    taken: list[tuple[int, int]] = []
    # the statement that the first unit leads, as an aside inside a unit list, is no unit: blank it out
    # (same length, so offsets still match ``text``)
    stated = bool(_first_leads_aside().search(view))
    first_listed_leads = first_listed_leads or stated
    view = _first_leads_aside().sub(lambda m: " " * len(m.group(0)), view)
    text = "".join(" " if view[i] == " " and text[i] != " " else ch for i, ch in enumerate(text))

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def parts(body_start: int, body: str) -> None:
        found = list(_CLAUSE_PART.finditer(body))
        labels_lead = [any(w in p.group(1) for w in _LEAD_WORDS) or p.group(1).startswith("主要责任") for p in found]
        for part, lead in zip(found, labels_lead, strict=True):
            a, b = body_start + part.start(2), body_start + part.end(2)
            named = _split_units(view[a:b], text[a:b])
            if first_listed_leads and not any(labels_lead):
                # no lead label in this clause, and the document says the first listed unit leads
                units.add(named[:1], True)
                named = named[1:]
            units.add(named, lead)

    for m in list(_PAREN_CLAUSE.finditer(view)) + list(_BRACKET_CLAUSE.finditer(view)):
        if not free(m.start(), m.end()):
            continue
        parts(m.start(1), m.group(1))
        taken.append((m.start(), m.end()))
    for m in _LINE_CLAUSE.finditer(view):
        if free(m.start(), m.end()):
            parts(m.start(1), m.group(1))
            taken.append((m.start(), m.end()))
    for m in _GLUED_CLAUSE.finditer(view):
        if free(m.start(), m.end()) and _is_unit_list(m.group(2).rstrip(" 。.;")):
            parts(m.start(1), m.group(1))
            taken.append((m.start(), m.end()))
    paren_join, bare_join = _lead_join()
    for m in list(paren_join.finditer(view)) + list(bare_join.finditer(view)):
        if free(m.start(), m.end()) and _is_unit_list(m.group(1)) and _is_unit_list(m.group(2)):
            units.add(_split_units(m.group(1), text[m.start(1) : m.end(1)]), True)
            units.add(_split_units(m.group(2), text[m.start(2) : m.end(2)]), False)
            taken.append((m.start(), m.end()))
    for m in _own().finditer(view):
        if free(m.start(), m.end()) and _is_unit_list(m.group(1)):
            named = _split_units(m.group(1), text[m.start(1) : m.end(1)])
            if first_listed_leads or _first_leads().search(m.group(0)):
                units.add(named[:1], True)
                named = named[1:]
            units.add(named, False)
            taken.append((m.start(), m.end()))
    units.clauses = sorted(taken)
    return units


def _attachment_lists(view: str) -> list[tuple[int, int]]:
    """Spans of a notice's list of attachments ("附件:1. X分解表" and the numbered names on the lines after it):
    the names of attached files, not items of the plan."""
    spans: list[tuple[int, int]] = []
    for m in _ATTACHMENT_LIST.finditer(view):
        end = m.end()
        for line in re.finditer(r"(?m)^.*$", view[end + 1 :]):
            if not _ATTACHMENT_NAME.match(line.group(0)):
                break
            end = end + 1 + line.end()
        spans.append((m.start(), end))
    return spans


def _markers(view: str, kinds: tuple[str, ...]) -> list[_Marker]:
    found: list[_Marker] = []
    attachments = _attachment_lists(view)
    for kind in kinds:
        boundary = _SHI_BOUNDARY if kind == "shi" else _BOUNDARY
        for m in _MARKERS[kind].finditer(view):
            if m.start() > 0 and view[m.start() - 1] not in boundary:
                continue
            if any(a <= m.start() < b for a, b in attachments):
                continue
            try:
                value = chinese_numeral(m.group(1))
            except ValueError:
                continue
            head = not view[view.rfind("\n", 0, m.start()) + 1 : m.start()].strip()
            found.append(_Marker(m.start(), m.end(), kind, value, line_start=m.start() == 0 or view[m.start() - 1] == "\n", line_head=head))
    if "arabic" in kinds:
        for m in _ARABIC_BEFORE_DIGIT.finditer(view):
            if not any(a <= m.start() < b for a, b in attachments):
                found.append(_Marker(m.start(1), m.end(), "arabic", int(m.group(1)), line_start=True, before_digit=True))
    found.sort(key=lambda mk: (mk.start, _RANK[mk.kind]))
    # one marker per position (第一条 beats 一、 inside it, etc.)
    out: list[_Marker] = []
    for mk in found:
        if out and mk.start < out[-1].end:
            continue
        out.append(mk)
    return out


def _sequence(markers: list[_Marker], open_start: bool = False) -> list[_Marker]:
    """Keep markers that continue a numbering (1, 2, 3 … under the same parent); assign keys and runs.

    ``open_start``: a top-level numbering may start at any number at a line start (a reposted part of a plan
    whose items run on from an earlier page: "204." "205." …); each such start opens a new run.
    """
    stack: list[_Marker] = []
    accepted: list[_Marker] = []
    last: dict[str, int] = {}  # the last accepted number of each kind
    run = 0
    for mk in markers:
        same = next((i for i, s in enumerate(stack) if s.kind == mk.kind), None)
        if mk.before_digit and not (
            (same is not None and mk.value == stack[same].value + 1) or (same is None and last.get(mk.kind) == mk.value - 1)
        ):
            continue
        if same is not None:
            if mk.value == stack[same].value + 1:
                del stack[same:]
            elif mk.line_start and stack[same].value + 1 < mk.value <= stack[same].value + 3:
                mk.skipped = mk.value - stack[same].value - 1
                del stack[same:]
            elif (mk.value == 1 or (open_start and mk.line_head and mk.kind in _OPEN_KINDS)) and same == 0:
                run += 1
                stack.clear()
            else:
                continue
        else:
            # numbering that runs on through the whole plan (1.-8. under 二、(一), then 9. under (二)):
            # the next number of a kind already closed by a new parent continues under that parent
            continues = bool(stack) and last.get(mk.kind) == mk.value - 1 and _RANK[stack[-1].kind] < _RANK[mk.kind]
            opens = open_start and not stack and mk.line_head and mk.kind in _OPEN_KINDS
            if mk.value != 1 and not continues and not opens:
                continue
            while stack and _RANK[stack[-1].kind] >= _RANK[mk.kind]:
                stack.pop()
            if not stack:
                run += 1 if accepted else 0
        parent = stack[-1] if stack else None
        mk.parent = parent.key if parent else None
        mk.key = f"{parent.key}.{mk.value}" if parent else str(mk.value)
        mk.depth = len(stack)
        mk.run = run
        stack.append(mk)
        accepted.append(mk)
        last[mk.kind] = mk.value
    return accepted


# numberings a reposted part of a plan may start partway through (run-on item numbers)
_OPEN_KINDS = ("yi", "arabic")


def _line_of(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


def _title(body: str, kind: str) -> str:
    stops = r"[,;。\n]" if kind == "shi" else r"[。;\n]"
    return re.split(stops, body.strip(), maxsplit=1)[0].strip().rstrip(":")


def _flat(text: str) -> str:
    return re.sub(r"\s*\n\s*", "", text).strip()


def _choose_run(markers: list[_Marker], view: str) -> list[_Marker]:
    runs: dict[int, list[_Marker]] = {}
    for mk in markers:
        runs.setdefault(mk.run, []).append(mk)
    if not runs:
        return []
    ordered = sorted(runs)

    def score(run: int) -> tuple[int, int, int]:
        members = runs[run]
        nxt = next((runs[r][0].start for r in ordered if r > run), len(view))
        span = view[members[0].start : nxt]
        has_units = _has_units(span)
        return (int(has_units), len(members), run)

    return runs[max(ordered, key=score)]


def _is_heading(line: str) -> bool:
    """A section heading's words after its number ("指导思想", "工作目标"): short, no sentence punctuation."""
    line = line.strip()
    return 2 <= len(line) <= 20 and not re.search(r"[。;,:!?、]", line)


def _lone_heading(view: str, mk: _Marker) -> bool:
    """A plan's only numbered heading, "一、指导思想" on its own line with a paragraph under it (a page cut off
    after its first section): one item, though no second number or unit clause confirms the numbering."""
    if mk.kind not in ("yi", "tiao") or mk.value != 1 or not mk.line_start:
        return False
    lines = view[mk.end :].split("\n")
    return len(lines) >= 2 and _is_heading(lines[0]) and len(lines[1].strip()) >= 20


def _has_units(span: str) -> bool:
    return bool(_PAREN_CLAUSE.search(span) or _BRACKET_CLAUSE.search(span) or _LINE_CLAUSE.search(span) or _own().search(span))


def _segments(view: str, chosen: list[_Marker], region_end: int) -> list[tuple[_Marker, int]]:
    return [(mk, chosen[i + 1].start if i + 1 < len(chosen) else region_end) for i, mk in enumerate(chosen)]


def _cell_units(cells: list[str], col: int | None) -> list[str]:
    if col is None:
        return []
    return _split_units(simplified_view(cells[col]), cells[col])


_HEADER_UNIT = re.compile(r"^(.*?)\s*\(\s*([^()\d\s]{1,4})\s*\)\s*$")  # "年度投资金额 (万元)": the unit of its column


def _detail(header: str, cell: str) -> str:
    """One described cell, "header:cell"; a bare number under a header that states its unit ("年度投資金額 (萬元)")
    carries the unit, so 1360 reads as the figure 1360萬元."""
    cell = cell.rstrip("。")
    if not header:
        return cell
    if (m := _HEADER_UNIT.match(header)) and re.fullmatch(r"\d+(?:\.\d+)?", cell):
        return f"{m.group(1)}:{cell}{m.group(2)}"
    return f"{header}:{cell}"


@cache
def _table_headers() -> dict[str, re.Pattern[str]]:
    """How a responsibility table's header cells are read (data/layout.yaml table_* words): which column holds
    the lead units, the units taking part, the group, the row number, the target and the row's name."""
    words = _layout_words()
    lead, resp = _alternation(words["table_lead_words"]), _alternation(words["table_responsible_words"])
    unit = _alternation(words["table_unit_words"])
    return {
        "units": re.compile(f"(?:{lead}|{resp})(?:{unit})"),
        "lead": re.compile(lead),
        "resp": re.compile(f"(?:{resp})(?:{unit})"),
        "group": re.compile(_alternation(words["table_group_words"])),
        "number": re.compile(rf"\s*(?:{_alternation(words['table_number_words'])})\s*"),
        "target": re.compile(_alternation(words["table_target_words"])),
        "name": re.compile(f"(?:{_alternation(words['table_name_endings'])})$"),
    }


def _aligned(cells: list[str], width: int, number_col: int | None, above: list[str] | None) -> list[str]:
    """A row's cells placed under the header's columns. A row with fewer cells than the header (after the
    reader expanded the spans it could see) either lacks merged cells the page did not span, or was cut
    short. When its last cell reads as the unit column it ends the table with (unit names, or a mark such as
    "/" for none), it lacks merged cells: its own row number stays in the number column, its other cells keep
    their places counted from the right, and the missing columns are read as merged with the row above.
    Otherwise (a row cut after its first cells) the cells keep their places from the left."""
    if len(cells) >= width or above is None or not cells or not _reads_as_units(cells[-1]):
        return cells + [""] * (width - len(cells))
    lead = 1 if number_col == 0 and re.fullmatch(r"\d{1,3}", cells[0]) else 0
    missing = width - len(cells)
    return cells[:lead] + above[lead : lead + missing] + cells[lead:]


def _reads_as_units(cell: str) -> bool:
    """A cell of unit names only ("区卫健局", "各乡镇(街道)"), or a mark for none ("/", "—")."""
    view = simplified_view(cell)
    units = _split_units(view, cell)
    if not units:
        return bool(view.strip()) and not re.search(r"\w", view)
    return all(u.startswith("各") or _unit_end().search(re.sub(r"\s*\([^()]*\)$", "", simplified_view(u))) for u in units)


def _table_items(tables: tuple[Table, ...], source: str) -> list[PolicyItem]:
    """Items from responsibility tables: target | 主要责任单位 | 责任单位 (an optional 领域 column groups them);
    the header words are data (data/layout.yaml table_*)."""
    items: list[PolicyItem] = []
    heads = _table_headers()
    for table in tables:
        header_index = next((i for i, row in enumerate(table) if any(heads["units"].search(simplified_view(c)) for c in row)), None)
        if header_index is None:
            continue
        header = [simplified_view(normalise(c)) for c in table[header_index]]
        lead_col = next((i for i, h in enumerate(header) if heads["lead"].search(h)), None)
        resp_cols = [i for i, h in enumerate(header) if heads["resp"].search(h) and i != lead_col]
        group_col = next((i for i, h in enumerate(header) if heads["group"].search(h)), None)
        # a column of row numbers (序号 | target | 责任单位): the row's number, not its target
        number_col = next((i for i, h in enumerate(header) if heads["number"].fullmatch(h)), None)
        target_col = next(
            (i for i, h in enumerate(header) if heads["target"].search(h) and i not in (lead_col, group_col, number_col, *resp_cols)),
            None,
        )
        if target_col is None:
            target_col = next((i for i in range(len(header)) if i not in (lead_col, group_col, number_col, *resp_cols)), None)
        if target_col is None or (lead_col is None and not resp_cols):
            continue
        # a name column (项目名称 | … | 建设内容): the row's title is its name; the other cells describe it
        name_col = next(
            (i for i, h in enumerate(header) if heads["name"].search(h) and i not in (lead_col, group_col, number_col, *resp_cols)), None
        )
        detail_cols = [i for i in range(len(header)) if i not in (lead_col, group_col, number_col, name_col, *resp_cols)]
        rows: list[dict] = []
        above: list[str] | None = None
        for row in table[header_index + 1 :]:
            filled = [normalise(c).strip() for c in row if normalise(c).strip()]
            if len(filled) == 1 and (sm := _SECTION_ROW.match(simplified_view(filled[0]))):
                # a section heading spanning the table ("一、X" in one merged cell): the rows under it nest under it
                try:
                    rows.append({"section": chinese_numeral(sm.group(1)), "label": filled[0][sm.end() :].strip()})
                except ValueError:
                    pass
                else:
                    continue
            cells = _aligned([normalise(c).strip() for c in row], len(header), number_col, above)
            above = cells
            target = cells[target_col] if name_col is None else cells[name_col]
            details = ""
            if name_col is not None:
                shown = [(normalise(table[header_index][i]).strip(), cells[i]) for i in detail_cols if i < len(cells) and cells[i]]
                details = ";".join(_detail(h, c) for h, c in shown)
            if not target and not any(cells):
                continue
            if number_col is not None and re.fullmatch(r"\d{1,3}", cells[number_col]) and not re.match(r"\d{1,3}\s*[.、]", target):
                target = f"{cells[number_col]}.{target}"
            rows.append(
                {
                    "group": cells[group_col] if group_col is not None else "",
                    "target": target,
                    "lead": _cell_units(cells, lead_col),
                    "resp": [u for c in resp_cols for u in _cell_units(cells, c)],
                    "details": details,
                }
            )
        # groups: a 领域 cell, or numbering restarting at 1
        groups: list[list[dict]] = []
        labels: list[str] = []
        group_keys: list[int | None] = []  # a section row's own number, else None (the group's place)
        last_number = 0
        for row in rows:
            if "section" in row:
                groups.append([])
                labels.append(row["label"])
                group_keys.append(row["section"])
                continue
            m = re.match(r"(\d{1,3})\s*[.、]", row["target"])
            number = int(m.group(1)) if m else None
            # a group cell merged down several rows (read repeated in each) keeps its rows in one group
            if not groups or (row["group"] and row["group"] != labels[-1]) or (number == 1 and last_number >= 1):
                groups.append([])
                labels.append(row["group"])
                group_keys.append(None)
            groups[-1].append(row)
            if number:
                last_number = number
        grouped = len(groups) > 1 or any(labels)

        def add(key: str, parent: str | None, title: str, text: str, lead: list[str], resp: list[str]) -> None:
            body = text
            clause = ""
            if lead or resp:
                parts = ([f"主要责任单位:{'、'.join(lead)}"] if lead else []) + ([f"责任单位:{'、'.join(resp)}"] if resp else [])
                clause = "(" + ";".join(parts) + ")"
            depth_key = key
            items.append(
                PolicyItem(
                    number=len(items) + 1,
                    numeral=depth_key,
                    title=title,
                    text=_flat(text) + clause,
                    body=_flat(body),
                    unit_clause=clause,
                    lead_units=tuple(lead),
                    responsible_units=tuple(resp),
                    figures=extract_figures(_flat(body)),
                    target_groups=extract_target_groups(simplified_view(_flat(body))),
                    line=0,
                    key=key,
                    parent=parent,
                )
            )

        for g, (label, members, own) in enumerate(zip(labels, groups, group_keys, strict=False), start=1):
            g = own or g
            prefix = f"{g}." if grouped else ""
            if grouped:
                add(str(g), None, _title(label, "yi") if own else label, label, [], [])
            current: str | None = None
            sub = 0
            for i, row in enumerate(members):
                target = row["target"]
                m = re.match(r"(\d{1,3})\s*[.、]\s*", target)
                follows = i + 1 < len(members) and members[i + 1]["target"].startswith("——")
                if m:
                    current, sub = f"{prefix}{m.group(1)}", 0
                    head, _, rest = target[m.end() :].partition("——")
                    if follows and rest:
                        add(current, prefix.rstrip(".") or None, _title(head, "arabic"), head, [], [])
                        sub += 1
                        child = "——" + rest
                        add(f"{current}.{sub}", current, _title(rest.split("——")[0], "arabic"), child, row["lead"], row["resp"])
                    else:
                        text = target[m.end() :] + ("。" + row["details"] if row.get("details") else "")
                        add(current, prefix.rstrip(".") or None, _title(head, "arabic"), text, row["lead"], row["resp"])
                elif target.startswith("——") and current:
                    sub += 1
                    add(f"{current}.{sub}", current, _title(target.lstrip("—").split("——")[0], "arabic"), target, row["lead"], row["resp"])
    return items


def parse_layout(loaded: LoadedText, doc_id: str) -> PolicyDocument:
    """Any common layout -> PolicyDocument. Never raises: what is not understood becomes a warning."""
    source = loaded.path
    text = normalise(loaded.text)
    view = simplified_view(text)
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    warnings: list[str] = []

    first_listed_leads = bool(_first_leads().search(view))
    kinds = ("tiao", "yi", "paren", "arabic", "paren_arabic")
    chosen = _choose_run(_sequence(_markers(view, kinds)), view)
    if len(chosen) < 2:
        shi = _choose_run(_sequence(_markers(view, ("shi",))), view)
        if len(shi) >= 2:
            chosen = shi
    if len(chosen) < 2:
        # no numbering from 1: a part of a plan reposted from partway through ("204." "205." …), taken only as
        # a run of at least two consecutive numbers at line starts whose text carries unit clauses
        opened = _choose_run(_sequence(_markers(view, kinds), open_start=True), view)
        if len(opened) >= 2 and _has_units(view[opened[0].start :]):
            chosen = opened
    if len(chosen) < 2 and not any(mk.depth for mk in chosen):
        lone = bool(chosen) and (
            parse_unit_text(view[chosen[0].start :], text[chosen[0].start :]).clauses or _lone_heading(view, chosen[0])
        )
        chosen = chosen if lone else []

    items: list[PolicyItem] = []
    table_items = _table_items(loaded.tables, source)
    wrapper = next(
        (m.start() for m in re.finditer(r"(?m)^.*$", view) if _WRAPPER.match(m.group(0)) and chosen and m.start() > chosen[-1].start),
        len(view),
    )
    region_end = wrapper
    top = [mk for mk in chosen if mk.depth == 0]
    extra = len(top)
    closing_start = region_end
    for i, (mk, end) in enumerate(_segments(view, chosen, region_end)):
        seg_view, seg_text = view[mk.end : end], text[mk.end : end]
        units = parse_unit_text(seg_view, seg_text, first_listed_leads=first_listed_leads)
        if i == len(chosen) - 1:
            # the last item ends with its unit clause (or its paragraph); what follows is the closing
            if units.clauses:
                cut = units.clauses[-1][1]
                nl = seg_view.find("\n", cut)
                cut = nl if nl >= 0 and (mk.kind == "shi" or _LINE_CLAUSE.search(seg_view[units.clauses[-1][0] : cut + 1])) else cut
            else:
                nl = seg_view.find("\n")
                if nl >= 0 and _is_heading(seg_view[:nl]):  # a heading line: the item is the paragraph under it
                    after = seg_view.find("\n", nl + 1)
                    nl = after if after >= 0 else len(seg_view)
                cut = nl if nl >= 0 and (mk.kind == "shi" or not mk.depth) and mk.kind != "tiao" else len(seg_view)
            closing_start = mk.end + cut
            seg_view, seg_text = seg_view[:cut], seg_text[:cut]
        body_parts, pos = [], 0
        for a, b in units.clauses:
            body_parts.append(seg_text[pos:a])
            pos = b
        body_parts.append(seg_text[pos:])
        body = _flat("".join(body_parts)).rstrip(" ,;")
        clause_text = "".join(_flat(seg_text[a:b]) for a, b in units.clauses)
        if mk.depth == 0:
            number, numeral = mk.value, to_chinese(mk.value) if mk.kind != "arabic" else str(mk.value)
        else:
            extra += 1
            number, numeral = extra, mk.key
        if mk.kind in ("yi", "paren", "tiao", "shi") and mk.depth == 0:
            numeral = to_chinese(mk.value)
        line = _line_of(starts, mk.start)
        items.append(
            PolicyItem(
                number=number,
                numeral=numeral,
                title=_title("".join(body_parts), mk.kind),
                text=_flat(text[mk.start : mk.end] + seg_text),
                body=body,
                unit_clause=clause_text,
                lead_units=tuple(units.lead),
                responsible_units=tuple(units.responsible),
                figures=extract_figures(body),
                target_groups=extract_target_groups(simplified_view(body)),
                line=line,
                key=mk.key,
                parent=mk.parent,
            )
        )
    items = _printed_numbers(items, chosen)
    items = _section_leads(items)
    if table_items:
        offset = max((it.number for it in items), default=0)
        if items:
            table_items = [_renumber(it, offset) for it in table_items]
        items.extend(table_items)

    head_end = chosen[0].start if chosen else len(text)
    facts = derive_facts(text, view, head_end, loaded.title)
    if not chosen and not table_items:
        head_end = len(text)
    closing = "\n".join(line.strip() for line in text[closing_start:region_end].split("\n") if line.strip()) if chosen else ""

    # Text outside the items is indexed too, paragraph by paragraph: the whole text when no item was
    # recognised, else the notice and introduction before the first item (who met, when, how chosen).
    sections: list[Section] = []
    if not items:
        warnings.append(f"{source}: no numbered items recognised; indexed as paragraphs")
    section_end = len(text) if not items else (chosen[0].start if chosen else 0)
    for m in re.finditer(r"(?m)^.*$", text[:section_end]):
        line_text = m.group(0).strip()
        if len(line_text) < (6 if not items else 12) or _WRAPPER.match(view[m.start() : m.end()].strip()) or line_text == facts.title:
            continue
        sections.append(Section(len(sections) + 1, line_text, _line_of(starts, m.start())))
    for mk in chosen:
        if mk.skipped:
            expected = to_chinese(mk.value - mk.skipped) if mk.kind != "arabic" else str(mk.value - mk.skipped)
            warnings.append(f"{source}:{_line_of(starts, mk.start)}: item {mk.key} is out of sequence: expected item {expected} before it")
    for it in items:
        if not it.units and not any(c.parent == (it.key or str(it.number)) for c in items):
            warnings.append(f"{source}:{it.line}: item {it.key or it.number} names no responsible unit")

    title = facts.title or doc_id
    preamble = "\n".join(line.strip() for line in text[:head_end].split("\n") if line.strip()) if chosen else ""
    return PolicyDocument(
        doc_id=doc_id,
        title=title,
        issuer=facts.issuer,
        doc_number=facts.doc_number,
        issue_date=facts.issue_date,
        year=facts.year,
        source=source,
        preamble=preamble,
        items=tuple(items),
        closing=closing,
        coordinating_units=(),
        addressees=facts.addressees,
        place=facts.place,
        level=facts.level,
        sections=tuple(sections),
        warnings=tuple(warnings),
        file_type=loaded.kind,
    )


def _section_leads(items: list[PolicyItem]) -> list[PolicyItem]:
    """A heading "X牵头工作(8项)" with no unit clause names X the lead of itself and of every task under it
    that names no unit of its own (X must read as a unit name, so "王某县长牵头重点工作" gives none)."""
    from dataclasses import replace

    leads: dict[str, tuple[str, ...]] = {}
    out: list[PolicyItem] = []
    for it in items:
        key = it.key or str(it.number)
        inherited = leads.get(it.parent) if it.parent else None
        if not it.units:
            m = _section_lead().match(simplified_view(it.title))
            if m and _is_unit_list(m.group(1)):
                named = _split_units(m.group(1), it.title[m.start(1) : m.end(1)])
                if named:
                    it = replace(it, lead_units=tuple(named))
                    leads[key] = tuple(named)
            elif inherited:
                it = replace(it, lead_units=inherited)
                leads[key] = inherited
        out.append(it)
    return out


def _printed_numbers(items: list[PolicyItem], chosen: list[_Marker]) -> list[PolicyItem]:
    """Nested "1." "2." … items numbered straight through the plan (never restarting at a new section heading:
    一、 1.-4., then 二、 5.) are also named by the number printed before them; numbering that restarts under
    each heading names an item only by its place (1.2)."""
    from dataclasses import replace

    nested = [mk for mk in chosen if mk.kind == "arabic" and mk.depth]
    values = [mk.value for mk in nested]
    if len(nested) < 2 or any(b <= a for a, b in zip(values, values[1:], strict=False)):
        return items
    printed = {mk.key: str(mk.value) for mk in nested}
    return [replace(it, printed=printed[it.key]) if it.key in printed else it for it in items]


def _renumber(item: PolicyItem, offset: int) -> PolicyItem:
    from dataclasses import replace

    return replace(item, number=item.number + offset)
