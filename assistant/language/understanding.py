"""Read a question: clean it, tell its language, match glossary units and terms, spot intents. Pure."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from assistant.corpus.records import Glossary

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_TAG = re.compile(r"<[^>]{0,200}>")
_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\ufeff]")
_YEAR = re.compile(r"(?<!\d)(20\d{2})(?:年|\s*(?:plan|年度)|(?!\d))")

DEPARTMENT = re.compile(
    r"谁管|归谁|归哪|哪个部门|哪个单位|哪些部门|哪些单位|什么部门|什么单位|啥部门|哪个局|哪家单位|谁负责|谁来负责|负责单位|"
    r"责任单位|牵头单位|谁牵头|主管|找谁|找哪|哪里办|去哪|哪儿办|谁来办|谁办|谁在做|谁组织|谁搞|管这|部门|"
    r"which (department|office|bureau|agency|unit|body|organi[sz]ation|government)|who (handles|is responsible|runs|leads|manages|"
    r"is in charge|organi[sz]es|takes care|should i (contact|call|ask)|do i (contact|call|ask)|oversees|does)|in charge|"
    r"responsible|whom|contact|lead units?|departments?|agenc(y|ies)|bureaus?",
    re.IGNORECASE,
)
FIGURE = re.compile(
    r"多少|几个|几处|几名|几人|几家|几间|几所|比例|百分之|数量|规模|多大|几岁|年龄|"
    r"how many|how much|what percentage|percent|number of|what age|how old|age range",
    re.IGNORECASE,
)
UNIT_LOOKUP = re.compile(
    r"(哪些|什么|啥|几项|几件)(实事|项目|工作|事|任务|活)|参与了|参与哪|参加了哪|负责哪|负责什么|负责的是|管哪|管什么|管啥|管的是|"
    r"干什么|干啥|做什么|做啥|牵头哪|牵头了|涉及|都管|都负责|有哪些任务|"
    r"which (items|measures|tasks|projects|programs|programmes|actions|of the)|what (items|measures|tasks|projects|programs|programmes|does)|"
    r"involved|involve|take part|participate|a role|its role|their role|is .* part of",
    re.IGNORECASE,
)
DOCUMENT = re.compile(
    r"文号|发文|印发|下发|主送|谁发的|哪.{0,4}发的|发文机关|哪个机关|哪个文件|文件名|文件号|什么文件|全称|名称|标题|(?:方案|文件|通知)(?:叫|是)什么|"
    r"协调|统筹|督导|总负责|牵头揽总|总牵头|full (?:name|title)|name of the (?:plan|document)|addressed to|"
    r"[\u4e00-\u9fff]{1,6}[字发]\s*[〔\[(（]?\d{0,4}[〕\])）]?\s*\d{1,4}\s*号|"  # a 文号 such as 临政办字〔2022〕78号
    r"doc(?:ument)?\.? ?(?:number|no)|issued|issuing|file number|reference number|coordinat|oversee|supervis|official title|who published|when was .* (published|released)",
    re.IGNORECASE,
)
DATE = re.compile(r"什么时候|哪天|日期|何时|when", re.IGNORECASE)
PLAN_WORD = re.compile(r"方案|文件|通知|政策|plan|document|policy|notice", re.IGNORECASE)
QUESTION = re.compile(
    r"[?？]|谁|什么|啥|哪|怎么|怎样|如何|多少|几|吗|么|呢|能否|能不能|可不可以|是否|有没有|请问|咨询|想问|想了解|介绍|帮我|给我|告诉我|写一|"
    r"(^|[.,;!]\s*)(who|what|which|how|when|where|why|whom|whose|can|could|is|are|does|do|did|will|would|should|may|am)\b|"
    r"\b(tell me|explain|list|help me|write|give me|i want to know|i'd like to know)\b",
    re.IGNORECASE,
)
ANAPHORA = re.compile(
    r"^(那|这|它|该)|这个|那个|这项|那项|该项|这件|那件|此项|上面|刚才|它|他们|^(and|so|what about)\b|\b(it|this|that|they|them|these|those|this program|the program)\b",
    re.IGNORECASE,
)


_ITEM_REF = re.compile(
    r"第\s*([一二三四五六七八九十百零\d]{1,4})\s*(?:项|件|条|个实事|件实事)|\b(?:item|measure|point|no\.?|number)\s*#?\s*(\d{1,3})\b|\b(\d{1,2})(?:st|nd|rd|th) (?:item|measure)",
    re.IGNORECASE,
)


def item_references(text: str) -> tuple[int, ...]:
    """Items named by number: 第七项, 第7项, item 7, the 7th item."""
    from assistant.corpus.parsing import chinese_numeral

    refs: list[int] = []
    for m in _ITEM_REF.finditer(text):
        token = next(g for g in m.groups() if g)
        try:
            number = int(token) if token.isdigit() else chinese_numeral(token)
        except ValueError:
            continue
        if number > 0 and number not in refs:
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
    notice: str | None = None
    intents: frozenset[str] = field(default_factory=frozenset)
    item_refs: tuple[int, ...] = ()  # items the question names by number

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
        for syn in glossary.synonyms:
            entries += [(a, "term", syn.term) for a in (syn.term, *syn.aliases)]
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
        for pattern, kind, canonical, alias in self._patterns:
            for m in pattern.finditer(text):
                if any(taken[m.start() : m.end()]):
                    continue
                taken[m.start() : m.end()] = [True] * (m.end() - m.start())
                found.append((m.start(), Match(kind, canonical, alias)))
        return tuple(m for _, m in sorted(found, key=lambda p: p[0]))


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
    notice = None
    if truncated:
        notice = (
            f"The question was longer than {limit} characters; only the first {limit} were read."
            if language == "en"
            else f"问题超过{limit}字，只读取了前{limit}字。"
        )
    return Query(
        raw=raw,
        text=text,
        language=language,
        truncated=truncated,
        matches=matches,
        years=tuple(sorted({int(y) for y in _YEAR.findall(text)})),
        injection=any(p.search(text) for p in injection_patterns),
        off_topic=off_topic,
        notice=notice,
        intents=intents_of(text, canonical_names(matches, "unit"), canonical_names(matches, "term")),
        item_refs=item_references(text),
    )


def is_follow_up(query: Query) -> bool:
    """A turn that leans on the previous one: anaphora, or a bare intent with no topic of its own."""
    has_topic = bool(query.terms or query.units or query.item_refs)
    if ANAPHORA.search(query.text) and not (query.terms or query.item_refs):
        return True
    return not has_topic and len(query.text) <= 40
