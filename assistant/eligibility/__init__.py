"""Eligibility: who a plan item is for, what a person said, and the verdict (codes, no prose).

- facts.py       facts declared as data (name, type, reader, patterns, labels); ``Facts``
- extraction.py  facts read from a message (zh/en), merged across turns; eligibility questions
- rules.py       hand rules from ``corpus/eligibility.yaml``, each condition citing its clause
- derived.py     rules read from an item's own text at ingest (age ranges, sex, residence, income …)
- judgement.py   a rule set applied to facts: verdict, conditions met/failed/open/missing

The words a person reads are in ``assistant/answering/eligibility_text.py``.
"""

from assistant.eligibility.derived import derive_rules, eligibility_rules
from assistant.eligibility.extraction import answer_facts, extract_facts, is_eligibility_question, merge_facts, stated_any
from assistant.eligibility.facts import FactDef, Facts, FactSchema, base_schema
from assistant.eligibility.judgement import Judgement, Verdict, judge, select_rule_for
from assistant.eligibility.rules import Condition, RuleError, RuleSet, all_conditions, check_clauses, load_rules, schema_of, select_rule

__all__ = [
    "Condition",
    "FactDef",
    "FactSchema",
    "Facts",
    "Judgement",
    "RuleError",
    "RuleSet",
    "Verdict",
    "all_conditions",
    "answer_facts",
    "base_schema",
    "check_clauses",
    "derive_rules",
    "eligibility_rules",
    "extract_facts",
    "is_eligibility_question",
    "judge",
    "load_rules",
    "merge_facts",
    "schema_of",
    "select_rule",
    "select_rule_for",
    "stated_any",
]
