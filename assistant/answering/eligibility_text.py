"""Eligibility in words (zh and en): reasons, the next question, "the plan leaves this open, ask X".

Pure functions from a ``Judgement`` (codes) and the facts to text. The labels come from the fact
declarations and ``people.yaml``; only the sentence frames are here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.eligibility.extraction import subject_info
from assistant.eligibility.facts import Facts, FactSchema, said
from assistant.eligibility.judgement import Judgement, value_of
from assistant.eligibility.rules import Condition, RuleSet, schema_of
from assistant.language.numerals import to_chinese


def item_numeral(n: int) -> str:
    """一 … 十, 十一, 二十三: how an item is numbered in Chinese."""
    try:
        return to_chinese(n)
    except ValueError:
        return str(n)


@dataclass(frozen=True)
class Explanation:
    """The words for one judgement, in both languages."""

    reason_zh: str
    reason_en: str
    next_question_zh: str | None
    next_question_en: str | None


def _predicate(schema: FactSchema, fact: str, value: Any, c: Condition | None, child: bool) -> tuple[str, str, bool]:
    """(zh, en, en_uses_have) describing a stated fact, e.g. ("66岁", "66 years old", False).

    `child`: the subject is a child, so circumstances said of the family describe the parents.
    """
    declared = schema.get(fact)
    if declared is None:
        return str(value), str(value), False
    if declared.type == "int":
        s = declared.said
        return (s.zh.format(value=value), s.en.format(value=value), s.have) if s else (str(value), str(value), False)
    if declared.type == "bool":
        s = declared.said_true if value else declared.said_false
        return (s.zh, s.en, s.have) if s else (declared.label_zh, declared.label_en, False)
    if declared.type == "enum":
        v = declared.value_def(value)
        return (v.said.zh, v.said.en, v.said.have) if v and v.said else (str(value), str(value), False)
    if declared.none is not None and declared.none.value in value and declared.none.said:
        return declared.none.said.zh, declared.none.said.en, True
    shown = [v for v in value if c is None or not c.one_of or v in c.one_of] or list(value)
    parts = []
    for x in shown:
        v = declared.value_def(x)
        s = (v.said_child if child and v and v.said_child else v.said if v else None) if v else None
        parts.append((s.zh, s.en) if s else (x, x))
    zh = declared.join_zh.join(p[0] for p in parts)
    en = declared.join_en.join(p[1] for p in parts)
    frame = declared.said
    if frame:
        return frame.zh.format(values=zh), frame.en.format(values=en), frame.have
    return zh, en, False


def _describe(schema: FactSchema, facts: Facts, leaves: tuple[Condition, ...]) -> tuple[str, str]:
    """ "您66岁，是男性" / "you are 66 years old and male" for the facts behind these conditions."""
    who = subject_info(facts.subject)
    child_fact = schema.by_read("child")
    child = child_fact is not None and value_of(facts, child_fact.name, schema)[0] is True
    zh_parts: list[str] = []
    en_parts: list[str] = []
    seen: set[str] = set()
    for leaf in leaves:
        if leaf.fact in seen:
            continue
        seen.add(leaf.fact)
        value, source = value_of(facts, leaf.fact, schema)
        if not said(value):
            continue
        if source != leaf.fact and schema.get(source) is not None and schema.get(source).read != "age":  # type: ignore[union-attr]
            zh, en, uses_have = _predicate(schema, source, facts.get(source), None, child)  # said in other words
        else:
            zh, en, uses_have = _predicate(schema, leaf.fact, value, leaf, child)
        zh_parts.append(zh)
        en_parts.append(f"{who.have if uses_have else who.be} {en}")
    if not zh_parts:
        return "", ""
    en_joined = ", ".join(en_parts[:-1]) + (" and " if len(en_parts) > 1 else "") + en_parts[-1]
    return who.zh + "，".join(zh_parts), f"{who.en} {en_joined}"


def _target(rules: RuleSet) -> tuple[str, str]:
    """Every reason starts from who the item is for, in the plan's own words."""
    return (
        f"本项面向{rules.target_zh}（第{item_numeral(rules.item)}项）",
        f"this item is for {rules.target_en} (item {rules.item})",
    )


