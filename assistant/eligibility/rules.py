"""Eligibility rules as data: who each item of a plan is for, each condition citing its clause.

Rules come from ``corpus/eligibility.yaml`` (hand-written, with the plan's own facts declared
next to them) and from the item text itself (``derived.py``); the only I/O is ``load_rules``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.corpus.yamlfile import LineDict as _LineDict
from assistant.corpus.yamlfile import YamlFileError, load_yaml
from assistant.eligibility.facts import FactDef, FactError, FactSchema, parse_fact, schema_with

# --------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------


class RuleError(ValueError):
    """The rules file is malformed; the message names the file and, when known, the line."""


@dataclass(frozen=True)
class Condition:
    """One requirement of a program, citing the clause of the plan it comes from.

    Exactly one test: min_age/max_age (age), equals (bool or sex), or one_of (residence,
    disabilities, family). `uncertain_values` are values the plan leaves open (城镇部分妇女);
    `list_is_open` marks a list ending in 等 so unlisted values are open, not excluded.
    `alternatives` are OR-ed with this condition (妇女 or 儿童). `assume_if_missing`: an unknown
    value passes (with `assumed_note_*` in the reason) instead of being asked.
    """

    fact: str
    clause: str
    question_zh: str
    question_en: str
    min_age: int | None = None
    max_age: int | None = None
    equals: bool | str | None = None
    one_of: tuple[str, ...] = ()
    uncertain_values: tuple[str, ...] = ()
    list_is_open: bool = False
    open_note_zh: str = ""  # why a value is open, e.g. "方案只写“城镇部分妇女”，未说明是哪些。"
    open_note_en: str = ""
    note_zh: str = ""  # said when the condition is met on a self-declared, undefined notion
    note_en: str = ""
    alternatives: tuple[Condition, ...] = ()
    # An unknown value does not decide (is not asked); only a stated value that fails does. For
    # women-only items asked about by the person themself: "我能做这项筛查吗" is not met with
    # "are you female?", while 我老公 / my husband / 男的 still fails. The note says what was assumed.
    assume_if_missing: bool = False
    assumed_note_zh: str = ""
    assumed_note_en: str = ""


@dataclass(frozen=True)
class RuleSet:
    """Who one program of one item of a policy document is for."""

    document: str
    item: int
    program: str
    program_en: str
    target_zh: str  # exact substring of the policy text
    target_en: str
    conditions: tuple[Condition, ...]
    units_zh: str = ""  # the item's lead/responsible units, exact substring of the policy text
    units_en: str = ""
    note_zh: str = ""  # said with an eligible verdict (quota etc.)
    note_en: str = ""
    keywords: tuple[str, ...] = ()  # words in a question that point at this program (select_rule)
    # The plan's own facts declared in the file this rule set comes from (the same tuple for
    # every rule set of a file); see ``schema_of``.
    facts: tuple[FactDef, ...] = ()
    derived: bool = False  # conditions read from the item text at ingest, not written by hand

    @property
    def blocks(self) -> bool:
        """A `no_rule` entry: the item has no target group, and none is derived from its text."""
        return not self.conditions


_CONDITION_KEYS = frozenset(
    {
        "fact",
        "clause",
        "question_zh",
        "question_en",
        "min_age",
        "max_age",
        "equals",
        "one_of",
        "uncertain_values",
        "list_is_open",
        "open_note_zh",
        "open_note_en",
        "note_zh",
        "note_en",
        "or",
        "assume_if_missing",
        "assumed_note_zh",
        "assumed_note_en",
    }
)
_RULESET_KEYS = frozenset(
    {
        "document",
        "item",
        "program",
        "program_en",
        "target_zh",
        "target_en",
        "conditions",
        "units_zh",
        "units_en",
        "note_zh",
        "note_en",
        "keywords",
    }
)
_FILE_KEYS = frozenset({"document", "rule_sets", "facts", "no_rule"})


def _fail(path: Path, line: int | None, message: str) -> RuleError:
    where = f"{path}:{line}" if line else str(path)
    return RuleError(f"{where}: {message}")


def _str(path: Path, d: _LineDict, key: str, required: bool = True) -> str:
    value = d.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise _fail(path, getattr(d, "line", None), f"{key!r} must be a non-empty string")
    return value


def _str_tuple(path: Path, d: _LineDict, key: str) -> tuple[str, ...]:
    value = d.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, getattr(d, "line", None), f"{key!r} must be a list of strings")
    return tuple(value)


def _bool(path: Path, d: _LineDict, key: str) -> bool:
    value = d.get(key, False)
    if not isinstance(value, bool):
        raise _fail(path, getattr(d, "line", None), f"{key!r} must be true or false")
    return value


def _parse_condition(path: Path, d: Any, schema: FactSchema) -> Condition:
    """One YAML condition -> Condition, checking it tests a real fact with one kind of test."""
    if not isinstance(d, dict):
        raise _fail(path, None, "each condition must be a mapping")
    line = getattr(d, "line", None)
    unknown = set(d) - _CONDITION_KEYS
    if unknown:
        raise _fail(path, line, f"unknown condition key(s): {', '.join(sorted(map(str, unknown)))}")
    fact = _str(path, d, "fact")
    declared = schema.get(fact)
    if declared is None:
        raise _fail(path, line, f"unknown fact {fact!r}; expected one of {', '.join(schema.names)}")
    min_age, max_age = d.get("min_age"), d.get("max_age")
    for bound in (min_age, max_age):
        if bound is not None and (not isinstance(bound, int) or isinstance(bound, bool)):
            raise _fail(path, line, "min_age/max_age must be integers")
    one_of = _str_tuple(path, d, "one_of")
    uncertain = _str_tuple(path, d, "uncertain_values")
    equals = d.get("equals")
    tests = sum((min_age is not None or max_age is not None, equals is not None, bool(one_of)))
    if tests != 1:
        raise _fail(path, line, "a condition needs exactly one of min_age/max_age, equals, one_of")
    if (min_age is not None or max_age is not None) and declared.type != "int":
        raise _fail(path, line, f"min_age/max_age only apply to a number fact such as 'age', not {fact!r}")
    if declared.type == "int" and min_age is None and max_age is None:
        raise _fail(path, line, f"fact {fact!r} needs min_age and/or max_age")
    if equals is not None:
        if declared.type == "bool" and not isinstance(equals, bool):
            raise _fail(path, line, f"equals for {fact!r} must be true or false")
        if declared.type != "bool" and (isinstance(equals, bool) or equals not in declared.allowed()):
            raise _fail(path, line, f"equals {equals!r} is not a valid value of {fact!r}")
    allowed = declared.allowed() if declared.type in ("enum", "set") else ()
    for value in one_of + uncertain:
        if value not in allowed:
            raise _fail(path, line, f"{value!r} is not a valid value of {fact!r}")
    alternatives = d.get("or", [])
    if not isinstance(alternatives, list):
        raise _fail(path, line, "'or' must be a list of conditions")
    return Condition(
        fact=fact,
        clause=_str(path, d, "clause"),
        question_zh=_str(path, d, "question_zh"),
        question_en=_str(path, d, "question_en"),
        min_age=min_age,
        max_age=max_age,
        equals=equals,
        one_of=one_of,
        uncertain_values=uncertain,
        list_is_open=bool(d.get("list_is_open", False)),
        open_note_zh=_str(path, d, "open_note_zh", required=False),
        open_note_en=_str(path, d, "open_note_en", required=False),
        note_zh=_str(path, d, "note_zh", required=False),
        note_en=_str(path, d, "note_en", required=False),
        alternatives=tuple(_parse_condition(path, a, schema) for a in alternatives),
        assume_if_missing=_bool(path, d, "assume_if_missing"),
        assumed_note_zh=_str(path, d, "assumed_note_zh", required=False),
        assumed_note_en=_str(path, d, "assumed_note_en", required=False),
    )


def load_rules(path: Path) -> list[RuleSet]:
    """Read rule sets (and the plan facts they use) from YAML; the only I/O in this module.

    A `no_rule: [n, ...]` list gives each item n a rule set without conditions (``blocks``): the
    item names no target group and none is derived from its text.
    """
    path = Path(path)
    try:
        raw = load_yaml(path)
    except YamlFileError as exc:
        raise RuleError(str(exc)) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("rule_sets", []), list) or not ("rule_sets" in raw or "no_rule" in raw):
        raise _fail(path, getattr(raw, "line", None), "expected a mapping with a 'rule_sets' list")
    unknown = set(raw) - _FILE_KEYS
    if unknown:
        raise _fail(path, getattr(raw, "line", None), f"unknown key(s): {', '.join(sorted(map(str, unknown)))}")
    declared = raw.get("facts") or []
    if not isinstance(declared, list):
        raise _fail(path, getattr(raw, "line", None), "'facts' must be a list of fact declarations")
    facts: list[FactDef] = []
    for d in declared:
        try:
            facts.append(parse_fact(d, f"{path}:{getattr(d, 'line', '?')}"))
        except FactError as exc:
            raise RuleError(str(exc)) from exc
    file_facts = tuple(facts)
    schema = schema_with(file_facts)
    default_document = raw.get("document")
    out: list[RuleSet] = []
    for d in raw.get("rule_sets") or []:
        if not isinstance(d, dict):
            raise _fail(path, None, "each rule set must be a mapping")
        line = getattr(d, "line", None)
        unknown = set(d) - _RULESET_KEYS
        if unknown:
            raise _fail(path, line, f"unknown rule set key(s): {', '.join(sorted(map(str, unknown)))}")
        item = d.get("item")
        if not isinstance(item, int) or isinstance(item, bool) or not 1 <= item <= 999:
            raise _fail(path, line, "'item' must be a positive integer")
        document = d.get("document", default_document)
        if not isinstance(document, str) or not document:
            raise _fail(path, line, "'document' missing (per rule set or at top level)")
        conditions = d.get("conditions")
        if not isinstance(conditions, list) or not conditions:
            raise _fail(path, line, "'conditions' must be a non-empty list")
        out.append(
            RuleSet(
                document=document,
                item=item,
                program=_str(path, d, "program"),
                program_en=_str(path, d, "program_en"),
                target_zh=_str(path, d, "target_zh"),
                target_en=_str(path, d, "target_en"),
                conditions=tuple(_parse_condition(path, c, schema) for c in conditions),
                units_zh=_str(path, d, "units_zh", required=False),
                units_en=_str(path, d, "units_en", required=False),
                note_zh=_str(path, d, "note_zh", required=False),
                note_en=_str(path, d, "note_en", required=False),
                keywords=_str_tuple(path, d, "keywords"),
                facts=file_facts,
            )
        )
    no_rule = raw.get("no_rule") or []
    if not isinstance(no_rule, list) or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in no_rule):
        raise _fail(path, getattr(raw, "line", None), "'no_rule' must be a list of item numbers")
    if no_rule and not isinstance(default_document, str):
        raise _fail(path, getattr(raw, "line", None), "'no_rule' needs a top-level 'document'")
    for n in no_rule:
        if any(rs.document == default_document and rs.item == n for rs in out):
            raise _fail(path, getattr(raw, "line", None), f"item {n} is in 'no_rule' and has a rule set")
        out.append(RuleSet(str(default_document), n, "", "", "", "", (), facts=file_facts))
    return out


def schema_of(rule_sets: Iterable[RuleSet]) -> FactSchema:
    """The facts in force for these rules: the general ones plus those their files declare."""
    return schema_with(f for rs in rule_sets for f in rs.facts)


def all_conditions(conditions: tuple[Condition, ...]) -> list[Condition]:
    """Every condition, its alternatives included (to check each cites the plan)."""
    out: list[Condition] = []
    for c in conditions:
        out.append(c)
        out.extend(all_conditions(c.alternatives))
    return out


def check_clauses(rule_sets: list[RuleSet], policy_text: str, document: str | None = None) -> tuple[str, ...]:
    """Quoted texts (clauses, targets, units) that are NOT in the policy text; empty = all cited exactly."""
    missing: list[str] = []
    for rs in rule_sets:
        if (document is not None and rs.document != document) or rs.blocks:
            continue
        quoted = [rs.target_zh] + ([rs.units_zh] if rs.units_zh else [])
        quoted += [c.clause for c in all_conditions(rs.conditions)]
        missing.extend(q for q in quoted if q not in policy_text and q not in missing)
    return tuple(missing)


def select_rule(rule_sets: Iterable[RuleSet], document: str, item: int, question: str) -> RuleSet | None:
    """Pick the program of an item the question is about (screening vs. assistance); default the first."""
    candidates = [rs for rs in rule_sets if rs.document == document and rs.item == item and not rs.blocks]
    if not candidates:
        return None
    q = question.lower()
    scores = [sum(1 for k in rs.keywords if k.lower() in q) for rs in candidates]
    best = max(scores)
    return candidates[scores.index(best)] if best > 0 else candidates[0]


__all__ = [
    "Condition",
    "RuleError",
    "RuleSet",
    "all_conditions",
    "check_clauses",
    "load_rules",
    "schema_of",
    "select_rule",
]
