"""Eligibility read from a plan's text: the target group an item names becomes conditions.

At ingest, ``derive_rules(document)`` (pure) turns phrases such as 35-64岁的农村妇女, 8至14岁困境儿童,
家庭经济困难学生 or 残疾学生 into a ``RuleSet``, each condition citing the words it comes from.
The patterns are data (``data/targets.yaml``). ``eligibility_rules`` puts these beside the hand
rules of ``corpus/eligibility.yaml``, which override them item by item (or block them: ``no_rule``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from assistant.corpus.records import PolicyDocument, PolicyItem
from assistant.eligibility.extraction import _number
from assistant.eligibility.facts import FactSchema, _data, compile_pattern
from assistant.eligibility.rules import Condition, RuleSet, schema_of

_PHRASE_BREAK = re.compile(r"[，,。；;：:（）()！!？?\n]")


@dataclass(frozen=True)
class _Group:
    words: re.Pattern[str]
    en: str
    conditions: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class _Modifier:
    fact: str
    pattern: re.Pattern[str]
    spec: dict[str, Any]


@dataclass(frozen=True)
class _Targets:
    markers: re.Pattern[str]
    joiners: re.Pattern[str]
    max_gap: int
    marker_gap: int
    groups: tuple[_Group, ...]
    group_words: re.Pattern[str]
    modifiers: tuple[_Modifier, ...]


@lru_cache(maxsize=1)
def _targets() -> _Targets:
    raw = _data("targets.yaml")
    groups = tuple(_Group(compile_pattern(g["words"]), g["en"], tuple(g["conditions"])) for g in raw["groups"])
    not_before = raw.get("not_before", "")
    alternation = "|".join(f"(?P<g{i}>{g.words.pattern})" for i, g in enumerate(groups))
    group_words = re.compile(f"(?:{alternation})" + (f"(?!{not_before})" if not_before else ""))
    modifiers = tuple(
        _Modifier(m["fact"], compile_pattern(m["pattern"]), {k: v for k, v in m.items() if k not in ("fact", "pattern")})
        for m in raw["modifiers"]
    )
    return _Targets(
        compile_pattern(raw["markers"]),
        compile_pattern(raw["joiners"]),
        int(raw.get("max_gap", 6)),
        int(raw.get("marker_gap", 10)),
        groups,
        group_words,
        modifiers,
    )


@dataclass(frozen=True)
class _Segment:
    start: int  # in the item body: the group's first qualifying word (or the group word)
    end: int
    group: _Group
    word: str
    modifiers: tuple[tuple[_Modifier, re.Match[str]], ...]
    marked: bool  # a marker (对/为/…) comes before it in its phrase


def _questions(schema: FactSchema, fact: str) -> tuple[str, str]:
    declared = schema.get(fact)
    if declared is None:
        raise ValueError(f"targets.yaml names an undeclared fact {fact!r}")
    return declared.question_zh, declared.question_en


def _condition(schema: FactSchema, fact: str, clause: str, **test: Any) -> Condition:
    question_zh, question_en = _questions(schema, fact)
    return Condition(fact=fact, clause=clause, question_zh=question_zh, question_en=question_en, **test)


def _modifier_condition(schema: FactSchema, mod: _Modifier, m: re.Match[str], body: str, seg: _Segment) -> tuple[Condition, str] | None:
    """The condition one modifier sets, and its English template ("{group} aged 3-6")."""
    spec = mod.spec
    if {"min", "max", "below"} & set(spec):
        bounds: dict[str, int | None] = {"min_age": None, "max_age": None}
        for key, target, shift in (("min", "min_age", 0), ("max", "max_age", 0), ("below", "max_age", -1)):
            if key in spec:
                value = _number(m.group(spec[key]))
                if value is None:
                    return None
                bounds[target] = value + shift
        words = {k: m.group(spec[k]) for k in ("min", "max", "below") if k in spec}
        return _condition(schema, mod.fact, m.group(0), **bounds), spec.get("en", "{group}").replace("{group}", "\0").format(**words)
    # The words from the modifier to the group: 农村妇女, 家庭经济困难学生, 残疾学生.
    clause = body[m.start() : seg.end]
    note = spec.get("note") or {}
    test: dict[str, Any] = {}
    if "equals" in spec:
        test["equals"] = spec["equals"]
    if "one_of" in spec:
        test["one_of"] = tuple(spec["one_of"])
    if "one_of_named" in spec:
        test["one_of"] = tuple(v for k, v in spec["one_of_named"].items() if k in m.group(0))
    condition = _condition(
        schema,
        mod.fact,
        clause,
        note_zh=note.get("zh", "").format(clause=m.group(0)),
        note_en=note.get("en", "").format(clause=m.group(0)),
        **test,
    )
    return condition, spec.get("en", "{group}").replace("{group}", "\0")


def _segments(body: str, phrase_start: int, phrase: str) -> list[_Segment]:
    """Each group word of a phrase with the words that qualify it: those after the last marker or
    joiner before it, ending at most ``max_gap`` characters before the group word."""
    t = _targets()
    out: list[_Segment] = []
    begin = 0
    marked = False
    for m in t.group_words.finditer(phrase):
        idx = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
        before = phrase[begin : m.start()]
        cut = 0
        for pattern in (t.markers, t.joiners):
            for x in pattern.finditer(before):
                if pattern is t.markers and len(before) - x.end() <= t.marker_gap:
                    marked = True
                cut = max(cut, x.end())
        mods: list[tuple[_Modifier, re.Match[str]]] = []
        taken: list[tuple[int, int]] = []
        facts_seen: set[str] = set()
        for mod in t.modifiers:
            if mod.fact in facts_seen:
                continue
            for mm in mod.pattern.finditer(before, cut):
                a, b = mm.start() + begin, mm.end() + begin
                if m.start() - b > t.max_gap or any(not (b <= x or a >= y) for x, y in taken):
                    continue
                shifted = mod.pattern.match(body, phrase_start + a)
                if shifted is None:
                    continue
                mods.append((mod, shifted))
                taken.append((a, b))
                facts_seen.add(mod.fact)
                break
        start = min([phrase_start + a for a, _ in taken] + [phrase_start + m.start()])
        out.append(_Segment(start, phrase_start + m.end(), t.groups[idx], m.group(0), tuple(mods), marked))
        begin = m.end()
    return out


def _target_phrase(body: str) -> list[_Segment]:
    """The phrase of the item that names its target group: the most modifiers, then a marker, then last."""
    best: list[_Segment] = []
    best_score = (0, 0)
    pos = 0
    for phrase in _PHRASE_BREAK.split(body):
        start = pos
        pos += len(phrase) + 1
        segments = [s for s in _segments(body, start, phrase) if s.modifiers or s.group.conditions]
        segments = [s for s in segments if s.marked or s.modifiers]
        if not segments:
            continue
        score = (sum(len(s.modifiers) for s in segments), int(any(s.marked for s in segments)))
        if score >= best_score:  # a tie: the later phrase (the body says more than the title)
            best, best_score = segments, score
    return best


def _group_conditions(schema: FactSchema, body: str, seg: _Segment) -> tuple[list[Condition], list[str]]:
    """The conditions one group carries: its modifiers, then the group itself (unless implied)."""
    conditions: list[Condition] = []
    words_en: list[str] = []
    for mod, m in seg.modifiers:
        made = _modifier_condition(schema, mod, m, body, seg)
        if made is not None:
            conditions.append(made[0])
            words_en.append(made[1])
    ages = [c for c in conditions if c.min_age is not None or c.max_age is not None]
    child_fact = schema.by_read("child")
    adult = child_fact.spec["adult_age"] if child_fact else 18
    clause = body[seg.start : seg.end]  # 35-64岁的农村妇女, 中小学生
    for spec in seg.group.conditions:
        fact = spec["fact"]
        if child_fact is not None and fact == child_fact.name and any(c.max_age is not None and c.max_age < adult for c in ages):
            continue  # 8至14岁儿童: the age says it
        test = {k: (tuple(v) if isinstance(v, list) else v) for k, v in spec.items() if k != "fact"}
        conditions.append(_condition(schema, fact, clause or seg.word, **test))
    return conditions, words_en


def derive_rules(document: PolicyDocument, schema: FactSchema | None = None) -> tuple[RuleSet, ...]:
    """Rule sets read from each item's text (pure): one per item that names a target group,
    or one per group when an item names several groups that each carry several conditions."""
    schema = schema or schema_of(())
    out: list[RuleSet] = []
    for item in document.items:
        out.extend(derive_item_rules(document.doc_id, item, schema))
    return tuple(out)


def derive_item_rules(doc_id: str, item: PolicyItem, schema: FactSchema) -> tuple[RuleSet, ...]:
    body = item.body
    segments = _target_phrase(body)
    if not segments:
        return ()
    groups = []
    for seg in segments:
        conditions, words_en = _group_conditions(schema, body, seg)
        if conditions and all(g[0] != seg.word or g[1] != conditions for g in groups):
            groups.append((seg.word, conditions, words_en, seg))
    if not groups:
        return ()
    target_zh = body[groups[0][3].start : groups[-1][3].end].strip()
    units = item.lead_units or item.responsible_units
    units_zh = "、".join(units) if "、".join(units) in item.text else (units[0] if units else "")

    def ruleset(conditions: list[Condition], target: str, target_en: str, keywords: tuple[str, ...]) -> RuleSet:
        return RuleSet(
            document=doc_id,
            item=item.number,
            program=item.title,
            program_en=f"item {item.number}",
            target_zh=target,
            target_en=f"{target_en} ({target})",
            conditions=tuple(conditions),
            units_zh=units_zh,
            keywords=keywords,
            derived=True,
        )

    def english(words_en: list[str], seg: _Segment) -> str:
        out = seg.group.en
        for template in words_en:
            out = template.replace("\0", out)
        return out

    if len(groups) == 1:
        word, conditions, words_en, seg = groups[0]
        return (ruleset(conditions, target_zh, english(words_en, seg), (word,)),)
    if all(len(g[1]) == 1 for g in groups):
        head, *rest = (g[1][0] for g in groups)
        combined = Condition(**{**head.__dict__, "alternatives": tuple(rest)})
        target_en = " or ".join(english(g[2], g[3]) for g in groups)
        return (ruleset([combined], target_zh, target_en, tuple(g[0] for g in groups)),)
    return tuple(
        ruleset(conditions, body[seg.start : seg.end], english(words_en, seg), (word,)) for word, conditions, words_en, seg in groups
    )


def eligibility_rules(documents: Iterable[PolicyDocument], hand_rules: Iterable[RuleSet]) -> tuple[RuleSet, ...]:
    """Hand rules first, then rules derived from the text of every item that has no hand rule
    (or `no_rule` entry)."""
    hand = tuple(hand_rules)
    covered = {(rs.document, rs.item) for rs in hand}
    schema = schema_of(hand)
    derived = [rs for doc in documents for rs in derive_rules(doc, schema) if (rs.document, rs.item) not in covered]
    return hand + tuple(derived)


__all__ = ["derive_item_rules", "derive_rules", "eligibility_rules"]
