"""Reading facts from what a person writes (zh/en), anywhere in a message of any length.

Deterministic: the same message always yields the same facts. Every word and pattern is data
(``data/people.yaml``, ``data/questions.yaml``, the fact declarations); this module holds only the
readers: who the message is about, which age belongs to whom, negation, and one reader per kind
of fact (age, sex, child, choice, polarity, first, categories).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from assistant.eligibility.facts import CN_NUMBER, FactDef, Facts, FactSchema, _data, base_schema, compile_pattern, said
from assistant.language.numerals import parse_number


def _number(token: str) -> int | None:
    """An age written in digits or Chinese numerals (the one parser: assistant/language/numerals.py)."""
    return parse_number(token)


# --------------------------------------------------------------------------------------
# Language data (people, negation, eligibility questions), loaded once
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    name: str
    sex: str | None
    child: bool | None
    zh: str
    en: str
    be: str = "is"
    have: str = "has"


@dataclass(frozen=True)
class Language:
    subjects: dict[str, Subject]
    nobody: Subject
    kinship_zh: tuple[tuple[str, str], ...]  # (subject, pattern source)
    kinship_en: tuple[tuple[str, str], ...]
    kin_zh_re: re.Pattern[str]
    kin_en_re: re.Pattern[str]
    kin_any_zh: str
    self_parent: re.Pattern[str]
    self_parent_sex: dict[str, str]
    self_zh: re.Pattern[str]
    self_en: re.Pattern[str]
    companion_before_zh: re.Pattern[str]
    companion_join_zh: re.Pattern[str]
    companion_after_zh: re.Pattern[str]
    companion_before_en: re.Pattern[str]
    circumstance_after_zh: re.Pattern[str]
    circumstance_after_en: re.Pattern[str]
    verb: re.Pattern[str]
    modal_before_subject: frozenset[str]
    negation_zh: re.Pattern[str]
    negation_en: re.Pattern[str]
    clause_break: re.Pattern[str]
    separator: str
    questions: tuple[re.Pattern[str], ...]
    what_if: re.Pattern[str]
    yes: re.Pattern[str]
    no: re.Pattern[str]
    yes_means: dict[str, str]
    no_means: dict[str, str]

    @property
    def child_subjects(self) -> frozenset[str]:
        return frozenset(s.name for s in self.subjects.values() if s.child)


@lru_cache(maxsize=1)
def language() -> Language:
    """The people and question data shipped with the package."""
    people = _data("people.yaml")
    q = _data("questions.yaml")
    subjects = {
        name: Subject(name, d.get("sex"), d.get("child"), d["zh"], d["en"], d.get("be", "is"), d.get("have", "has"))
        for name, d in people["subjects"].items()
    }
    nobody = Subject("", None, None, people["nobody"]["zh"], people["nobody"]["en"])
    kin_zh = tuple((s, p) for s, p in people["kinship_zh"])
    kin_en = tuple((s, p) for s, p in people["kinship_en"])
    for subject, _ in kin_zh + kin_en:
        if subject not in subjects:
            raise ValueError(f"people.yaml: kinship names unknown subject {subject!r}")

    def alternation(patterns: tuple[tuple[str, str], ...], edge: str) -> re.Pattern[str]:
        return re.compile("|".join(f"(?P<k{i}>{edge}(?:{p}){edge})" for i, (_, p) in enumerate(patterns)))

    c = compile_pattern
    return Language(
        subjects=subjects,
        nobody=nobody,
        kinship_zh=kin_zh,
        kinship_en=kin_en,
        kin_zh_re=alternation(kin_zh, ""),
        kin_en_re=alternation(kin_en, r"\b"),
        kin_any_zh="|".join(p for _, p in kin_zh),
        self_parent=c(people["self_parent"]),
        self_parent_sex=dict(people["self_parent_sex"]),
        self_zh=c(people["self_zh"]),
        self_en=c(people["self_en"]),
        companion_before_zh=c(people["companion_before_zh"]),
        companion_join_zh=c(people["companion_join_zh"]),
        companion_after_zh=c(people["companion_after_zh"]),
        companion_before_en=c(people["companion_before_en"]),
        circumstance_after_zh=c(people["circumstance_after_zh"]),
        circumstance_after_en=c(people["circumstance_after_en"]),
        verb=c(people["eligibility_verb"]),
        modal_before_subject=frozenset(people["modal_before_subject"]),
        negation_zh=c(people["negation_zh"]),
        negation_en=c(people["negation_en"]),
        clause_break=c(people["clause_break"]),
        separator=people["separator"],
        questions=tuple(c(p) for p in q["patterns"]),
        what_if=c(q["what_if"]),
        yes=c(q["reply_yes"]),
        no=c(q["reply_no"]),
        yes_means=dict(q.get("yes_means") or {}),
        no_means=dict(q.get("no_means") or {}),
    )


def subject_info(name: str | None) -> Subject:
    """How a subject is named in a reason (the person concerned when nobody was named)."""
    lang = language()
    return lang.subjects.get(name or "", lang.nobody)


# --------------------------------------------------------------------------------------
# Who the message is about
# --------------------------------------------------------------------------------------


def _negated(text: str, start: int) -> bool:
    """Whether the word at `start` is negated within its own clause (不是低保户, not poor)."""
    lang = language()
    window = text[max(0, start - 14) : start]
    parts = lang.clause_break.split(window)
    window = parts[-1] if parts else window
    return bool(lang.negation_zh.search(window[-4:]) or lang.negation_en.search(window))


@dataclass(frozen=True)
class _Mention:
    pos: int
    end: int
    subject: str
    sex: str | None = None


def _is_companion(text: str, start: int, end: int, companion_end: int) -> bool:
    """A relative named after 跟/和/与/同 … 住/挤 or "with": who the subject lives with."""
    lang = language()
    if lang.companion_before_en.search(text[max(0, start - 20) : start]):
        return True
    chained = companion_end >= 0 and lang.companion_join_zh.fullmatch(text[companion_end:start]) is not None
    if not chained and not lang.companion_before_zh.search(text[max(0, start - 6) : start]):
        return False
    if chained:
        return True
    # 跟/和 also join two people asking together ("我婆婆和我妈能参加吗"): only living together
    # (住/挤/睡/一起…) makes the second one context. Skip over further kin words ("跟爷爷奶奶挤").
    rest = re.sub(r"^(?:[、和与及]?(?:" + lang.kin_any_zh + r"))*", "", text[end:])
    return lang.companion_after_zh.match(rest) is not None


def _person_mentions(text: str) -> list[_Mention]:
    """Every mention of a person who could be the subject, in text order."""
    lang = language()
    mentions: list[_Mention] = []
    masked: list[tuple[int, int]] = []
    for m in lang.self_parent.finditer(text):
        mentions.append(_Mention(m.start(), m.end(), "self", lang.self_parent_sex.get(m.group(1))))
        masked.append((m.start(), m.end()))

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in masked)

    for kinship, regex, circum in (
        (lang.kinship_zh, lang.kin_zh_re, lang.circumstance_after_zh),
        (lang.kinship_en, lang.kin_en_re, lang.circumstance_after_en),
    ):
        companion_end = -1  # end of the last relative named as someone lived with
        for m in regex.finditer(text):
            if not free(m.start(), m.end()):
                continue
            idx = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
            if circum.match(text, m.end()):
                continue
            if _is_companion(text, m.start(), m.end(), companion_end):
                companion_end = m.end()
                continue
            mentions.append(_Mention(m.start(), m.end(), kinship[idx][0]))
            masked.append((m.start(), m.end()))
    for regex in (lang.self_zh, lang.self_en):
        for m in regex.finditer(text):
            if free(m.start(), m.end()):
                mentions.append(_Mention(m.start(), m.end(), "self"))
    return sorted(mentions, key=lambda x: x.pos)


def _pick_subject(text: str, mentions: list[_Mention]) -> _Mention | None:
    """The person the question is about: the one right before the eligibility verb, else the last named."""
    if not mentions:
        return None
    lang = language()
    verb = lang.verb.search(text)
    if verb:
        before = [m for m in mentions if m.end <= verb.start()]
        # English puts the subject after the modal: "can my daughter ...", "does my son qualify".
        after = [m for m in mentions if m.pos >= verb.end() and m.pos - verb.end() <= 12]
        if verb.group(0) in lang.modal_before_subject and after:
            return after[0]
        if before:
            # Prefer a mention in the same clause as the verb.
            last = before[-1]
            if not lang.clause_break.search(text[last.end : verb.start()]):
                return last
    return mentions[-1]


# --------------------------------------------------------------------------------------
# Readers, one per kind of fact
# --------------------------------------------------------------------------------------


def _read_age(fact: FactDef, text: str, mentions: list[_Mention], subject: _Mention | None) -> int | None:
    """The subject's age: one said after the subject's mention, else one with no owner."""
    found: list[tuple[int, int]] = []
    seen: set[int] = set()
    top = fact.spec["max"]
    for pattern in fact.spec["each"]:
        for m in pattern.finditer(text):
            value = _number(m.group(1))
            if value is None or not 0 <= value <= top or m.start(1) in seen:
                continue
            seen.add(m.start(1))
            found.append((m.start(1), value))
    found.sort()
    stripped = text.strip().strip("。.!！?？")
    if not found and re.fullmatch(rf"\d{{1,3}}|{CN_NUMBER}", stripped):
        value = _number(stripped)
        if value is not None and 0 < value <= top:
            return value
    unowned: list[int] = []
    for pos, value in found:
        owners = [m for m in mentions if m.end <= pos]
        owner = owners[-1] if owners else None
        if subject is not None and owner is not None and owner.subject == subject.subject:
            return value
        if owner is None:
            unowned.append(value)
    if unowned:
        return unowned[0]
    if found and subject is None:
        return found[0][1]
    return None


def _read_sex(fact: FactDef, text: str, subject: _Mention | None) -> str | None:
    """Sex of the subject: from the kinship word, else only from what is said outright."""
    lang = language()
    if subject is not None and subject.sex:
        return subject.sex
    kin_sex = subject_info(subject.subject).sex if subject else None
    if kin_sex:
        return kin_sex
    stripped = text.strip().strip("。.!！?？ ")
    for v in fact.values:
        if "whole" in v.spec and v.spec["whole"].fullmatch(stripped):
            return v.value
    who = subject.subject if subject else None
    sep = lang.separator

    def only(key: str, bare: bool = False) -> str | None:
        hits = []
        for v in fact.values:
            p = v.spec.get(key)
            if p is None:
                continue
            if bare:
                hit = re.search(rf"(?:^|{sep})(?:{p.pattern})(?={sep}|$)", text)
            else:
                hit = p.search(text)
            if hit:
                hits.append(v.value)
        return hits[0] if len(hits) == 1 else None

    if who in (None, "self"):
        value = only("bare", bare=True)
        if value:
            return value
        return only("person")
    if who in lang.child_subjects:
        return only("child")
    return None


def _read_child(fact: FactDef, text: str, subject: _Mention | None, age: int | None) -> bool | None:
    value = subject_info(subject.subject).child if subject else None
    if fact.spec["true"].search(text):
        value = True
    elif fact.spec["false"].search(text):
        value = False
    if age is not None:
        value = age < fact.spec["adult_age"]
    return value


def _read_choice(fact: FactDef, text: str) -> str | None:
    """One value of several (rural/urban); a decisive statement wins, conflicting words leave it open."""
    decisive = fact.spec.get("decisive")
    if decisive is not None:
        m = decisive.search(text)
        if m:
            word = next(g for g in m.groups() if g)
            value = fact.spec["decisive_values"].get(word)
            if value is not None:
                return value
    hits = [v.value for v in fact.values if v.pattern and any(not _negated(text, m.start()) for m in v.pattern.finditer(text))]
    return hits[0] if len(hits) == 1 else None


def _read_polarity(fact: FactDef, text: str) -> bool | None:
    """True if any un-negated hit, False if only negated hits of the negatable words, else None."""
    hits = [(m.start(), _negated(text, m.start())) for m in fact.spec["patterns"].finditer(text)]
    if any(not neg for _, neg in hits):
        return True
    if any(neg for pos, neg in hits if fact.spec["negatable"].match(text, pos)):
        return False
    unless = fact.spec.get("unless_said")
    if unless is not None and unless.search(text):
        return True
    return None


def _read_first(fact: FactDef, text: str) -> Any:
    """The value of the first rule whose patterns match (and whose `unless` does not)."""
    for value, pattern, unless in fact.spec["rules"]:
        if pattern.search(text) and not (unless is not None and unless.search(text)):
            return value
    return None


def _read_categories(fact: FactDef, text: str) -> tuple[str, ...]:
    """Values mentioned (un-negated), in declaration order; else the "none" value if said."""
    out = [v.value for v in fact.values if v.pattern and any(not _negated(text, m.start()) for m in v.pattern.finditer(text))]
    if not out and fact.none is not None and fact.none.pattern is not None and fact.none.pattern.search(text):
        out = [fact.none.value]
    return tuple(out)


def extract_facts(text: str, schema: FactSchema | None = None) -> Facts:
    """Read the facts a person states about themselves or a relative (zh/en, deterministic)."""
    schema = schema or base_schema()
    t = text.lower()
    mentions = _person_mentions(t)
    subject = _pick_subject(t, mentions)
    values: dict[str, Any] = {}
    age_fact = schema.by_read("age")
    age = _read_age(age_fact, t, mentions, subject) if age_fact else None
    if age_fact:
        values[age_fact.name] = age
    for fact in schema:
        masked = t
        for other in schema:
            if fact.name in other.masks:
                for _, pattern, _ in other.spec.get("rules", ()):
                    masked = pattern.sub("，", masked)
        if fact.read == "sex":
            values[fact.name] = _read_sex(fact, masked, subject)
        elif fact.read == "child":
            values[fact.name] = _read_child(fact, masked, subject, age)
        elif fact.read == "choice":
            values[fact.name] = _read_choice(fact, masked)
        elif fact.read == "polarity":
            values[fact.name] = _read_polarity(fact, masked)
        elif fact.read == "first":
            values[fact.name] = _read_first(fact, masked)
        elif fact.read == "categories":
            values[fact.name] = _read_categories(fact, masked)
    # A circumstance implies another fact unless that one was said (孤儿 -> 困境).
    for fact in schema:
        if fact.type != "set":
            continue
        for v in fact.values:
            if v.value in (values.get(fact.name) or ()):
                for name, implied in v.implies:
                    if values.get(name) is None:
                        values[name] = implied
    return Facts(subject=subject.subject if subject else None, **values)


# --------------------------------------------------------------------------------------
# Across turns, replies, and the question itself
# --------------------------------------------------------------------------------------


def _same_person(a: str, b: str) -> bool:
    """ "child" and "daughter" in consecutive turns are the same child, not a new subject."""
    children = language().child_subjects
    return a == b or (a in children and b in children and "child" in (a, b))


def merge_facts(earlier: Facts, later: Facts, schema: FactSchema | None = None) -> Facts:
    """Combine turns: later said values win; a new subject starts a new person but keeps the household."""
    schema = schema or base_schema()
    subject = later.subject or earlier.subject
    base = earlier
    if earlier.subject and later.subject:
        if _same_person(earlier.subject, later.subject):
            subject = earlier.subject if later.subject == "child" else later.subject
        else:
            kept: dict[str, Any] = {}
            for fact in schema:
                value = earlier.get(fact.name)
                if fact.household:
                    kept[fact.name] = value
                elif fact.type == "set" and value:
                    household = {v.value for v in fact.values if v.household}
                    kept[fact.name] = tuple(x for x in value if x in household)
            base = Facts(**kept)
    values = {name: value for name, value in base.items()}
    values.update({name: value for name, value in later.items()})
    age_fact, child_fact = schema.by_read("age"), schema.by_read("child")
    if age_fact and child_fact and later.get(age_fact.name) is not None and later.get(child_fact.name) is None:
        values[child_fact.name] = later.get(age_fact.name) < child_fact.spec["adult_age"]
    return Facts(subject=subject, **values)


def stated_any(facts: Facts) -> bool:
    """Whether any fact was stated (the subject alone is not a fact)."""
    return any(said(v) for _, v in facts.items())


def is_eligibility_question(text: str, schema: FactSchema | None = None) -> bool:
    """Whether the user asks if someone qualifies (vs. asking what the plan says)."""
    lang = language()
    t = text.lower()
    if any(p.search(t) for p in lang.questions):
        return True
    if lang.what_if.search(t):
        return stated_any(extract_facts(text, schema))
    return False


def answer_facts(fact: str, text: str, schema: FactSchema | None = None) -> Facts:
    """Facts from a reply to the question about `fact`, so a bare 是/不是/yes/no is understood."""
    schema = schema or base_schema()
    lang = language()
    facts = extract_facts(text, schema)
    declared = schema.get(fact)
    if declared is None or said(facts.get(fact)):
        return facts
    reply = text.strip().lower()
    yes, no = bool(lang.yes.fullmatch(reply)), bool(lang.no.fullmatch(reply))
    if yes == no:
        return facts
    if declared.type == "bool":
        return facts.replace(**{fact: yes})
    means = lang.yes_means if yes else lang.no_means
    if fact in means:  # questions about sex are phrased "是女性吗？"
        return facts.replace(**{fact: means[fact]})
    return facts


__all__ = [
    "Language",
    "Subject",
    "answer_facts",
    "extract_facts",
    "is_eligibility_question",
    "language",
    "merge_facts",
    "stated_any",
    "subject_info",
]