def _units(rules: RuleSet) -> tuple[str, str]:
    """Who to ask when the plan leaves the decision to the implementing units."""
    return (rules.units_zh or "本项的牵头/责任单位", rules.units_en or "the units responsible for this item")


def explain(rules: RuleSet, facts: Facts, judgement: Judgement, schema: FactSchema | None = None) -> Explanation:
    """The reason for a judgement (zh and en), and the question to ask when a fact is missing."""
    schema = schema or schema_of((rules,))
    target_zh, target_en = _target(rules)
    units_zh, units_en = _units(rules)
    if judgement.verdict == "not_eligible":
        said_zh, said_en = _describe(schema, facts, judgement.failed)
        clause = judgement.clause
        return Explanation(
            f"不符合：{target_zh}，{said_zh}（方案原文：“{clause}”）。",
            f"Not eligible: {target_en}; {said_en} (the plan says: “{clause}”).",
            None,
            None,
        )
    if judgement.verdict is None:
        asker = judgement.ask
        declared = schema.get(judgement.missing_facts[0]) if judgement.missing_facts else None
        label_zh, label_en = (declared.label_zh, declared.label_en) if declared else ("更多情况", "more about the person")
        return Explanation(
            f"还不能判断：{target_zh}，需要先了解{label_zh}。",
            f"Cannot decide yet: {target_en}; first need to know {label_en}.",
            asker.question_zh if asker else None,
            asker.question_en if asker else None,
        )
    if judgement.verdict == "uncertain":
        leaf = judgement.open[0]
        said_zh, said_en = _describe(schema, facts, (leaf,))
        note_zh = leaf.open_note_zh or f"方案原文“{leaf.clause}”没有说明这种情况是否包括在内。"
        note_en = leaf.open_note_en or f"the plan (“{leaf.clause}”) does not say whether this case is included."
        return Explanation(
            f"无法确定：{target_zh}，{said_zh}；{note_zh}请向{units_zh}咨询。",
            f"Uncertain: {target_en}; {said_en}; {note_en} Please ask {units_en}.",
            None,
            None,
        )
    leaves = judgement.met
    said_zh, said_en = _describe(schema, facts, leaves)
    assumed = judgement.assumed
    notes_zh = "".join(x.note_zh for x in leaves if x.note_zh) + "".join(x.assumed_note_zh for x in assumed)
    notes_zh += rules.note_zh
    notes_en = " ".join(
        [x.note_en for x in leaves if x.note_en]
        + [x.assumed_note_en for x in assumed if x.assumed_note_en]
        + ([rules.note_en] if rules.note_en else [])
    )
    return Explanation(
        f"符合：{target_zh}，{said_zh}。{notes_zh}具体安排请咨询{units_zh}。",
        " ".join(p for p in (f"Eligible: {target_en}; {said_en}.", notes_en, f"For arrangements, ask {units_en}.") if p),
        None,
        None,
    )


def eligibility_text(
    rules: RuleSet, item_number: int, facts: Facts, judgement: Judgement, language: str, schema: FactSchema | None = None
) -> str:
    """The answer's first line(s): a reason with its verdict, or who the item is for and the next question."""
    words = explain(rules, facts, judgement, schema)
    if judgement.verdict is None:
        if language == "en":
            return f"{rules.program_en} (item {item_number}) is for: {rules.target_en}. {words.next_question_en}"
        return f"{rules.program}（第{item_numeral(item_number)}项）面向：{rules.target_zh}。{words.next_question_zh}"
    return words.reason_en if language == "en" else words.reason_zh


__all__ = ["Explanation", "eligibility_text", "explain", "item_numeral"]
