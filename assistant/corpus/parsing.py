"""Parse a plan written in the Chinese government work-plan format into a PolicyDocument.

The format: an optional news-page wrapper, a 印发 notice (issuer, 文号, date), the plan title, numbered
items ``一、…`` each ending with a parenthesised unit clause ``(牵头单位:…,责任单位:…)``, and a closing
section. Full-width and ASCII punctuation both occur. Pure: text in, records out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from assistant.corpus.records import Figure, PolicyDocument, PolicyItem
from assistant.corpus.text import simplified_view
from assistant.corpus.yamlfile import load_yaml_text
from assistant.language.numerals import chinese_numeral  # noqa: F401  (re-exported until callers import numerals)


class PolicyParseError(ValueError):
    """The text is not a plan in the expected format; the message names the file and line."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source, self.line = source, line
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")


_NUMERAL = "[一二三四五六七八九十百零]{1,4}"
_ITEM_START = re.compile(rf"^({_NUMERAL})[、．.]\s*(\S.*)$")
_LABEL = r"(?:牵头|责任|配合|参与)(?:单位|部门)"
_UNIT_CLAUSE = re.compile(rf"[(（]\s*({_LABEL}\s*[:：].*?)\s*[)）]\s*[。.]?\s*$")
_CLAUSE_PART = re.compile(rf"({_LABEL})\s*[:：]\s*(.*?)\s*(?=[,，;；]\s*{_LABEL}\s*[:：]|$)")
_UNIT_SPLIT = re.compile(r"\s*[、,，;；]\s*")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")
_DATE_LINE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_PRINTED_LINE = re.compile(r"^[(（]\s*(\d{4}年\d{1,2}月\d{1,2}日)印发\s*[)）]$")
_NOTICE_TITLE = re.compile(r"关于印发《(.+?)》的通知")
_ISSUER_END = re.compile(r"(办公室|人民政府|办公厅|委员会|局|厅|委|部)$")
_WRAPPER = re.compile(r"^(初审编辑|责任编辑|编辑|相关新闻|推荐阅读|来源|打印本页|关闭窗口|分享到)")
_PLAN_TITLE = re.compile(r"(方案|计划|意见|办法|规划|要点)$")
_TARGET = re.compile(r"(?:针对|对(?:全市)?|为(?:全市)?|救助|帮扶|做好|重点解决|提高|查找)([^，。；,;]*(?:妇女|儿童|子女|群体|家庭))")
_COORDINATION = re.compile(r"协调|统筹|牵头揽总|督导")
_COORDINATOR = re.compile(
    r"[市县省区][\u4e00-\u9fff]{1,10}?办公室|[市县省区][\u4e00-\u9fff]{1,8}?(?:委员会|局|委|部|联|会)(?=要|负责|牵头|统筹|[，,、])"
)
_SCALE = {"万": 10_000.0, "千": 1_000.0, "百": 100.0}


@dataclass
class _Line:
    number: int
    text: str


def _clean_lines(text: str) -> list[_Line]:
    lines = []
    for i, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.replace("\u3000", " ").strip()
        if stripped:
            lines.append(_Line(i, stripped))
    return lines


