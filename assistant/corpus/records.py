"""Typed records: what the parser produces and what the index, retrieval and answers work over."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Figure:
    """A quantity as the policy states it, e.g. ``40万名`` or ``90%``, with the sentence it is in."""

    text: str
    value: float
    unit: str
    sentence: str


@dataclass(frozen=True)
class PolicyItem:
    number: int
    numeral: str  # the Chinese ordinal as written: 一, 二, ... 十一
    title: str
    text: str  # the whole paragraph, unit clause included, as written
    body: str  # the paragraph without the unit clause
    unit_clause: str
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    figures: tuple[Figure, ...]
    target_groups: tuple[str, ...]
    line: int  # 1-based line in the source file
    key: str = ""  # the item's place in the plan's numbering: "3", or "1.2.3" for nested items ("" = str(number))
    parent: str | None = None  # key of the item this one is nested under (None for top-level items)
    # the number printed before a nested item whose numbering runs straight through the plan (1. 2. … never
    # restarting under a new section): unique in the plan, so "item 5" names it as well as its place "1.2.5"
    printed: str | None = None

    @property
    def units(self) -> tuple[str, ...]:
        return self.lead_units + self.responsible_units


@dataclass(frozen=True)
class Section:
    """A paragraph of a document whose items could not be recognised, indexed and cited as 第N段."""

    number: int
    text: str
    line: int


@dataclass(frozen=True)
class PolicyDocument:
    doc_id: str  # the file stem; stable across rebuilds
    title: str
    issuer: str | None
    doc_number: str | None
    issue_date: str | None  # as written, e.g. 2022年6月10日
    year: int | None
    source: str  # path of the file it was parsed from
    preamble: str  # the notice text before the plan body
    items: tuple[PolicyItem, ...]
    closing: str  # the closing section after the last item
    coordinating_units: tuple[str, ...]
    addressees: str | None = None  # 主送: the line naming whom the notice is sent to
    place: str | None = None  # the place the plan is about, as written ("<X>市", "<X>县"), from its own text
    level: str | None = None  # province | city | county | district, from the place name's suffix
    sections: tuple[Section, ...] = ()  # the text as numbered paragraphs, when no items were recognised
    warnings: tuple[str, ...] = ()  # what the parser could not make sense of, as "file:line: message"
    file_type: str = "txt"  # txt | md | html | docx | pdf

    def item(self, number: int) -> PolicyItem | None:
        return next((it for it in self.items if it.number == number), None)

    def item_by_key(self, key: str) -> PolicyItem | None:
        return next((it for it in self.items if (it.key or str(it.number)) == str(key)), None)

    def item_as_printed(self, number: int | str) -> PolicyItem | None:
        """The item a reader names by the number printed before it: one numbered straight through the plan
        (its ``printed`` number), else the item with that key."""
        return next((it for it in self.items if it.printed == str(number)), None) or self.item_by_key(str(number))

    def children(self, key: str) -> tuple[PolicyItem, ...]:
        return tuple(it for it in self.items if it.parent == str(key))


@dataclass(frozen=True)
class FaqEntry:
    faq_id: str
    lang: str
    question: str
    answer: str
    items: tuple[int, ...]
    document: str


@dataclass(frozen=True)
class Unit:
    name: str
    en: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Synonym:
    term: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Glossary:
    units: tuple[Unit, ...]
    synonyms: tuple[Synonym, ...]
    # the place whose plans the hand-written English names are for (glossary.yaml's ``place``); a plan of
    # another place names the same units from its own place (``for_document``). None: for every plan.
    place: str | None = None

    def unit(self, name: str) -> Unit | None:
        return next((u for u in self.units if u.name == name), None)

    def english(self, name: str) -> str:
        unit = self.unit(name)
        return unit.en if unit else name


@dataclass(frozen=True)
class Chunk:
    """One indexed piece: a whole item, one sentence of it, an FAQ question, or document-level text."""

    chunk_id: str  # <doc>:<item>:<kind>[:<n>]
    doc_id: str
    item: int  # 0 = the document as a whole
    kind: str  # item | text | faq
    text: str
    metadata: dict[str, str | int | float] = field(default_factory=dict)
