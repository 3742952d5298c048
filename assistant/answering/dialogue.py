"""Dialogue state: what a conversation is about after each question, and what the person has said. Pure.

A ``Turn`` is the state after one question. ``advance`` moves it on by one question, given the
facts that question states (read once, by ``stated_facts``) and the item retrieval found for it
when it was confident. Nothing here searches, loads or logs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.answering.answers import RankedItem
from assistant.corpus.records import PolicyItem
from assistant.eligibility import (
    Facts,
    FactSchema,
    RuleSet,
    answer_facts,
    extract_facts,
    is_eligibility_question,
    judge,
    merge_facts,
    schema_of,
)
from assistant.language.understanding import DEPARTMENT, Query
from assistant.search.retrieval import Retrieval

Topic = tuple[str, int]  # (document id, item number)


@dataclass(frozen=True)
class Turn:
    """The conversation after a question: its plan and item, the person's facts so far."""

    topic: Topic | None = None
    facts: Facts = field(default_factory=Facts)
    eligibility: bool = False  # the conversation is about whether someone qualifies
    follow_up: bool = False  # this question leaned on the previous topic
    stated: Facts = field(default_factory=Facts)  # the facts this question itself stated
    why: str = ""  # how the question relates to the previous topic (see ``relation``)


START = Turn()


def stated_facts(previous: Turn, text: str, previous_rules: RuleSet | None, schema: FactSchema | None = None) -> Facts:
    """Facts a question states; a bare 是/没有/yes answers the question the previous turn asked.

    ``previous_rules`` is the rule set of the previous topic when that turn was about eligibility;
    ``schema`` the facts in force (the corpus's, see ``eligibility.schema_of``).
    """
    if previous_rules is not None and schema is None:
        schema = schema_of((previous_rules,))  # at least the facts its rules ask about
    if previous.eligibility and previous.topic and previous_rules is not None:
        missing = judge(previous_rules, previous.facts, schema).missing_facts
        if missing:
            return answer_facts(missing[0], text, schema)
    return extract_facts(text, schema)


def relation(
    previous: Turn, query: Query, stated: Facts, topic_item: PolicyItem | None = None, *, elsewhere: bool = False
) -> tuple[bool, str]:
    """Whether the question continues the topic under discussion, and why.

    It continues when it states facts, points back (这个, it) or asks briefly with no subject of
    its own ("归哪个单位管？", "which department is in charge?"), or when everything it names is in
    the item under discussion. It starts a new topic when it says so (换个问题, by the way), names
    another item by number, or names terms or units the item under discussion does not contain.
    ``topic_item`` is the item under discussion (None for the plan as a whole); ``elsewhere``
    says the question names a place the plan under discussion does not (another plan's place).
    """
    if not previous.topic:
        return False, "no_topic"
    if query.changes_subject:
        return False, "changes_subject"
    if query.item_refs and previous.topic[1] not in query.item_refs:
        return False, "names_item"
    if elsewhere:
        return False, "names_place"
    if not query.asks and stated != Facts():
        return True, "states_facts"  # "我今年45岁", "my son is 12"
    terms = subject_terms(query)
    if query.points_back and not (terms or query.item_refs):
        return True, "points_back"
    if terms or query.units or query.item_refs:
        if topic_item is not None and _within(query, topic_item, terms) and not (query.units and "unit_lookup" in query.intents):
            return True, "same_subject"
        return False, "own_subject"
    if query.brief:
        return True, "no_subject"
    return False, "long_without_subject"


def subject_terms(query: Query) -> tuple[str, ...]:
    """The glossary terms the question names as its subject. A term said by an alias that asks which unit is in
    charge (哪个部门负责, 牵头部门, lead department: the department intent's own words) names no subject: it asks
    about the item under discussion ("那它是哪个部门负责的？" after a question about an item stays on it)."""
    return tuple(dict.fromkeys(m.canonical for m in query.matches if m.kind == "term" and not DEPARTMENT.search(m.alias)))


def _within(query: Query, item: PolicyItem, terms: tuple[str, ...]) -> bool:
    """Everything the question names (``terms``, units, item numbers) belongs to this item."""
    text = _squash(item.text)
    return (
        all(_squash(t) in text for t in terms)
        and all(u in item.units for u in query.units)
        and all(n == item.number for n in query.item_refs)
    )


def _squash(text: str) -> str:
    return re.sub(r"[\s“”\"'‘’]", "", text)


def advance(
    previous: Turn,
    query: Query,
    stated: Facts,
    found: Topic | None,
    topic_item: PolicyItem | None = None,
    schema: FactSchema | None = None,
    *,
    elsewhere: bool = False,
) -> Turn:
    """The conversation after ``query``.

    ``found`` is the item retrieval ranked first for the question when it was confident (None
    otherwise); it is ignored when the question continues the previous topic. ``topic_item`` is
    the item of the previous topic.
    """
    follow_up, why = relation(previous, query, stated, topic_item, elsewhere=elsewhere)
    topic = previous.topic
    if not follow_up:
        if found is not None:
            topic = found
        elif why in ("changes_subject", "names_item", "names_place"):
            topic = None  # the previous topic was left behind, and nothing new was found
    # Facts carry over until the conversation moves from one topic to another.
    switched = previous.topic is not None and topic != previous.topic
    facts = merge_facts(Facts() if switched else previous.facts, stated, schema)
    only_facts = stated != Facts() and not query.intents and not query.terms
    # Stating one's circumstances about the item under discussion ("我今年四十五岁", "my son is 9") asks whether
    # they qualify, even when no earlier turn asked it.
    eligibility = (
        is_eligibility_question(query.text, schema)
        or (previous.eligibility and not switched and (only_facts or (follow_up and not query.intents)))
        or (why == "states_facts" and only_facts)
    )
    return Turn(topic, facts, eligibility, follow_up, stated, why)


def focus(retrieval: Retrieval, turn: Turn) -> Retrieval:
    """For a follow-up, the topic under discussion goes first; the question's own hits follow."""
    if not (turn.follow_up and turn.topic):
        return retrieval
    lead = next((r for r in retrieval.ranked if (r.document, r.item) == turn.topic), None)
    top = lead or RankedItem(turn.topic[0], turn.topic[1], 1.0)
    rest = tuple(r for r in retrieval.ranked if (r.document, r.item) != turn.topic)
    score = max(top.score, rest[0].score + 1.0) if rest else top.score
    return replace(retrieval, ranked=(replace(top, score=score), *rest))