def unit_clause(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """The (牵头单位/责任单位) clause ending a paragraph, as written, with its lead and responsible units; None
    when the paragraph ends with none (a paragraph of a plan whose items could not be recognised)."""
    m = _UNIT_CLAUSE.search(text.strip())
    if not m:
        return None
    lead, responsible = parse_unit_clause(m.group(1))
    return m.group(0).strip(), lead, responsible


def parse_unit_clause(clause: str, source: str = "<text>", line: int | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``牵头单位:A、B,责任单位:C`` -> ((A, B), (C,)). Anything but 牵头 counts as responsible."""
    lead: list[str] = []
    responsible: list[str] = []
    parts = list(_CLAUSE_PART.finditer(clause))
    if not parts:
        raise PolicyParseError(source, line, f"unit clause without 牵头单位/责任单位: {clause!r}")
    for part in parts:
        units = [u for u in _UNIT_SPLIT.split(part.group(2).strip(" 。.")) if u]
        if not units:
            raise PolicyParseError(source, line, f"{part.group(1)} names no unit: {clause!r}")
        target = lead if part.group(1).startswith("牵头") else responsible
        target.extend(u for u in units if u not in target)
    return tuple(lead), tuple(responsible)


@cache
def _figure_pattern() -> re.Pattern[str]:
    """A number, an optional range end and scale, and the measure word it counts (data/layout.yaml figure_units)."""
    text = resources.files("assistant.corpus").joinpath("data/layout.yaml").read_text(encoding="utf-8")
    units = sorted(map(str, load_yaml_text(text, "layout.yaml")["figure_units"]), key=len, reverse=True)
    return re.compile(
        r"(\d+(?:\.\d+)?)\s*(?:[-－—~～至到]\s*(\d+(?:\.\d+)?)\s*)?(万|千|百)?\s*("
        + "|".join(map(re.escape, units))
        + r")(左右|以上|以下)?"
    )


def extract_figures(text: str) -> tuple[Figure, ...]:
    """Every quantity in the text as written (40万名, 35-64岁, 90%, 10个左右), deduplicated."""
    figures: list[Figure] = []
    seen: set[str] = set()
    for sentence in re.split(r"(?<=[。；;])", text):
        # Matched on the simplified view (same length) so 7000張 reads as 7000张; quoted as written.
        for m in _figure_pattern().finditer(simplified_view(sentence)):
            written = sentence[m.start() : m.end()].strip()
            if written in seen:
                continue
            seen.add(written)
            value = float(m.group(1)) * _SCALE.get(m.group(3) or "", 1.0)
            unit = "%" if m.group(4) in "%％" else m.group(4)
            figures.append(Figure(text=written, value=value, unit=unit, sentence=sentence.strip()))
    return tuple(figures)


def extract_target_groups(text: str) -> tuple[str, ...]:
    groups: list[str] = []
    for m in _TARGET.finditer(text):
        group = m.group(1).strip('“”" ')
        if group and group not in groups:
            groups.append(group)
    return tuple(groups)


def _coordinators(closing: str) -> tuple[str, ...]:
    found: list[str] = []
    for sentence in re.split(r"[。；;]", closing):
        if _COORDINATION.search(sentence):
            for m in _COORDINATOR.finditer(sentence):
                if m.group(0) not in found:
                    found.append(m.group(0))
    return tuple(found)


def _make_item(numeral: str, number: int, lines: list[_Line], source: str) -> PolicyItem:
    text = "".join(line.text for line in lines)
    first = lines[0]
    m = _UNIT_CLAUSE.search(text)
    if not m:
        raise PolicyParseError(source, first.number, f"item {numeral} has no (牵头单位/责任单位) clause at its end")
    lead, responsible = parse_unit_clause(m.group(1), source, lines[-1].number)
    body = _ITEM_START.sub(r"\2", text[: m.start()].strip())
    title = re.split(r"[。；]", body, maxsplit=1)[0]
    return PolicyItem(
        number=number,
        numeral=numeral,
        title=title,
        text=text,
        body=body,
        unit_clause=m.group(0).strip(),
        lead_units=lead,
        responsible_units=responsible,
        figures=extract_figures(body),
        target_groups=extract_target_groups(body),
        line=first.number,
    )


def parse_policy(text: str, doc_id: str, source: str = "<text>") -> PolicyDocument:
    """Parse one plan. Raises PolicyParseError naming ``source`` and the offending line."""
    if "\x00" in text:
        raise PolicyParseError(source, None, "binary data (NUL bytes); expected UTF-8 text")
    lines = _clean_lines(text)
    if not lines:
        raise PolicyParseError(source, None, "the file is empty")

    starts = [(i, m) for i, line in enumerate(lines) if (m := _ITEM_START.match(line.text))]
    if not starts:
        raise PolicyParseError(source, None, "no numbered items (一、二、…) found")
    first_item = starts[0][0]

    numbers: list[tuple[int, str, int]] = []  # (line index, numeral, value)
    for i, m in starts:
        try:
            value = chinese_numeral(m.group(1))
        except ValueError as exc:
            raise PolicyParseError(source, lines[i].number, str(exc)) from exc
        numbers.append((i, m.group(1), value))
    for expected, (i, numeral, value) in enumerate(numbers, start=1):
        if value != expected:
            raise PolicyParseError(source, lines[i].number, f"item {numeral}、 is out of sequence: expected item {expected}")

    # Each item runs to the line that ends with its unit clause; what follows the last one is the closing.
    items: list[PolicyItem] = []
    closing_start = len(lines)
    for k, (i, numeral, value) in enumerate(numbers):
        end = numbers[k + 1][0] if k + 1 < len(numbers) else len(lines)
        stop = next((j for j in range(i, end) if _UNIT_CLAUSE.search(lines[j].text)), None)
        if stop is None:
            raise PolicyParseError(source, lines[i].number, f"item {numeral} has no (牵头单位/责任单位) clause at its end")
        items.append(_make_item(numeral, value, lines[i : stop + 1], source))
        if k + 1 == len(numbers):
            closing_start = stop + 1

    closing_lines: list[str] = []
    printed_date = None
    for line in lines[closing_start:]:
        if m := _PRINTED_LINE.match(line.text):
            printed_date = m.group(1)
            break
        if _WRAPPER.match(line.text):
            break
        closing_lines.append(line.text)
    closing = "\n".join(closing_lines)

    head = lines[:first_item]
    notice_title = next((m.group(1) for line in head if (m := _NOTICE_TITLE.search(line.text))), None)
    body_title = next((line.text for line in reversed(head) if _PLAN_TITLE.search(line.text) and len(line.text) <= 60), None)
    title = notice_title or body_title
    if not title:
        raise PolicyParseError(
            source, lines[first_item].number, "no plan title (a 《…》 notice or a title line ending in 方案/计划) before the first item"
        )

    doc_number = next((m.group(0) for line in head if (m := _DOC_NUMBER.search(line.text))), None)
    issue_date = next((line.text for line in head if _DATE_LINE.match(line.text)), None) or printed_date

    issuer = None
    notice_index = next((i for i, line in enumerate(head) if _NOTICE_TITLE.match(line.text)), None)
    if notice_index is None:
        notice_index = next((i for i, line in enumerate(head) if _NOTICE_TITLE.search(line.text)), None)
    if notice_index:
        candidate = head[notice_index - 1].text
        if _ISSUER_END.search(candidate) and len(candidate) <= 30:
            issuer = candidate
    if issuer is None and issue_date:
        date_index = next(i for i, line in enumerate(head + lines[closing_start:]) if issue_date in line.text)
        candidate = (head + lines[closing_start:])[date_index - 1].text if date_index else ""
        if _ISSUER_END.search(candidate) and len(candidate) <= 30:
            issuer = candidate

    addressees = next((line.text.rstrip(":：") for line in head if line.text.startswith("各") and line.text.endswith((":", "："))), None)
    body_start = next((i for i, line in enumerate(head) if line.text == title), None)
    preamble_from = notice_index or 0
    preamble = "\n".join(line.text for line in head[preamble_from : body_start if body_start and body_start > preamble_from else len(head)])

    year_match = re.search(r"(\d{4})年", title) or (re.match(r"(\d{4})", issue_date) if issue_date else None)
    return PolicyDocument(
        doc_id=doc_id,
        title=title,
        issuer=issuer,
        doc_number=doc_number,
        issue_date=issue_date,
        year=int(year_match.group(1)) if year_match else None,
        source=source,
        preamble=preamble,
        items=tuple(items),
        closing=closing,
        coordinating_units=_coordinators(closing),
        addressees=addressees,
    )
