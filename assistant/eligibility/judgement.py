"""Judgement: apply one rule set to the facts. Codes only (verdict, conditions, clauses), no prose.

The words a person reads (reasons, the next question, "the plan leaves this open, ask unit X")
are composed from a ``Judgement`` by ``assistant/answering/eligibility_text.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal

from assistant.eligibility.facts import Facts, FactSchema, said
from assistant.eligibility.rules import Condition, RuleSet, schema_of, select_rule

# The one verdict type (the answer contract's `eligibility` uses it too).
Verdict = Literal["eligible", "not_eligible", "uncertain"]


@dataclass(frozen=True)
class Judgement:
    """A verdict and the conditions it rests on, each citing its clause.

    verdict: None when a deciding fact is missing (then ``ask`` is the condition whose question
    to ask and ``missing_facts`` the facts still needed, most decisive first).
    met / failed / open: the conditions that decided (open: the plan leaves the value open).
    assumed: met conditions whose value was not said but assumed (``assume_if_missing``).
    counted: (fact, from_fact) when a fact was not said but another fact counted for it (``counts_from``).
    clause: the clause the verdict rests on (an exact substring of the plan).
    """

    verdict: Verdict | None
    missing_facts: tuple[str, ...]
    clause: str
    met: tuple[Condition, ...] = ()
    failed: tuple[Condition, ...] = ()
    open: tuple[Condition, ...] = ()
    ask: Condition | None = None
    assumed: tuple[Condition, ...] = ()
    counted: tuple[tuple[str, str], ...] = ()


_PASS, _FAIL, _MISSING, _OPEN = "pass", "fail", "missing", "open"


@dataclass(frozen=True)
class _Outcome:
    status: str
    leaves: tuple[Condition, ...]  # the condition(s) that decided the status
    missing: tuple[str, ...] = ()
    question: Condition | None = None  # whose question to ask when missing


def value_of(facts: Facts, fact: str, schema: FactSchema) -> tuple[Any, str]:
    """A fact's value and the fact it was read from: itself, a stated age (is_child), or a
    fact that counts for it (``counts_from``)."""
    value = facts.get(fact)
    if said(value):
        return value, fact
    declared = schema.get(fact)
    if declared is None:
        return None, fact
    if declared.read == "child":
        age_fact = schema.by_read("age")
        age = facts.get(age_fact.name) if age_fact else None
        if age is not None:
            return age < declared.spec["adult_age"], age_fact.name  # type: ignore[union-attr]
    for other in declared.counts_from:
        if facts.get(other) is True:
            return True, other
    return None, fact


def _evaluate_leaf(c: Condition, facts: Facts, schema: FactSchema) -> str:
    """One test on one fact; a value the plan leaves open is "open", never "fail"."""
    value, _ = value_of(facts, c.fact, schema)
    if not said(value):
        return _PASS if c.assume_if_missing else _MISSING
    if c.min_age is not None or c.max_age is not None:
        too_young = c.min_age is not None and value < c.min_age
        too_old = c.max_age is not None and value > c.max_age
        return _FAIL if too_young or too_old else _PASS
    if c.equals is not None:
        if value == c.equals:
            return _PASS
        return _OPEN if value in c.uncertain_values else _FAIL
    values = value if isinstance(value, tuple) else (value,)
    if any(v in c.one_of for v in values):
        return _PASS
    if any(v in c.uncertain_values for v in values):
        return _OPEN
    declared = schema.get(c.fact)
    none = declared.none.value if declared is not None and declared.none is not None else None
    if c.list_is_open and none not in values:
        return _OPEN
    return _FAIL


def _evaluate(c: Condition, facts: Facts, schema: FactSchema) -> _Outcome:
    """Evaluate a condition with its OR-alternatives: pass > missing > open > fail."""
    leaves = (replace(c, alternatives=()),) + c.alternatives
    results = [
        (leaf, _evaluate(leaf, facts, schema) if leaf.alternatives else _Outcome(_evaluate_leaf(leaf, facts, schema), (leaf,)))
        for leaf in leaves
    ]
    for _leaf, r in results:
        if r.status == _PASS:
            return _Outcome(_PASS, r.leaves)
    missing = [(leaf, r) for leaf, r in results if r.status == _MISSING]
    if missing:
        facts_needed: list[str] = []
        for leaf, r in missing:
            for name in r.missing or (leaf.fact,):
                if name not in facts_needed:
                    facts_needed.append(name)
        asker = c if len(missing) == len(results) else (missing[0][1].question or missing[0][0])
        return _Outcome(_MISSING, tuple(leaf for leaf, _ in missing), tuple(facts_needed), asker)
    for _leaf, r in results:
        if r.status == _OPEN:
            return _Outcome(_OPEN, r.leaves)
    return _Outcome(_FAIL, tuple(x for _, r in results for x in r.leaves))


def judge(rules: RuleSet, facts: Facts, schema: FactSchema | None = None) -> Judgement:
    """Apply one rule set: fail beats missing beats open beats eligible."""
    schema = schema or schema_of((rules,))
    outcomes = [_evaluate(c, facts, schema) for c in rules.conditions]

    def counted(leaves: tuple[Condition, ...]) -> tuple[tuple[str, str], ...]:
        out = []
        for leaf in leaves:
            value, source = value_of(facts, leaf.fact, schema)
            if said(value) and source != leaf.fact and (leaf.fact, source) not in out:
                out.append((leaf.fact, source))
        return tuple(out)

    failed = [o for o in outcomes if o.status == _FAIL]
    if failed:
        leaves = tuple(x for o in failed for x in o.leaves)
        return Judgement("not_eligible", (), failed[0].leaves[0].clause, failed=leaves, counted=counted(leaves))

    missing = [o for o in outcomes if o.status == _MISSING]
    if missing:
        names: list[str] = []
        for o in missing:
            names.extend(n for n in o.missing if n not in names)
        first = missing[0]
        asker = first.question or first.leaves[0]
        return Judgement(None, tuple(names), asker.clause, ask=asker)

    opened = [o for o in outcomes if o.status == _OPEN]
    if opened:
        leaves = tuple(x for o in opened for x in o.leaves)
        return Judgement("uncertain", (), leaves[0].clause, open=leaves, counted=counted(leaves[:1]))

    leaves = tuple(x for o in outcomes for x in o.leaves)
    assumed = tuple(x for x in leaves if x.assume_if_missing and not said(value_of(facts, x.fact, schema)[0]))
    return Judgement("eligible", (), rules.target_zh, met=leaves, assumed=assumed, counted=counted(leaves))


_RANK: dict[Verdict | None, int] = {"eligible": 0, "uncertain": 1, None: 2, "not_eligible": 3}


def select_rule_for(
    rule_sets: Iterable[RuleSet], document: str, item: int, question: str, facts: Facts, schema: FactSchema | None = None
) -> RuleSet | None:
    """``select_rule``; when it picks a rule read from the text, the item's derived rule set that
    suits the facts best: an item naming several groups (children with one kind of need and children
    with another) gets one rule set per group, and a person needs to belong to one of them."""
    rule_sets = tuple(rule_sets)
    chosen = select_rule(rule_sets, document, item, question)
    if chosen is None or not chosen.derived:
        return chosen
    groups = [rs for rs in rule_sets if rs.document == document and rs.item == item and rs.derived]
    return min(groups, key=lambda rs: _RANK[judge(rs, facts, schema).verdict])


__all__ = ["Judgement", "Verdict", "judge", "select_rule_for", "value_of"]
