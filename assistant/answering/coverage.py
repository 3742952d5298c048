"""Answerability from evidence: is what a question asks about covered by the item it would be answered from?

A question's content terms (question words, function words and generic words of asking removed, by jieba
part-of-speech tags and the word lists in ``data/coverage.yaml``) are looked up in the item's evidence: its
text, units, figures, target groups and the glossary synonyms of the terms it contains. A term found only
elsewhere in the plan is neutral; a term found nowhere is *foreign*. A clause that asks for something
foreign is not covered (a screening for one disease beside an item that screens for two others; a unit's 电话). A question with no
word tying it to the item may still be covered when it is close to one of the item's sentences (dense
similarity above a threshold calibrated on eval/answerability/calibration.jsonl): synonyms the glossary lacks.

Everything here is pure: the tokenizer, the evidence and the dense similarity are passed in.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from assistant.corpus.parsing import extract_figures
from assistant.corpus.text import simplified_view
from assistant.language.bilingual import phrases as dictionary_phrases
from assistant.language.bilingual import stem
from assistant.language.romanised import Spelling, spelt

Decision = Literal["covered", "partial", "not_covered", "no_terms"]
Status = Literal["item", "plan", "foreign"]

_CJK = re.compile(r"[\u3400-\u9fff]")
_CLAUSE = re.compile(r"[^，,。？?！!；;、\n]+(?:[，,。？?！!；;、\n]|(?<=[A-Za-z])\.(?=\s|$)|\s+-\s+|$)")
_BLANK = re.compile(r"(?: {2,}(?=\S))?")  # a clause opening with a place the caller blanked (two spaces or more)
_NUMERAL = re.compile(r"^[\d零〇一二三四五六七八九十百千万亿两半第几多少\.%\-~至到]+$")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")
_SQUASH = re.compile(r"[\s“”\"'‘’「」《》〈〉()（）]")
# A pronunciation a web page prints after a character, 加強(qiáng): not part of the word it sits in
_RUBY = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňḿ]{1,7}[)）]")


# Alternatives written into a word, 新(改)建 / 新(改、扩)建 (新建, 改建, 扩建): a character, then single characters
# in parentheses standing for it, then the rest of the word
_ALTERNATIVES = re.compile(r"([\u4e00-\u9fff])[(（]([\u4e00-\u9fff](?:、[\u4e00-\u9fff])*)[)）](?=[\u4e00-\u9fff])")


def written_alternatives(text: str) -> tuple[str, ...]:
    """The readings of a text that writes alternatives into a word ("新(改、扩)建村卫生室" reads 新建村卫生室,
    改建村卫生室, 扩建村卫生室): the k-th reading takes the k-th alternative everywhere one is written. () when the
    text writes none."""
    found = _ALTERNATIVES.findall(text)
    if not found:
        return ()
    most = max(len(alts.split("、")) for _, alts in found) + 1

    def reading(k: int) -> str:
        def pick(m: re.Match[str]) -> str:
            choices = [m.group(1), *m.group(2).split("、")]
            return choices[min(k, len(choices) - 1)]

        return _ALTERNATIVES.sub(pick, text)

    return tuple(dict.fromkeys(reading(k) for k in range(most)))


def squash(text: str) -> str:
    return _SQUASH.sub("", text).lower()


def flat(text: str) -> str:
    """Squashed and simplified, pronunciations after characters dropped: what evidence is matched in."""
    return squash(simplified_view(_RUBY.sub("", text)))


@dataclass(frozen=True)
class Lexicon:
    """The language facts of data/coverage.yaml."""

    drop_pos: frozenset[str]
    zh_stop: frozenset[str]
    en_stop: frozenset[str]
    neutral: frozenset[str]
    measures: dict[str, frozenset[str]]
    any_count: str
    count_words: tuple[str, ...]
    identifier_words: tuple[str, ...]
    ask_markers: tuple[re.Pattern[str], ...]
    modal_prefixes: tuple[str, ...] = ()
    classifiers: frozenset[str] = frozenset()
    plan_counts: frozenset[str] = frozenset()
    question_chars: tuple[str, ...] = ()
    a_not_a: re.Pattern[str] | None = None
    noun_tags: frozenset[str] = frozenset()
    name_tags: frozenset[str] = frozenset()
    verb_before: frozenset[str] = frozenset()
    verb_after: frozenset[str] = frozenset()
    function_chars: frozenset[str] = frozenset()
    final_particles: str = ""  # sentence-final particles a tokenizer may glue to the word before them (管呐, 办呀)
    en_zh: dict[str, tuple[str, ...]] = field(default_factory=dict)
    asks_for: dict[str, tuple[str, ...]] = field(default_factory=dict)
    en_verbs: frozenset[str] = frozenset()
    attributive_particle: str = ""  # the particle between a qualifier and what it qualifies (的)
    # (pattern, sex, child, the least age the word implies: 老人, elderly are 60 or over)
    persons: tuple[tuple[re.Pattern[str], str | None, bool | None, int | None], ...] = ()
    en_measures: tuple[tuple[re.Pattern[str], str], ...] = ()  # (English ask for an amount, the measure word asked)
    dates: re.Pattern[str] | None = None  # a date or deadline as plans write it: it answers an ask for a time
    free_words: tuple[str, ...] = ()  # an item saying it is free (免费) answers whether something costs money
    function_tags: frozenset[str] = frozenset()  # jieba tags of function words (an English word rendered by them)
    en_generic_tags: tuple[str, ...] = ("v",)  # jieba tags of the Chinese words rendering an English word that is generic
    # "and" + an auxiliary + its subject: another (yes/no) ask starts there ("... and can I book online?")
    en_yes_no: re.Pattern[str] | None = None
    # a clause opened by "like", "such as": an example of the previous clause's thing, part of that clause
    en_example: re.Pattern[str] | None = None
    which_zh: frozenset[str] = frozenset()  # 哪家, 哪个: the noun after one asks to pick out one of its kind
    which_en: tuple[re.Pattern[str], ...] = ()  # which + noun (group 1)
    stated_age: re.Pattern[str] | None = None  # an age as a question states one (70岁, 80-year-old)
    hypernyms: frozenset[str] = frozenset()  # English words for a kind of anything (place, degree, aspect)
    gloss_skips: tuple[str, ...] = ()  # dictionary senses that say nothing of a word's meaning (CL:, variant of)
    demonstratives: frozenset[str] = frozenset()  # 这, 那: 这摊子事, a measure word between one and a generic noun
    diminutives: str = ""  # suffixes a colloquial form adds to a word (娃儿, 块儿): the word is read without it
    # (word, jieba tag or "" for any) opening a phrase that says where something is done (在/p 图书馆 开设, 依托 X)
    place_markers: tuple[tuple[str, str], ...] = ()
    not_places: frozenset[str] = frozenset()  # words of such a phrase that make it a scope or time, not a place
    # kind -> patterns of an ask for that kind of fact put in more words than one phrase (在网上怎么预约报名)
    ask_patterns: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)
    day_names: re.Pattern[str] | None = None  # a day of the week (周一, 周末): asked of alone, it asks for hours
    noun_suffixes: tuple[str, ...] = ()  # a word ending in one is a noun whatever its tag (辍学率: a rate)
    day_other_asks: re.Pattern[str] | None = None  # asks beside which a day is a circumstance (周末谁管, 周末要钱吗)
    en_numbers: frozenset[str] = frozenset()  # English numbers and ordinals (also in en_stop): figures, not terms
    en_people_heads: frozenset[str] = frozenset()  # people of no sex (older people): a phrase so ending is who is asked
    set_phrase_tags: frozenset[str] = frozenset()  # jieba tags of set phrases (l, i): colloquial when they name nothing
    en_count: re.Pattern[str] | None = None  # "how many": an ask for some figure of the item (weak)
    locatives: tuple[str, ...] = ()  # 里, 上 after a level of government (县里): which government, not a thing asked

    def generic_english(self, word: str) -> bool:
        """An English word of asking, a generic word for people or a word for a kind of anything."""
        w = word.lower()
        return any(x in self.en_stop or x in self.neutral or x in self.hypernyms for x in (w, stem(w)))

    def generic_gloss(self, entries: Sequence[Sequence[str]]) -> bool:
        """A Chinese word the dictionary glosses, in an entry's first sense, only by generic English words: a
        place or location (场所), a degree (程度), a role (角色), a question (干嘛: what are you doing?), a child
        (娃儿: children): how a question is put or whom it is about, not a thing it asks for."""
        for senses in entries:
            sense = next((g for g in senses if not g.lower().startswith(self.gloss_skips)), None)
            words = re.findall(r"[a-z]+", re.sub(r"\([^()]*\)", " ", (sense or "").lower()))
            if words and all(self.generic_english(w) for w in words):
                return True
        return False

    def asking_word(self, word: str) -> bool:
        if word in self.zh_stop or any(c in word for c in self.question_chars) or bool(self.a_not_a and self.a_not_a.match(word)):
            return True
        return len(word) == 2 and all(c in self.function_chars or c in self.zh_stop for c in word)

    def person_word(self, word: str) -> bool:
        """A word naming a kind of person (老爷子, retirees): who is asked about, not what."""
        return any(p.fullmatch(word.lower()) for p, _, _, _ in self.persons)

    def is_number(self, word: str) -> bool:
        """一间, 五十岁, 两项, 40万: a numeral, possibly with one classifier."""
        core = word[:-1] if len(word) > 1 and word[-1] in self.classifiers else word
        return bool(_NUMERAL.match(core))

    def measure_kind(self, word: str) -> str | None:
        return next((k for k, words in self.measures.items() if word in words), None)


@cache
def load_lexicon() -> Lexicon:
    import yaml

    data = yaml.safe_load(resources.files("assistant.answering").joinpath("data/coverage.yaml").read_text(encoding="utf-8"))
    return Lexicon(
        drop_pos=frozenset(data["drop_pos"]),
        zh_stop=frozenset(data["zh_stop"]),
        en_stop=frozenset(
            " ".join(str(data.get(k) or "") for k in ("en_stop", "document_kinds", "en_numbers", "en_ordinal_endings")).lower().split()
        ),
        neutral=frozenset(str(w).lower() for w in data["neutral"]),
        measures={k: frozenset(map(str, v)) for k, v in data["measures"].items()},
        any_count=str(data["any_count"]),
        count_words=tuple(data["count_words"]),
        identifier_words=tuple(data.get("identifier_words") or ()),
        ask_markers=tuple(re.compile(p) for p in data["ask_markers"]),
        modal_prefixes=tuple(data.get("modal_prefixes") or ()),
        classifiers=frozenset(data.get("classifiers") or ()),
        plan_counts=frozenset(data.get("plan_counts") or ()),
        question_chars=tuple(data.get("question_chars") or ()),
        a_not_a=re.compile(data["a_not_a"]) if data.get("a_not_a") else None,
        noun_tags=frozenset(data.get("noun_tags") or ()),
        name_tags=frozenset(data.get("name_tags") or ()),
        verb_before=frozenset(data.get("verb_before") or ()),
        verb_after=frozenset(data.get("verb_after") or ()),
        function_chars=frozenset(data.get("function_chars") or ()),
        final_particles="".join(data.get("final_particles") or ()),
        en_zh={stem(str(k)): tuple(v) for k, v in (data.get("en_zh") or {}).items()},
        asks_for={k: tuple(map(str, v)) for k, v in (data.get("asks_for") or {}).items()},
        en_verbs=frozenset(str(data.get("en_verbs") or "").lower().split()),
        attributive_particle=str(data.get("attributive_particle") or ""),
        persons=tuple(
            (re.compile(p["pattern"], re.IGNORECASE), p.get("sex"), p.get("child"), p.get("min_age")) for p in data.get("persons") or ()
        ),
        en_measures=tuple((re.compile(p, re.IGNORECASE), str(m)) for p, m in (data.get("en_measures") or {}).items()),
        dates=re.compile("|".join(data["dates"])) if data.get("dates") else None,
        free_words=tuple(map(str, data.get("free_words") or ())),
        function_tags=frozenset(map(str, data.get("function_tags") or ())),
        en_generic_tags=tuple(map(str, data.get("en_generic_tags") or ("v",))),
        en_example=re.compile(rf"(?i)(?:{'|'.join(map(re.escape, data['en_example']))})\b") if data.get("en_example") else None,
        en_yes_no=(
            re.compile(
                rf"(?i)(?<=[A-Za-z]),?\s+and\s+(?=(?:{'|'.join(data['en_yes_no']['auxiliaries'].split())})\s+"
                rf"(?:{'|'.join(data['en_yes_no']['subjects'].split())})\b)"
            )
            if data.get("en_yes_no")
            else None
        ),
        which_zh=frozenset(map(str, (data.get("which") or {}).get("zh") or ())),
        which_en=tuple(re.compile(p, re.IGNORECASE) for p in (data.get("which") or {}).get("en") or ()),
        stated_age=re.compile(data["stated_age"], re.IGNORECASE) if data.get("stated_age") else None,
        hypernyms=frozenset(str(data.get("hypernyms") or "").lower().split()),
        gloss_skips=tuple(str(x).lower() for x in data.get("gloss_skips") or ()),
        demonstratives=frozenset(map(str, data.get("demonstratives") or ())),
        diminutives="".join(map(str, data.get("diminutives") or ())),
        place_markers=tuple((str(m).split("/")[0], (str(m).split("/") + [""])[1]) for m in data.get("place_markers") or ()),
        not_places=frozenset(map(str, data.get("not_places") or ())),
        ask_patterns={k: tuple(re.compile(p, re.IGNORECASE) for p in v) for k, v in (data.get("ask_patterns") or {}).items()},
        day_names=re.compile(data["day_names"]) if data.get("day_names") else None,
        noun_suffixes=tuple(map(str, data.get("noun_suffixes") or ())),
        day_other_asks=re.compile(data["day_other_asks"]) if data.get("day_other_asks") else None,
        en_numbers=frozenset(str(data.get("en_numbers") or "").lower().split()),
        en_people_heads=frozenset(str(data.get("en_people_heads") or "").lower().split()),
        set_phrase_tags=frozenset(map(str, data.get("set_phrase_tags") or ())),
        locatives=tuple(map(str, data.get("locatives") or ())),
        en_count=re.compile(data["en_count"], re.IGNORECASE) if data.get("en_count") else None,
    )


# ---------------------------------------------------------------- question terms


@dataclass(frozen=True)
class Term:
    """One thing a question mentions. ``kind``: glossary (a unit or plan term, by any alias), word, measure, ask
    (a kind of fact asked for), place (a place other than the plan's, told by the caller)."""

    text: str
    kind: str
    clause: int
    ask: bool
    canonical: str = ""
    strong: bool = True  # names a thing (a noun); weak: a verb or adverb, or a word the tokenizer made up
    attribute: bool = False  # qualifies the thing asked about (免费的X): uncovered, it makes an answer partial
    parts: tuple[str, ...] = ()  # a compound's words by the tokenizer's finer cut (农村教师: 农村, 教师)
    which: bool = False  # asked to be picked out (哪家医院, which hospital): only an item naming it answers
    # a generic or colloquial word (场所, 干嘛; an English word the dictionary does not know or renders by verbs):
    # found in the item it ties like any other; found nowhere it is weak (it does not decline an anchored question)
    generic: bool = False
    # the glossary alias this word directly precedes, nothing between (就业 + 补贴): it may say which kind of it
    before: str = ""
    # An English word whose meaning the dictionary cannot give: it renders neither the word nor the phrase it stands in
    # by anything (Pap smear, mammogram, showcase). Found nowhere, it may still be paraphrase when the question is close
    # to the item at sentence level (``coverage``, ``soft_threshold``).
    unknown: bool = False
    # An unknown word right before a word the dictionary renders (ovarian cancer: cancer is 癌; Pap smear: smear is 涂片):
    # that word, the head it says a kind of. A head the item has (the item's 癌) makes the word another kind of the
    # item's thing, not paraphrase of it (``_paraphrase``).
    kind_of: str = ""
    # A Chinese noun right after another thing the question names, nothing between (景区 + 门票, 免费 + 门票): the head of
    # the phrase they make, what the clause asks about; the word before it says which one (``coverage``).
    follows: str = ""
    qualifies: str = ""  # an attribute: the word after its 的, the thing it qualifies ("" where a glossary alias stood)
    unit: bool = False  # a glossary match naming a unit: who acts, not what is asked about
    # a one-character word with each character beside it in the question (失宗 of 找失宗被拐): a slip of one character
    # of a two-character word (失踪) leaves a single character the tokenizer cuts off; its pair may sound like the word
    pairs: tuple[str, ...] = ()
    colloquial: bool = False  # a colloquial set phrase of an asking clause (真的假的): how it asks, generic


def clauses(text: str) -> list[str]:
    """Clauses with their closing punctuation (a question mark marks an asking clause)."""
    text = re.sub(r"(?<=[A-Za-z])\.\s+", ".\n", text)  # an English sentence ends at a full stop
    # "Who runs X and what is their phone number": "and" before a question word starts another ask
    text = re.sub(r"(?i)(?<=[A-Za-z]),?\s+and\s+(?=(?:what|what's|how|where|when|who|whom|whose|which|why)\b)", "\n", text)
    # "How many get X and can I book online": "and" before an auxiliary and its subject starts a yes/no ask
    lex = load_lexicon()
    if lex.en_yes_no is not None:
        text = lex.en_yes_no.sub("\n", text)
    # (a blank of two spaces or more opening a clause is a place the caller took out: kept, it opens a name, ``_names``)
    out: list[str] = []
    for c in (_BLANK.match(c).group() + c.strip() for c in _CLAUSE.findall(text) if c.strip(" ，,。；;、-\n")):
        if out and lex.en_example is not None and lex.en_example.match(c.strip()):
            out[-1] = f"{out[-1]} {c.strip()}"  # "free screening for men, like prostate checks": an example of the thing
        else:
            out.append(c)
    return out


def question_terms(
    text: str,
    matches: Sequence[Any],
    cut: Callable[[str], Iterable[tuple[str, str]]],
    lexicon: Lexicon | None = None,
    to_pinyin: Callable[[str], list[str]] | None = None,
    is_word: Callable[[str], bool] | None = None,
    to_chinese: Callable[[str], tuple[str, ...]] | None = None,
    fine_cut: Callable[[str], Iterable[str]] | None = None,
    to_english: Callable[[str], Sequence[Sequence[str]]] | None = None,
) -> tuple[Term, ...]:
    """The content terms of a question, clause by clause. ``matches``: glossary matches (``.kind``, ``.canonical``,
    ``.alias``); ``cut``: a part-of-speech tokenizer, e.g. ``jieba.posseg.lcut`` as (word, flag) pairs;
    ``is_word``: whether the tokenizer's dictionary knows a word (a word it made up is weak evidence);
    ``to_chinese``: a bilingual dictionary (English term -> Chinese words): English phrases it knows are one term;
    ``fine_cut``: the tokenizer's finer cut of a word (``jieba.cut_for_search``): a compound's parts;
    ``to_english``: the bilingual dictionary forward (Chinese word -> its glosses per entry): a word it glosses only
    by generic words is generic, and so is (given it) an English word ``to_chinese`` renders mostly by verbs (mention).
    A generic word nothing covers is weak."""
    lex = lexicon or load_lexicon()
    parts = clauses(text)
    asks = [any(p.search(c) for p in lex.ask_markers) for c in parts]
    if any(c.endswith(("?", "？")) for c in parts):
        # the writer marks their questions: a sentence closed by a full stop states ("一直没做过啥体检。": 啥, any)
        asks = [a and not c.endswith(("。", ".")) for a, c in zip(asks, parts, strict=True)]
    if parts and not any(asks):
        asks[-1] = True  # a bare statement of need ("前列腺癌筛查政府给报销不") asks in its last clause
    out: list[Term] = []
    for n, part in enumerate(parts):
        rest = part
        for kind, phrases in lex.asks_for.items():  # 哪天, 在哪, 每月: what kind of fact is asked for
            for phrase in sorted(phrases, key=len, reverse=True):
                pattern = re.compile(
                    rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])"
                    if phrase.isascii()
                    else "(?<!哪)"
                    + re.escape(phrase)
                    + "(?![些个项件种类位家]|几[条项件])",  # 哪几点: which points, no hour; 在哪几条: in which items
                    re.IGNORECASE,
                )
                if pattern.search(rest):
                    out.append(Term(phrase, "ask", n, asks[n], kind))
                    rest = pattern.sub(" ", rest)
        for kind, patterns in lex.ask_patterns.items():  # 在网上怎么预约报名: an online channel and a procedure
            for pattern in patterns:
                found = pattern.search(rest)
                if found:
                    out.append(Term(found.group(), "ask", n, asks[n], kind))
                    rest = pattern.sub(" ", rest)
        days = lex.day_names.search(rest) if lex.day_names and asks[n] else None
        if (
            days
            and not any(t.clause == n and t.kind == "ask" for t in out)
            and not (lex.day_other_asks and lex.day_other_asks.search(rest))
        ):
            # 周一开不开放, 周末能去测吗: a day asked about with nothing else of a kind asks whether it is open then
            out.append(Term(days.group(), "ask", n, asks[n], "hours"))
            rest = rest.replace(days.group(), " ")
        for pattern, unit in lex.en_measures:  # how much money: an amount is asked for, as 多少钱 asks
            found = pattern.search(rest)
            if found:
                shown = found.group("ask") if "ask" in pattern.groupindex and found.group("ask") else found.group()
                out.append(Term(unit, "measure", n, asks[n], shown.lower()))
        if lex.en_count is not None and (found := lex.en_count.search(rest)):
            out.append(Term(lex.any_count, "measure", n, asks[n], found.group().lower(), strong=False))  # some figure, weak
        for m in sorted(matches, key=lambda m: -len(m.alias)):
            pattern = re.compile(re.escape(m.alias), re.IGNORECASE)
            if pattern.search(rest):
                out.append(Term(m.alias, "glossary", n, asks[n], m.canonical, unit=getattr(m, "kind", "") == "unit"))
                rest = pattern.sub(" ", rest)
        words = _words(rest, n, asks[n], cut, lex, to_pinyin, is_word, to_chinese, fine_cut, to_english, part)
        if to_chinese is not None:
            words = [_in_phrase(t, part, lex, to_chinese) if t.kind == "word" and not _CJK.search(t.text) else t for t in words]
        aliases = [t.text for t in out if t.kind == "glossary" and t.clause == n]
        said = flat(part)
        for t in words:
            # (a word of the tokenizer's dictionary, no modal and verb made one: 能领补贴 asks to get it)
            known = _CJK.search(t.text) and (is_word is None or is_word(t.text)) and t.text[0] not in lex.modal_prefixes
            head = next((a for a in aliases if not t.strong and t.text + a in part), "") if known else ""
            if head:
                t = replace(t, before=head)
            if t.strong and _CJK.search(t.text):
                named = [u.text for u in out if u.clause == n and u.kind in ("word", "glossary") and u.strong and _CJK.search(u.text)]
                modifier = next((u for u in named if flat(u) + flat(t.text) in said), "")
                if modifier:
                    t = replace(t, follows=modifier)
            out.append(t)
    # A clause asking by nothing but a colloquial tag (…能免费体检，真的假的？) asks whether the statement before it holds:
    # that statement is asked too.
    for n in range(1, len(parts)):
        own = [t for t in out if t.clause == n]
        if asks[n] and not asks[n - 1] and own and all(t.kind == "word" and t.colloquial for t in own):
            out = [replace(t, ask=True) if t.clause == n - 1 else t for t in out]
    return tuple(out)


_EN_TOKEN = re.compile(r"[A-Za-z][A-Za-z']*(?:-[A-Za-z]+)*")


def _in_phrase(term: Term, clause: str, lex: Lexicon, to_chinese: Callable[..., tuple[str, ...]]) -> Term:
    """An English word term marked ``unknown`` when the dictionary renders by nothing the word or a content word right
    beside it in its phrase (Pap smear: smear is 涂片, but "Pap" is nothing; a hyphenated compound, land-collective, is
    one word), and the word and its neighbour form no dictionary phrase (lung cancer is 肺癌: a thing of its own)."""
    if " " in term.text:
        return term  # a dictionary phrase: a thing it names
    tokens = [m.group().lower().split("'")[0] for m in _EN_TOKEN.finditer(clause)]
    at = next((i for i, w in enumerate(tokens) if w == term.text or w.startswith(term.text + "-")), None)
    if at is None:
        return term

    def content(i: int) -> str:
        w = tokens[i] if 0 <= i < len(tokens) else ""
        return "" if not w or w in lex.en_stop or stem(w) in lex.en_stop else w

    def unknown(w: str) -> bool:
        return bool(w) and not lex.person_word(w) and not to_chinese(w) and not to_chinese(stem(w))

    def numeral(i: int) -> bool:
        return 0 <= i < len(tokens) and tokens[i] in lex.en_numbers

    if numeral(at - 1) or numeral(at + 1):
        # a numbered name (double hundred: 双百; four good roads: 四好) the dictionary renders by no word of its own
        return replace(term, unknown=True)
    before, own, after = content(at - 1), tokens[at], content(at + 1)
    if any(to_chinese(f"{a} {b}") for a, b in ((before, own), (own, after)) if a and b):
        return term  # lung cancer (肺癌), phone number (电话): with its neighbour it names a thing of its own
    # (only right before the last word of its phrase, its head: in "showcase rural libraries" it qualifies the phrase,
    # not the adjective after it; a hyphenated compound, land-rights, is one word of its own: no kind of anything)
    last = bool(after) and not content(at + 2)
    head = after if own == term.text and unknown(own) and last and not unknown(after) else ""
    return replace(term, unknown=unknown(own) or unknown(before) or unknown(after), kind_of=head)


def _without_ages(text: str, lex: Lexicon) -> str:
    """The English text with each age it states ("a 50-year-old man", "aged 70") taken out, leaving a break: an age is a
    fact told about a person (read by the eligibility rules), not a thing asked about; left in, its "old" and the noun
    after it read as a phrase of their own (old man: 老人, a kind of person the item may not serve)."""
    if lex.stated_age is None:
        return text
    return lex.stated_age.sub(lambda m: " ; " if m.group().isascii() else m.group(), text)


def _english_runs(text: str, lex: Lexicon) -> list[list[str]]:
    """Runs of adjacent English words that may form a phrase: a stop word or punctuation ends a run (a generic
    word for people, "women", stays in it: "pregnant women")."""
    runs: list[list[str]] = [[]]
    for m in re.finditer(r"[A-Za-z][A-Za-z']*|[^A-Za-z\s\-]+", text):
        w = m.group().lower().split("'")[0]  # can't -> can, neighbour's -> neighbour
        english = w[:1].isascii() and w[:1].isalpha()
        if not english or w in lex.en_stop or stem(w) in lex.en_stop:
            runs.append([])
            if english:
                runs.append([w])  # the stop word alone, dropped by the caller
                runs.append([])
        else:
            runs[-1].append(w)
    return [r for r in runs if r]


def _phrase_spans(run: list[str], to_chinese: Callable[[str], tuple[str, ...]] | None) -> list[tuple[int, int]]:
    if to_chinese is None or len(run) < 2:
        return [(i, i + 1) for i in range(len(run))]
    return dictionary_phrases(run, to_chinese)


def _tagged(
    word: str, cut: Callable[[str], Iterable[tuple[str, str]]], to_chinese: Callable[..., tuple[str, ...]] | None, tag: str
) -> bool:
    """An English word the dictionary renders mostly by Chinese words the tokenizer tags ``tag`` (one token each)."""
    if to_chinese is None:
        return False
    tags = [pairs[0][1] for g in to_chinese(word) if len(pairs := [p for p in cut(g) if p[0].strip()]) == 1]
    hits = sum(t == tag for t in tags)
    return hits >= 2 and hits * 2 > len(tags)


def _function_word(
    word: str, lex: Lexicon, cut: Callable[[str], Iterable[tuple[str, str]]], to_chinese: Callable[..., tuple[str, ...]] | None
) -> bool:
    """An English word the dictionary renders mostly by Chinese function words (besides: 此外, 除了, 并且, 再者;
    else: 别的, 否则): a preposition, conjunction, pronoun or adverb, part of how a question is put. Decided by the
    tokenizer's part-of-speech tags (``function_tags``) of those words that are one token each."""
    if to_chinese is None or not lex.function_tags:
        return False
    tags = [pairs[0][1] for g in to_chinese(word) if len(pairs := [p for p in cut(g) if p[0].strip()]) == 1]
    function = sum(t in lex.function_tags or t[:1] in lex.function_tags for t in tags)
    return function >= 2 and function * 2 > len(tags)


def _measure_sound(word: str, lex: Lexicon, to_pinyin: Callable[[str], list[str]] | None) -> str | None:
    """A measure word typed with a same-sounding character (年领 for 年龄)."""
    if to_pinyin is None or len(word) < 2:
        return None
    sound = to_pinyin(word)
    # (a figure unit with a numeral in it, 亿元, is no word to mistype: 医院 sounds like it)
    return next(
        (m for words in lex.measures.values() for m in words if len(m) == len(word) and not _NUMERAL.match(m[0]) and to_pinyin(m) == sound),
        None,
    )


def _words(
    text: str,
    clause: int,
    ask: bool,
    cut: Callable[[str], Iterable[tuple[str, str]]],
    lex: Lexicon,
    to_pinyin: Callable[[str], list[str]] | None = None,
    is_word: Callable[[str], bool] | None = None,
    to_chinese: Callable[[str], tuple[str, ...]] | None = None,
    fine_cut: Callable[[str], Iterable[str]] | None = None,
    to_english: Callable[[str], Sequence[Sequence[str]]] | None = None,
    original: str = "",
) -> list[Term]:
    out: list[Term] = []
    # (the clause as asked, glossary aliases not yet taken out: 文号 may be one)
    names = "|".join(map(re.escape, lex.identifier_words))
    identifier = re.compile(rf"(?:{names})(?:是|为)?(?:{'|'.join(map(re.escape, lex.count_words))})") if names else None
    aside = bool(_CJK.search(text))  # English inside a Chinese question (a tag, a code fragment, a term)
    found = [m for p in lex.which_en for m in p.finditer(text)]
    picked = {m.group(1).lower() for m in found}  # which hospital
    # which specific hospital: the words between "which" and its noun are part of picking one out, not things asked about
    picking = {w.lower() for m in found for w in _EN_WORD.findall(text[m.start() : m.start(1)])[1:]}
    for run in _english_runs(_without_ages(text, lex), lex):
        for start, end in _phrase_spans(run, to_chinese):
            if end - start > 1 and run[end - 1].lower() in lex.en_people_heads and lex.person_word(" ".join(run[start:end])):
                continue  # older people, young children: who the question is about (``not_for``), as one word is
            if end - start > 1:  # a phrase the dictionary knows (fixed assets, pregnant women): one noun
                out.append(Term(" ".join(run[start:end]), "word", clause, ask, strong=not aside, which=run[start] in picked))
                continue
            w = run[start]
            if lex.person_word(w) or w in picking:
                continue  # who the question is about is decided by the item's target groups (``not_for``)
            if w in lex.en_stop or len(w) < 2 or w in lex.neutral or stem(w) in lex.en_stop or stem(w) in lex.neutral:
                continue  # (moms: a plural of a neutral word is neutral)
            if _function_word(w, lex, cut, to_chinese):
                continue  # besides, otherwise: a word the dictionary only renders by function words
            verb_like = (len(w) > 5 and w.endswith(("ing", "ed", "ly"))) or w in lex.en_verbs
            # a word the dictionary renders mostly by verbs (mention: 提到, 提及) is generic: how a question is put; so is
            # one it renders mostly by adjectives (quick: 快捷, 敏捷), as a Chinese adjective is no noun (``noun_tags``):
            # it says how something is, not which thing is asked about
            generic = to_english is not None and not verb_like and any(_tagged(w, cut, to_chinese, tag) for tag in lex.en_generic_tags)
            out.append(Term(w, "word", clause, ask, strong=not (verb_like or aside), which=w in picked and not verb_like, generic=generic))
    zh = _EN_WORD.sub(" ", text)
    if not _CJK.search(zh):
        return out
    tokens = _names(list(cut(zh)), lex)
    pairs = [(w.strip(), f) for w, f in tokens if w.strip()]
    starts = [sum(len(w) for w, _ in tokens[:j]) for j, (w, _) in enumerate(tokens) if w.strip()]
    # what directly follows each word, a gap left by a term taken out before (a glossary alias) included
    after = [next((w for w, _ in tokens[j + 1 :]), "") for j, (w, _) in enumerate(tokens) if w.strip()]
    for i, (word, flag) in enumerate(pairs):
        count = next((c for c in lex.count_words if word.startswith(c)), None)
        if count is not None:  # 几本, 多少钱, 多少 + 人: the measure asked for
            unit = word[len(count) :]
            if unit in ("", lex.any_count) and i + 1 < len(pairs) and (lex.measure_kind(pairs[i + 1][0]) or pairs[i + 1][1] == "q"):
                unit = pairs[i + 1][0]
            if len(unit) > 1 and unit[0] in lex.classifiers:
                unit = unit[0]  # 几本书 asks for a count of 本
            if unit and unit not in lex.plan_counts and not _NUMERAL.match(unit):
                out.append(Term(unit, "measure", clause, ask))
            elif not unit and len(word) > 1 and word == count and all(f in ("y", "x") or w in lex.zh_stop for w, f in pairs[i + 1 :]):
                if identifier and identifier.search(original):
                    continue  # 文号是多少: which identifier, not a figure
                out.append(Term(lex.any_count, "measure", clause, ask, word))  # 目标是多少: some figure is asked for
            elif not unit:  # 要覆盖多少社区: a count of the thing named, whatever its unit (weak: it names nothing)
                out.append(Term(lex.any_count, "measure", clause, ask, strong=False))
            continue
        measure = word if lex.measure_kind(word) else _measure_sound(word, lex, to_pinyin)
        if measure:
            if len(measure) > 1:  # 年龄, 名额: a figure of that kind is asked for
                out.append(Term(measure, "measure", clause, ask))
            continue
        core = word.rstrip(lex.final_particles) if lex.final_particles else word
        if core != word:  # 管呐: the verb without the particle glued to it
            if len(core) < 2:
                continue
            word = core
        base = word[:-1] if len(word) > 1 and word[-1] in lex.diminutives else ""
        if base and (base in lex.neutral or base in lex.classifiers or lex.asking_word(base) or lex.person_word(base)):
            continue  # 娃儿 (娃), 那块儿 (块): a colloquial form of a generic word or a measure word
        if 0 < i < len(pairs) - 1 and pairs[i - 1][0] in lex.demonstratives and lex.asking_word(pairs[i + 1][0]):
            continue  # 这摊子事, 那档子事: a measure word between a demonstrative and a generic noun
        if not _CJK.search(word) or lex.asking_word(word) or word in lex.neutral or lex.is_number(word) or lex.person_word(word):
            continue
        if flag != "m" and (flag in lex.drop_pos or flag[:1] in lex.drop_pos):
            continue  # (a word tagged as a numeral that is not a number, 三八节, stays)
        if len(word) == 1 and flag != "n":
            continue  # a single character: a verb or particle; a noun (钱, 卡, 价) stays
        as_verb = flag in lex.name_tags and (
            (i > 0 and pairs[i - 1][0] in lex.verb_before) or (i + 1 < len(pairs) and pairs[i + 1][0] in lex.verb_after)
        )
        if (len(word) == 2 and word[0] in lex.modal_prefixes) or as_verb:  # 能带, 能领: a modal and a verb; 在张罗
            strong = False
        else:
            # (a name of adjacent nouns, ``_names``, is tagged nt: a word of its own whatever the dictionary knows)
            strong = (flag in lex.noun_tags or flag[:1] in lex.noun_tags) and (is_word is None or is_word(word) or flag == "nt")
            # 辍学率 (tagged a verb): a word ending in a suffix that makes a noun names a quantity or thing asked about
            strong = strong or (len(word) > 2 and word.endswith(lex.noun_suffixes))
            # 体检 ("abbr. for 体格检查"): tagged a verb, but the dictionary gives it no verb sense: a thing asked about
            if not strong and flag[:1] == "v" and to_english is not None and (is_word is None or is_word(word)):
                strong = _nominal(to_english(word))
        # 场所 (location; place), 干嘛 (what are you doing?): no thing of its own
        generic = strong and to_english is not None and lex.generic_gloss(to_english(word))
        # 真的假(的), 那件事: a colloquial set phrase in an asking clause is how it asks (in a statement one may tell the
        # circumstance that decides the item: 孩子没人管); 县里, 市上: which government (a circumstance)
        colloquial = ask and _colloquial(word, flag, cut, lex, to_english, fine_cut)
        generic = generic or (strong and (colloquial or _level_locative(word, lex)))
        # "X的 …": X qualifies what is asked about (a free screening) rather than naming it.
        # (肺癌 + a glossary term taken out + 的 is what 的 qualifies, not a qualifier)
        # A 的 closing the phrase (查肺癌的？, 拐孩子的那帮人: punctuation, a particle or a measure word after it) makes
        # X the thing asked about itself (the ones that screen for X), not a qualifier of another.
        attribute = (
            i + 2 < len(pairs)
            and after[i] == lex.attributive_particle
            and not (after[i + 1] == pairs[i + 2][0] and (pairs[i + 2][1] in lex.drop_pos or pairs[i + 2][1][:1] in lex.drop_pos))
        )
        which = strong and i > 0 and pairs[i - 1][0] in lex.which_zh  # 哪家 + 医院
        at = starts[i] if len(word) == 1 and "".join(t for t, _ in tokens) == zh else -1
        beside = tuple(zh[a : a + 2] for a in (at - 1, at) if at >= 0 and a >= 0 and len(_CJK.findall(zh[a : a + 2])) == 2)
        out.append(
            Term(
                word,
                "word",
                clause,
                ask,
                strong=strong,
                attribute=attribute,
                parts=_parts(word, fine_cut),
                which=which,
                generic=generic,
                pairs=beside,
                colloquial=colloquial,
                qualifies=after[i + 1].strip() if attribute else "",
            )
        )
    return out


def _colloquial(
    word: str,
    flag: str,
    cut: Callable[[str], Iterable[tuple[str, str]]],
    lex: Lexicon,
    to_english: Callable[[str], Sequence[Sequence[str]]] | None,
    fine_cut: Callable[[str], Iterable[str]] | None,
) -> bool:
    """A set phrase of the tokenizer (tagged l or i) that the bilingual dictionary does not know and none of whose
    words (the finer cut, two characters or more) is a noun of content: a colloquial way of putting the question
    (真的假的: 真的 + 假; 没人管: 没人 + 管; 那件事: 那件 + 事), not a thing it asks about. A set phrase holding a noun
    (个人所得税: 所得税; 孤寡老人: 老人) or one the dictionary glosses (高血压: hypertension) names a thing."""
    if flag not in lex.set_phrase_tags or to_english is None or fine_cut is None or to_english(word):
        return False
    for part in {p for p in fine_cut(word) if 2 <= len(p) < len(word)}:
        tags = [f for w, f in cut(part) if w.strip()]
        noun = len(tags) == 1 and (tags[0][:1] == "n" or tags[0] in ("vn", "j")) and tags[0] not in lex.set_phrase_tags
        if noun and not (lex.asking_word(part) or part in lex.neutral):
            return False
    return True


def _level_locative(word: str, lex: Lexicon) -> bool:
    """A level of government and a locative (县里, 市上, 区内): which government is meant, a circumstance."""
    return len(word) == 2 and word[1] in lex.locatives and word[0] in _levels()


def _nominal(entries: Sequence[Sequence[str]]) -> bool:
    """A word the dictionary glosses with no verb sense ("to ...") in any entry: a noun, however it is tagged."""
    senses = [re.sub(r"^(?:\([^()]*\)\s*)+", "", g.lower().strip()) for e in entries for g in e]  # "(old) to report"
    return bool(senses) and not any(g.startswith("to ") for g in senses)


_NAME_TAGS = ("ns",)


@cache
def _levels() -> frozenset[str]:
    """The one-character administrative suffixes of the place data (市, 县, 区): alone, a level word."""
    from assistant.language.gazetteer import _all_suffixes

    return frozenset(s for s in _all_suffixes() if len(s) == 1)


def _names(tokens: list[tuple[str, str]], lex: Lexicon) -> list[tuple[str, str]]:
    """Adjacent nouns that name one institution are one term (市/人民/医院: 人民医院; a place blanked by the caller,
    then 人民/医院: 人民医院): a run of two plain nouns (n) or more right after a place name (ns), a level word of
    one character (市, 县) or a place the caller blanked (two spaces or more). Its words alone (人民 of an
    issuer's 人民政府, 医院 of a glossary alias) are not what it names. The place stays apart (where, for place
    scoping). (An organisation's name, nt, opens none: 国务院 + 文件 is a kind of document.) Tagged nt."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        w, f = tokens[i]
        blank = len(out) >= 2 and not out[-1][0].strip() and not out[-2][0].strip()
        opened = bool(out) and ((out[-1][1] in _NAME_TAGS and len(out[-1][0]) > 1) or (out[-1][1] == "n" and out[-1][0] in _levels()))
        if f == "n" and (opened or blank):
            j = i
            while j < len(tokens) and tokens[j][1] == "n" and _CJK.match(tokens[j][0]):
                j += 1
            if j - i >= 2:
                out.append(("".join(t[0] for t in tokens[i:j]), "nt"))
                i = j
                continue
        out.append((w, f))
        i += 1
    return out


def _parts(word: str, fine_cut: Callable[[str], Iterable[str]] | None) -> tuple[str, ...]:
    """The words of two characters or more the finer cut finds inside a compound, when they cover all of it
    (城市道路: 城市, 道路; not 高血压病: 高血压 leaves 病 over)."""
    if fine_cut is None or len(word) < 4:
        return ()
    parts = tuple(dict.fromkeys(p for p in fine_cut(word) if 2 <= len(p) < len(word)))
    covered: set[int] = set()
    for p in parts:
        at = word.find(p)
        while at >= 0:
            covered.update(range(at, at + len(p)))
            at = word.find(p, at + 1)
    return parts if len(parts) > 1 and len(covered) == len(word) else ()


_ITEM_CLAUSE = re.compile(r"[，,。；;！!？?|：:]")


def _parts_in(parts: Sequence[str], text: str) -> bool:
    """All parts of a compound in one clause of the text, in any order (农村…教师 for 农村教师)."""
    words = [flat(p) for p in parts]
    return bool(words) and any(all(w in clause for w in words) for clause in _ITEM_CLAUSE.split(text) if words[0] in clause)


# ---------------------------------------------------------------- evidence


@dataclass(frozen=True)
class ItemEvidence:
    """What one item (or, for item 0, the document as a whole) can answer for."""

    document: str
    item: int
    text: str  # squashed: text, unit names and aliases, target groups, Chinese glossary aliases of its terms
    words: frozenset[str]  # English stems: unit names, glossary aliases of its terms
    terms: frozenset[str]  # canonical glossary terms and units it contains
    measures: frozenset[str]  # measure kinds of its figures (people, age, ...) and raw figure units
    pinyin: Sequence[str] = field(default=(), compare=False)  # per character of ``text`` (worked out on first use)
    groups: frozenset[str] = frozenset()  # who the item is for: target-group kinds (women, children, ...)
    target: str = ""  # the item's target-group phrase, as written
    # English stems (Porter2) of the dictionary glosses of the item's own words (内涝: waterlog; 生产总值: gdp):
    # what an English question may call them. Filled in by ``with_glosses`` on the first English question.
    glossed: frozenset[str] = field(default=frozenset(), compare=False)
    # (Chinese glossary alias, its canonical term), squashed, for the item's terms: the aliases in ``text`` say what
    # the item says of their term (免门票 of 免费开放), not more
    aliases: tuple[tuple[str, str], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class PlanVocabulary:
    """Everything the indexed plans and the glossary say, for telling neutral words from foreign ones."""

    text: str
    words: frozenset[str]
    pinyin: Sequence[str] = field(default=(), compare=False)
    generic: frozenset[str] = frozenset()  # glossary terms in most items (牵头单位): they tell no item apart
    titles: str = ""  # the plans' titles: their words (place, year, 妇女儿童) tell no item apart
    # each plan's own title: its words tell none of ITS items apart (another plan's title is just words)
    own_titles: dict[str, str] = field(default_factory=dict, compare=False)


class _Syllables(tuple[str, ...]):
    """A text's syllables with the positions of each (``at``), built once with the evidence: the same-sound
    check looks where a syllable is instead of scanning the whole text per word."""

    at: dict[str, tuple[int, ...]]

    def __new__(cls, syllables: Iterable[str]) -> _Syllables:
        self = super().__new__(cls, syllables)
        at: dict[str, list[int]] = {}
        for i, syllable in enumerate(self):
            at.setdefault(syllable, []).append(i)
        self.at = {k: tuple(v) for k, v in at.items()}
        return self


class _LazySyllables(Sequence[str]):
    """A text's syllables (``_Syllables``, with ``at``), worked out on first use. Reading the pinyin of every
    item of a thousand plans was most of the assistant's load (22 of 30 CPU-s); a question reads the syllables
    of the few items it ranks, and of the plans' whole text only when a word is found nowhere as written.

    ``store``: a file to keep the syllables in (the plans' whole text, read again at every load). It is
    keyed by a hash of the text and the pypinyin version: a missing, unreadable or stale file is worked out
    again and rewritten, never used."""

    __slots__ = ("_done", "_lock", "_parts", "_store", "_text", "_to_pinyin")

    def __init__(
        self,
        text: str,
        to_pinyin: Callable[[str], list[str]] | None,
        store: Path | None = None,
        parts: Sequence[Sequence[str]] | None = None,
    ) -> None:
        self._text, self._to_pinyin, self._store, self._parts = text, to_pinyin, store, parts
        self._done: tuple[str, ...] | None = None
        self._lock = threading.Lock()

    def _value(self) -> tuple[str, ...]:
        if self._done is None:
            with self._lock:
                if self._done is None:
                    self._done = self._joined() or self._stored() or _pinyin_of(self._text, self._to_pinyin)
        return self._done

    def _joined(self) -> tuple[str, ...] | None:
        """The syllables of texts joined by ``|`` from each text's own (``parts``): pypinyin reads no phrase
        across a ``|``, so they are the joined text's syllables, without converting it again."""
        if self._parts is None:
            return None
        out: list[str] = []
        for i, part in enumerate(self._parts):
            if i:
                out.append("|")
            out.extend(part)
        return _Syllables(out)

    def _key(self) -> str:
        try:
            from importlib.metadata import version

            pypinyin = version("pypinyin")
        except Exception:
            pypinyin = "?"
        return hashlib.sha256(f"{pypinyin}\n{self._text}".encode()).hexdigest()

    def _stored(self) -> tuple[str, ...] | None:
        if self._store is None or self._to_pinyin is None:
            return None
        key = self._key()
        try:
            kept = json.loads(self._store.read_text(encoding="utf-8"))
            if kept.get("key") == key and len(kept["syllables"]) == len(self._text):
                return _Syllables(kept["syllables"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
        done = _pinyin_of(self._text, self._to_pinyin)
        try:  # written whole or not at all; a read-only index just works it out at every load
            self._store.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._store.with_name(f"{self._store.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"key": key, "syllables": list(done)}, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self._store)
        except OSError:
            pass
        return done

    def __len__(self) -> int:
        return len(self._value())

    def __getitem__(self, i: Any) -> Any:
        return self._value()[i]

    def __iter__(self) -> Iterator[str]:
        return iter(self._value())

    @property
    def at(self) -> dict[str, tuple[int, ...]] | None:
        return getattr(self._value(), "at", None)


def syllables(text: str, to_pinyin: Callable[[str], list[str]] | None) -> Sequence[str]:
    """A text's syllables, one per character, worked out on first use."""
    return _LazySyllables(text, to_pinyin)


def _pinyin_of(text: str, to_pinyin: Callable[[str], list[str]] | None) -> tuple[str, ...]:
    """One syllable per character (a non-Chinese character stands for itself)."""
    if to_pinyin is None:
        return ()
    whole = to_pinyin(text)
    if len(whole) == len(text):
        return _Syllables(whole)
    return _Syllables(to_pinyin(ch)[0] if _CJK.match(ch) else ch for ch in text)


def _en_words(texts: Iterable[str]) -> frozenset[str]:
    return frozenset(stem(w) for t in texts for w in re.findall(r"[A-Za-z]+", t) if len(w) > 1)


_LONG_NUMBER = re.compile(r"\d{5,}")
_NOTE = re.compile(r"\([^()]*\)")
_CONTEXT_NOTES = ("e.g.", "i.e.", "abbr", "a ", "an ", "the ", "of ", "sb", "sth", "used ", "lit.", "fig.", "cf.", "as in", "in ")


@cache
def _porter() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def en_stems(text: str, lex: Lexicon) -> tuple[str, ...]:
    """The content words of English text as Porter2 stems (prevention, prevent: prevent; waterlogging, waterlogged:
    waterlog), stop words left out."""
    words = [w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 1 and w not in lex.en_stop]
    return tuple(_porter().stemWords(words))


def gloss_stems(
    text: str, words: Callable[[str], Iterable[str]], glosses: Callable[[str], tuple[str, ...]], lex: Lexicon | None = None
) -> frozenset[str]:
    """The English stems of the dictionary glosses of every word of ``text`` (two Chinese characters or more, as
    the tokenizer's finer cut finds them). Pure: ``words`` is the tokenizer, ``glosses`` the dictionary."""
    lex = lex or load_lexicon()
    out: set[str] = set()
    for w in set(words(text)):
        if len(w) > 1 and _CJK.match(w):
            for g in glosses(w):
                # a note naming the thing is another name for it ("(GDP)", "(esp. ... covid-19)"); an example or
                # context ("(e.g. marriage broker)", "(a building)") is not; nor is a gloss that explains rather than
                # names (over 3 words)
                notes = [n for n in _NOTE.findall(g) if not n[1:].lower().startswith(_CONTEXT_NOTES)]
                stems = en_stems(_NOTE.sub(" ", g), lex)
                out.update((stems if len(stems) <= 3 else ()) + en_stems(" ".join(notes), lex))
    return frozenset(out)


def with_glosses(
    evidence: dict[tuple[str, int], ItemEvidence],
    words: Callable[[str], Iterable[str]],
    glosses: Callable[[str], tuple[str, ...]],
    lex: Lexicon | None = None,
) -> dict[tuple[str, int], ItemEvidence]:
    """The evidence with ``glossed`` filled in: English words a plan's text answers for by the dictionary's meanings of
    its own words (a reverse look-up finds only words whose gloss is the question's term itself)."""
    lex = lex or load_lexicon()
    return {k: replace(e, glossed=gloss_stems(e.text, words, glosses, lex)) for k, e in evidence.items()}


def glossary_text(glossary: Any) -> str:
    """The Chinese names and aliases of the glossary's terms and units, as matched (flat)."""
    zh = [a for syn in glossary.synonyms for a in (syn.term, *syn.aliases) if _CJK.search(a)]
    zh += [a for unit in glossary.units for a in (unit.name, *unit.aliases) if _CJK.search(a)]
    return flat("|".join(zh))


def own_vocabulary(
    vocabulary: PlanVocabulary,
    glossary: str,
    plan_text: str,
    to_pinyin: Callable[[str], list[str]] | None = None,
    parts: Sequence[Sequence[str]] | None = None,
) -> PlanVocabulary:
    """The vocabulary a question about one plan's items is judged by: the glossary (``glossary_text``) and that
    plan's own text (its items' evidence, flat), not every indexed plan's. A word only another plan writes is
    nothing this plan says: a target it does not set (asked of a notice that sets none) is foreign to it
    because a different plan sets one. Pure.

    Its syllables are worked out on first use (only a word found nowhere as written needs them); ``parts``, the
    syllables of the glossary and of each text ``plan_text`` joins with ``|``, in order, spares converting
    the whole again (a plan's items keep theirs)."""
    text = glossary + "|" + plan_text
    return replace(vocabulary, text=text, pinyin=_LazySyllables(text, to_pinyin, parts=parts))


def build_evidence(
    documents: Sequence[Any],
    glossary: Any,
    lexicon: Lexicon | None = None,
    to_pinyin: Callable[[str], list[str]] | None = None,
    pinyin_store: Path | None = None,
) -> tuple[dict[tuple[str, int], ItemEvidence], PlanVocabulary]:
    """Evidence per (plan, item) and the plans' whole vocabulary, from parsed records and the glossary. Pure
    but for ``pinyin_store`` (where the whole vocabulary's syllables are kept between loads). Syllables are
    worked out on first use (``_LazySyllables``)."""
    lex = lexicon or load_lexicon()
    evidence: dict[tuple[str, int], ItemEvidence] = {}
    plan_zh: list[str] = []
    plan_en: list[str] = []
    for syn in glossary.synonyms:
        plan_zh += [a for a in (syn.term, *syn.aliases) if _CJK.search(a)]
        plan_en += [a for a in syn.aliases if not _CJK.search(a)]
    for unit in glossary.units:
        plan_zh += [a for a in (unit.name, *unit.aliases) if _CJK.search(a)]
        plan_en += [unit.en, *(a for a in unit.aliases if not _CJK.search(a))]
    for doc in documents:
        whole = "".join(
            [doc.title, doc.preamble, doc.closing, doc.issuer or "", doc.doc_number or "", doc.issue_date or "", doc.addressees or ""]
        )
        paragraphs = "".join(s.text for s in getattr(doc, "sections", ()))
        # A document with no recognised items is answered from its paragraphs (indexed as item 0): they are its text
        whole += paragraphs
        plan_zh.append(whole)
        said_figures = extract_figures(paragraphs) if paragraphs else ()
        records = [(0, whole, tuple(doc.coordinating_units) + ((doc.issuer,) if doc.issuer else ()), (), said_figures)]
        dated = {0} if doc.issue_date else set()
        records += [(it.number, it.text, it.units, it.target_groups, it.figures) for it in doc.items]
        for number, text, units, groups, figures in records:
            plan_zh.append(text)
            squashed = flat(text)
            syns = [s for s in glossary.synonyms if flat(s.term) in squashed]
            unit_records = [u for u in glossary.units if u.name in units]
            zh = [text, *written_alternatives(text), *units, *groups, *(a for s in syns for a in s.aliases if _CJK.search(a))]
            zh += [a for u in unit_records for a in u.aliases if _CJK.search(a)]
            en = [a for s in syns for a in s.aliases if not _CJK.search(a)]
            en += [x for u in unit_records for x in (u.en, *u.aliases) if not _CJK.search(x)]
            units_said = {simplified_view(f.unit) for f in figures}  # 張 in a traditional plan answers 多少张
            # a date or deadline the text states (2023年1月15日前, 10月底前) answers when; the plan's date, item 0's
            stated = number in dated or bool(lex.dates and lex.dates.search(squashed))
            kinds = {lex.measure_kind(u) for u in units_said} | units_said | ({"time"} if stated else set())
            # an item stating an online channel or a booking (网上报名, 预约) or a day of the week answers asks for them
            kinds |= {k for k, patterns in lex.ask_patterns.items() if any(p.search(squashed) for p in patterns)}
            if lex.day_names and lex.day_names.search(squashed):
                kinds.add("hours")
            if "money" in kinds or any(w in text for w in lex.free_words):
                kinds.add("price")  # it says what something costs, or that it is free
            item_text = flat("|".join(zh))
            evidence[(doc.doc_id, number)] = ItemEvidence(
                doc.doc_id,
                number,
                item_text,
                _en_words(en),
                frozenset([s.term for s in syns] + list(units)),
                frozenset(k for k in kinds if k),
                _LazySyllables(item_text, to_pinyin),
                group_kinds(groups),
                groups[0] if groups else "",
                aliases=tuple((flat(a), flat(x.term)) for x in syns for a in x.aliases if _CJK.search(a)),
            )
    plan_text = flat("|".join(plan_zh))
    items = [e for e in evidence.values() if e.item]
    counts: dict[str, int] = {}
    for e in items:
        for t in e.terms:
            counts[t] = counts.get(t, 0) + 1
    generic = frozenset(t for t, n in counts.items() if n > len(items) / 2)
    titles = flat("|".join(d.title for d in documents))
    own = {d.doc_id: flat(d.title) for d in documents}
    vocabulary_pinyin = _LazySyllables(plan_text, to_pinyin, pinyin_store)
    return evidence, PlanVocabulary(plan_text, _en_words(plan_en), vocabulary_pinyin, generic, titles, own)


# ---------------------------------------------------------------- who an item is for


@dataclass(frozen=True)
class Person:
    """Someone a question is about, as far as it says: sex (male/female), whether a child, and age: stated
    (70岁) or the least the person word implies (老人, elderly: 60 or over)."""

    word: str  # as the question says it ('' for the eligibility subject, named by ``subject``)
    sex: str | None = None
    child: bool | None = None
    subject: str = ""  # the eligibility facts' subject (father, daughter)
    age: int | None = None  # as stated
    min_age: int | None = None  # implied by the person word

    def outside(self, ages: tuple[int | None, int | None] | None) -> bool:
        """The person's age (stated, else implied) is outside the range ``(min_age, max_age)``."""
        if ages is None:
            return False
        low, high = ages
        if self.age is not None:
            return (low is not None and self.age < low) or (high is not None and self.age > high)
        return self.min_age is not None and high is not None and self.min_age > high


@cache
def _target_groups() -> tuple[tuple[str, re.Pattern[str], str | None, bool | None], ...]:
    """(kind, words, sex, child) of the target groups the eligibility rules read from item text (targets.yaml)."""
    import yaml

    data = yaml.safe_load(resources.files("assistant.eligibility").joinpath("data/targets.yaml").read_text(encoding="utf-8"))
    not_before = str(data.get("not_before") or "")
    out = []
    for g in data["groups"]:
        sex = next((c["equals"] for c in g.get("conditions") or () if c.get("fact") == "sex"), None)
        child = next((c["equals"] for c in g.get("conditions") or () if c.get("fact") == "is_child"), None)
        words = rf"(?:{g['words']})" + (rf"(?!{not_before})" if not_before else "")
        out.append((str(g["en"]), re.compile(words), sex, child))
    return tuple(out)


def group_kinds(groups: Sequence[str]) -> frozenset[str]:
    """The kinds of people an item's target-group phrases name (women, children, students, people)."""
    return frozenset(kind for kind, words, _, _ in _target_groups() for g in groups if words.search(g))


def persons(text: str, facts: Any = None, lexicon: Lexicon | None = None) -> tuple[Person, ...]:
    """The people a question is about: its eligibility subject (``facts``: sex, is_child) and the people
    words of data/coverage.yaml (老爷子, retired men)."""
    lex = lexicon or load_lexicon()
    out = []
    # an age only as the question states one (70岁, 80-year-old), never one read off another number (两个)
    age = getattr(facts, "age", None) if facts is not None and lex.stated_age and lex.stated_age.search(text) else None
    if facts is not None and (getattr(facts, "sex", None) or getattr(facts, "is_child", None) is not None or age is not None):
        out.append(Person("", facts.sex, facts.is_child, str(getattr(facts, "subject", None) or ""), age))
    lowered = _without_ages(text, lex).lower()  # (a 50-year-old man is no old man)
    for pattern, sex, child, least in lex.persons:
        m = pattern.search(lowered)
        if not m:
            continue
        # words that can describe the same person ("retired" + "men") describe one person
        same = next(
            (
                i
                for i, p in enumerate(out)
                if (p.sex is None or sex is None or p.sex == sex) and (p.child is None or child is None or p.child == child)
            ),
            None,
        )
        if same is None:
            out.append(Person(m.group(), sex, child, min_age=least))
        else:
            p = out[same]
            implied = max((a for a in (p.min_age, least) if a is not None), default=None)
            out[same] = Person(p.word or m.group(), p.sex or sex, p.child if p.child is not None else child, p.subject, p.age, implied)
    return tuple(out)


def not_for(people: Sequence[Person], evidence: ItemEvidence, ages: tuple[int | None, int | None] | None = None) -> Person | None:
    """A person the question is about whom the item is not for, when every person it names is such (an old man
    beside an item for children; men beside an item for women; 老人, elderly or someone of 70 beside a programme
    for ages 35-64: ``ages``, the age range of the item's programme the question is about, from its eligibility
    conditions); None when anyone named may be in its groups."""
    kinds = {kind: (sex, child) for kind, _, sex, child in _target_groups() if kind in evidence.groups}
    anyone = not kinds or any(sex is None and child is None for sex, child in kinds.values())  # 居民, 老年人, no group
    if not people or (anyone and ages is None):
        return None

    def fits(p: Person) -> bool:
        if p.outside(ages):
            return False
        return anyone or any(
            (sex is None or p.sex is None or p.sex == sex) and (child is None or p.child is None or p.child == child)
            for sex, child in kinds.values()
        )

    return None if any(fits(p) for p in people) else people[0]


# ---------------------------------------------------------------- the decision


@dataclass(frozen=True)
class Coverage:
    covered: bool  # the question (or part of it) may be answered from the item
    matched: tuple[str, ...]  # terms the item covers
    unmatched: tuple[str, ...]  # terms of asking clauses the item (and the plans) do not cover
    reason: Decision  # covered | partial | not_covered | no_terms
    glosses: tuple[tuple[str, str], ...] = ()  # (English term, the Chinese word it was found by) for matched terms
    item: tuple[str, int] | None = None  # the item a declined question shares words with (or is for others)
    for_whom: str = ""  # not_covered because the item is for others: whom it is for (its target-group phrase)
    for_whom_en: str = ""  # ... in English (the kinds of its groups: women, children)

    @property
    def partial(self) -> bool:
        return self.reason == "partial"

    def to_dict(self) -> dict[str, Any]:
        return {"matched": list(self.matched), "unmatched": list(self.unmatched), "decision": self.reason, "glosses": dict(self.glosses)}


def _sounds_in(word: str, text: str, text_pinyin: Sequence[str], to_pinyin: Callable[[str], list[str]] | None) -> bool:
    """A same-sounding typo (希忘 for 希望, 监策 for 监测): the word's syllables occur in the text, where it
    shares at least one character with the word, in place (a typo changes a character, not the word)."""
    if to_pinyin is None or not text_pinyin or len(word) < 2:
        return False
    target = to_pinyin(word)
    n = len(target)
    at = getattr(text_pinyin, "at", None)
    first = at.get(target[0], ()) if at is not None else [i for i, syllable in enumerate(text_pinyin) if syllable == target[0]]
    return any(
        tuple(text_pinyin[i : i + n]) == tuple(target) and any(a == b for a, b in zip(word, text[i : i + n], strict=False)) for i in first
    )


def chinese_of(
    term: Term, lex: Lexicon, to_chinese: Callable[..., tuple[str, ...]] | None = None, primary: bool = False
) -> tuple[str, ...]:
    """The Chinese words an English term stands for: the hand map ``en_zh`` when it has the word (an override),
    else the bilingual dictionary's words (``primary``: only words whose main meaning the term is)."""
    if _CJK.search(term.text):
        return ()
    override = lex.en_zh.get(stem(term.text))
    if override is not None:
        return override
    if to_chinese is None:
        return ()
    return tuple(squash(w) for w in (to_chinese(term.text, primary=True) if primary else to_chinese(term.text)))


def gloss_in(
    term: Term, text: str, lex: Lexicon, to_chinese: Callable[..., tuple[str, ...]] | None = None, primary: bool = False
) -> str | None:
    """The Chinese word of an English term found in ``text`` (the reason it counts as matched), if any: as written,
    else with one character inside it (孕妇 in 孕产妇: the dictionary's word for the term, the plan's longer form)."""
    words = chinese_of(term, lex, to_chinese, primary)
    found = next((zh for zh in words if zh in text), None)
    if found is not None:
        return found
    return next((m.group() for zh in words if len(zh) > 1 and _CJK.match(zh) and (m := _widened(zh).search(text))), None)


@cache
def _widened(word: str) -> re.Pattern[str]:
    """A word with one more Chinese character inside it, anywhere between its own."""
    return re.compile("|".join(re.escape(word[:i]) + _CJK.pattern + re.escape(word[i:]) for i in range(1, len(word))))


def term_status(
    term: Term,
    evidence: ItemEvidence,
    plan: PlanVocabulary,
    lexicon: Lexicon | None = None,
    to_pinyin: Callable[[str], list[str]] | None = None,
    to_chinese: Callable[[str], tuple[str, ...]] | None = None,
) -> Status:
    """Where a term is found: in the item, elsewhere in the plans, or nowhere."""
    lex = lexicon or load_lexicon()
    if term.kind == "glossary":
        return "item" if term.canonical in evidence.terms or flat(term.canonical) in evidence.text else "plan"
    if term.kind == "place":  # another place than the plan's (its text never names it): not what the plan covers
        return "foreign"
    if term.kind == "ask":  # a time, place or rate: only an item that states one answers it
        return "item" if term.canonical in evidence.measures else "foreign"
    if term.kind == "measure":  # a count, age or percentage the item does not state is not answered by it
        kind = lex.measure_kind(term.text)
        if term.text == lex.any_count and (evidence.measures - {"time"} or _LONG_NUMBER.search(evidence.text)):
            return "item"  # (a date answers no count; a telephone number the figure reader skips answers 电话多少)
        if kind and kind in evidence.measures or term.text in evidence.measures:
            return "item"
        if _CJK.search(term.text) and re.search(rf"[\d〇零一二三四五六七八九十百千万两]{re.escape(flat(term.text))}", evidence.text):
            return "item"  # a figure in that unit the figure reader did not take (110千伏)
        return "foreign"
    if _CJK.search(term.text):
        word = flat(term.text)
        if word in evidence.text:
            return "item"
        if term.parts and _parts_in(term.parts, evidence.text):  # a compound the item writes split or reordered
            return "item"
        if word in plan.text:
            return "plan"
        if _sounds_in(word, evidence.text, evidence.pinyin, to_pinyin):
            return "item"
        if any(_sounds_in(pair, evidence.text, evidence.pinyin, to_pinyin) for pair in term.pairs):
            return "item"  # 宗 of 找失宗被拐: 失宗 sounds like the item's 失踪 (one character slipped)
        bare = next((word[len(p) :] for p in lex.modal_prefixes if word.startswith(p) and len(word) > len(p)), "")
        if bare and bare in evidence.text:  # 能救 -> 救 (救助)
            return "item"
        if _sounds_in(word, plan.text, plan.pinyin, to_pinyin):
            return "plan"
        return "foreign"
    word = stem(term.text)
    parts = [stem(w) for w in term.text.split()]  # a phrase: each of its words among the item's English names
    if word in evidence.words or all(p in evidence.words for p in parts) or gloss_in(term, evidence.text, lex, to_chinese):
        return "item"
    # A romanized Chinese name (Fuhai for 富海, Dongyantou for 东焉头): a word the dictionary has no meaning for, spelled
    # by the syllables of two or more characters in a row of the item (or, else, of the plan)
    romanized = to_pinyin is not None and " " not in term.text and not (to_chinese and to_chinese(term.text))
    if romanized and _spelled_in(term.text, evidence.text, evidence.pinyin):
        return "item"
    # Elsewhere in the plans only by a word's main meaning: a secondary sense ("file" for 文件) of a word the plans
    # use makes no English word neutral (how to file for X asks for something no item says).
    if word in plan.words or all(p in plan.words for p in parts) or gloss_in(term, plan.text, lex, to_chinese, primary=True):
        return "plan"
    # A meaning the dictionary gives one of the item's words (GDP: 生产总值 "gross domestic production (GDP)"): the
    # word is no foreign ask, but a match by any sense of any word is loose, so it ties nothing to the item by itself
    # ("how's your day going" beside an item with a word one of whose senses is "day" stays declined).
    if evidence.glossed and (stems := en_stems(term.text, lex)) and all(w in evidence.glossed for w in stems):
        return "plan"
    if romanized and _spelled_in(term.text, plan.text, plan.pinyin):
        return "plan"
    return "foreign"


def _in_title(
    word: str, titles: str, to_chinese: Callable[[str], tuple[str, ...]] | None, to_pinyin: Callable[[str], list[str]] | None
) -> bool:
    """A word of the plans' titles, as written or in pinyin (Shanghai shishi list: 实事 of 上海市2019年…实事)."""
    if flat(word) in titles:
        return True
    if _CJK.search(word) or to_chinese is None or to_pinyin is None:
        return False
    letters = re.sub(r"[^a-z]", "", word.lower())
    return any(flat(zh) in titles and "".join(to_pinyin(zh)) == letters for zh in to_chinese(word) if len(zh) > 1)


def _spelled_in(word: str, text: str, text_pinyin: Sequence[str]) -> bool:
    """``word`` (letters only, four or more) is the toneless pinyin of two or more Chinese characters in a row of
    ``text``, syllable by syllable with nothing left over (changjiang: 长江; fuhai: 富海; not "chang" alone)."""
    word = word.lower()
    if len(word) < 4 or not word.isalpha() or not text_pinyin:
        return False
    at = getattr(text_pinyin, "at", None)
    if at is None:
        at = {}
        for i, syllable in enumerate(text_pinyin):
            at.setdefault(syllable, []).append(i)
    return bool(spelt(word, Spelling(text, text_pinyin, at)))


_SENTENCE = re.compile(r"[^。；;！!？?|]+")
_PLACE_TAGS = ("n", "s", "r", "b")  # nouns, place words, 各类-like pronouns, attributives (公共) inside a place phrase


@cache
def located(text: str, markers: tuple[tuple[str, str], ...], not_places: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """The sentences of an item's text that say where something is done, each with the place phrase: a place
    marker (在 or 于 as a preposition, 依托) followed by nouns and then a verb or the clause's end (在图书馆开设,
    依托各类定点康复机构,). A phrase with a time, number or a word of ``not_places`` (范围, 基础) is none."""
    if not markers:
        return ()
    import jieba.posseg

    out: list[tuple[str, str]] = []
    for sentence in _SENTENCE.findall(text):
        if not any(m in sentence for m, _ in markers):
            continue
        # (a word added to the tokenizer without a tag, a glossary term, comes back as x: a noun when it is Chinese)
        tokens = [(w.word, "n" if w.flag == "x" and _CJK.search(w.word) else w.flag) for w in jieba.posseg.lcut(sentence)]
        for i, (word, flag) in enumerate(tokens):
            if not any(word == m and (not tag or flag == tag) for m, tag in markers):
                continue
            j = i + 1
            while j < len(tokens) and (tokens[j][1][:1] in _PLACE_TAGS or tokens[j][0] == "、"):
                j += 1
            phrase = tokens[i + 1 : j]
            ends = j == len(tokens) or tokens[j][1][:1] == "v" or tokens[j][1] == "x"
            if ends and phrase and phrase[-1][1][:1] in ("n", "s") and not any(w in not_places for w, _ in phrase):
                out.append((sentence, "".join(w for w, _ in phrase)))
    return tuple(out)


def _placed(ask: Term, terms: Sequence[Term], status: dict[Term, Status], own_text: str, lex: Lexicon) -> bool:
    """A where-ask the item answers: its sentence naming the thing asked about (the clause's, else the question's
    things of the item) places it by a phrase other than the thing itself (在图书馆开设<X>). A sentence whose only
    place phrase is the thing (依托<X>, asked where X is) says nothing of where it is."""
    things = [
        t for t in terms if status[t] == "item" and t.kind in ("word", "glossary") and not t.unit and (t.strong or t.kind == "glossary")
    ]
    own = [t for t in things if t.clause == ask.clause] or things
    names = {flat(x) for t in own for x in (t.text, t.canonical) if x and _CJK.search(x)}
    # a place the question names already (亲子阅读专区在图书馆几楼) asks for a finer one than the item gives
    said = {flat(t.text) for t in terms if t.kind in ("word", "glossary") and _CJK.search(t.text)}
    return any(
        n in sentence and n not in place and not any(w in place for w in said)
        for sentence, place in located(own_text, lex.place_markers, lex.not_places)
        for n in names
    )


def _unsaid_aliases(terms: Sequence[Term], status: dict[Term, Status], evidence: ItemEvidence, own_text: str) -> set[Term]:
    """Words (not glossary matches) the item has only through a glossary alias of one of its terms (门票 in 免门票, an alias of 免费开放)
    where no sentence of the item's own text saying that term names any other thing of the item the question
    names (found in the item's text, in other sentences): the item does not say the term of those things."""
    things = {
        flat(t.text)
        for t in terms
        if status[t] == "item" and not t.unit and t.strong and t.kind in ("word", "glossary") and flat(t.text) in own_text
    }
    out: set[Term] = set()
    for t in terms:
        word = flat(t.text)
        # (a glossary match itself is a name of its term: 统筹 or lead unit asks who coordinates, whatever sentence says it)
        if t.kind != "word" or status[t] != "item" or word in own_text:
            continue
        canonicals = {c for a, c in evidence.aliases if word in a and c in own_text}
        others = {x for x in things if x != word and not any(x in c or c in x for c in canonicals)}
        sentences = [x for x in _SENTENCE.findall(own_text) if any(c in x for c in canonicals)]
        if others and sentences and not any(o in x for x in sentences for o in others):
            out.add(t)
    return out


_PHRASE = re.compile(r"[^，,、。；;！!？?|：:]+")  # (the notice's parts are joined without stops: split at commas too)
_FIGURE = re.compile(r"\d|[一二三四五六七八九十两百千万亿]+[个人名处所项件家万亿%]")


def _figure_said(terms: Sequence[Term], status: dict[Term, Status], own_text: str) -> bool:
    """A phrase of the text (up to a comma) states a figure and names a thing of the question found there."""
    names = {
        flat(x)
        for t in terms
        if status[t] == "item" and t.kind in ("word", "glossary") and not (t.kind == "word" and len(t.text) == 1)
        for x in (t.text, t.canonical)
        if x and _CJK.search(x)
    }
    return any(_FIGURE.search(x) and any(n in x for n in names) for x in _PHRASE.findall(own_text))


def _shown(term: Term) -> str:
    """A term as a person reads it: a measure asked for is shown with its count word (多少钱)."""
    if term.kind == "measure" and term.canonical:
        return term.canonical  # as the question asked it (how much money)
    return f"多少{term.text}" if term.kind == "measure" and len(term.text) == 1 and _CJK.search(term.text) else term.text


def coverage(
    question_terms: Sequence[Term],
    item_evidence: ItemEvidence,
    plan: PlanVocabulary,
    *,
    dense: float = 0.0,
    threshold: float = 1.0,
    soft_threshold: float = 1.0,
    lexicon: Lexicon | None = None,
    to_pinyin: Callable[[str], list[str]] | None = None,
    to_chinese: Callable[[str], tuple[str, ...]] | None = None,
    to_english: Callable[[str], Sequence[Sequence[str]]] | None = None,
) -> Coverage:
    """Whether the item covers what the question asks.

    Per asking clause: covered when it names something of the item and nothing foreign; not covered when it
    names something foreign (what it asks for is not in the item, nor anywhere in the plans). A question with
    no word of the item at all is covered only when its dense similarity to the item's sentences reaches
    ``threshold`` (synonyms the glossary lacks); then its foreign words count as paraphrase. Clauses that only
    state circumstances are context. Pure.
    """
    # (the plan's own text, item 0, holds its title: there the title's words are its content)
    titles = plan.own_titles.get(item_evidence.document, plan.titles) if item_evidence.item else ""
    question_terms = [
        t
        for t in question_terms
        if not (t.kind == "glossary" and t.canonical in plan.generic)
        and not (t.kind == "word" and titles and _in_title(t.text, titles, to_chinese, to_pinyin))
    ]
    lex = lexicon or load_lexicon()
    status = {t: term_status(t, item_evidence, plan, lex, to_pinyin, to_chinese) for t in question_terms}
    own_words = item_evidence.text.split("|", 1)[0]  # (the evidence text starts with the item's own, before its aliases)
    # A glossary term named by an alias (门票 for 免费开放) ties the question to the item only where the item says it
    # of the question's other things: "景区书吧要买门票吗" names the item's book bars, but its sentence about free
    # admission is about libraries and museums; the admission asked about is not what the item says of the bars.
    unsaid = _unsaid_aliases(question_terms, status, item_evidence, own_words)
    # 景区门票 against an item saying 免费 of something else: the head of a phrase of nouns is what is asked about, and a
    # head the plans name elsewhere but the item does not is not the item's, whatever the item says of its modifier or
    # of the clause's other words (a word of the plans alone is neutral; as the head of what is asked, it is not)
    unsaid |= {t for t in question_terms if t.follows and t.ask and t.kind == "word" and not t.generic and status[t] == "plan"}
    if unsaid:
        status = {t: ("foreign" if t in unsaid else s) for t, s in status.items()}
    # A weak word nothing covers right before a glossary word the item has only by a synonym of it (就业补贴: 补贴
    # stands for the item's relief fund) says which kind of that general word is asked about: a kind the item does
    # not name. (before the item's own word, 建起图书室, a verb is what is done to it)
    heads = {t.text for t in question_terms if t.kind == "glossary" and status[t] == "item" and flat(t.text) not in own_words}
    specified = {t: replace(t, strong=True) for t in question_terms if t.before in heads and t.ask and status[t] == "foreign"}
    if specified:
        status = {specified.get(t, t): s for t, s in status.items()}
        question_terms = [specified.get(t, t) for t in question_terms]
    # An English word whose meaning the dictionary cannot give (Pap smear, mammogram, showcase), found nowhere, is
    # paraphrase when the question is otherwise tied to the item by a thing it names in English and is close to its
    # sentences (``soft_threshold``, calibrated on the English rows of the answerability dev sets). A word the
    # dictionary renders (lung in "lung cancer": 肺癌; passport; colon) stays foreign whatever the similarity.
    paraphrase = _paraphrase(question_terms, status, dense, soft_threshold)
    # "dream X" beside an item's 希望X: an English qualifier of a thing the item names that says by meaning what the item's
    # own qualifier of it says (dream: 心愿 "wish"; 希望 "to wish for") is the item's name put in other words: neutral.
    if to_chinese is not None and to_english is not None:
        renamed = {t for t in question_terms if _renames(t, question_terms, status, own_words, lex, to_chinese, to_english)}
        status = {t: ("plan" if t in renamed else s) for t, s in status.items()}
    if paraphrase:
        status = {t: ("plan" if t in paraphrase else s) for t, s in status.items()}
    # "亲子阅读专区开在哪儿": a where-ask is answered by the item's sentence placing the thing asked about.
    placed = {
        t
        for t in question_terms
        if t.kind == "ask" and t.canonical == "place" and status[t] == "foreign" and _placed(t, question_terms, status, own_words, lex)
    }
    if placed:
        status = {t: ("item" if t in placed else s) for t, s in status.items()}
    if not item_evidence.item:
        # The plan's own text (its notice, its paragraphs) answers a figure asked only by a sentence stating a figure
        # beside a thing the question names: "<an addressee>今年要招多少个<a thing it never names>" is tied to the
        # notice by its list of addressees, which states no figure of them.
        unstated = {
            t for t in question_terms if t.kind == "measure" and status[t] == "item" and not _figure_said(question_terms, status, own_words)
        }
        if unstated:
            status = {t: ("foreign" if t in unstated else s) for t, s in status.items()}
    # A figure of the right kind (多少人) says what is asked, not what about: it names nothing by itself.
    # One character found in an item's text (字 in a 文号 such as 市政办字) is a coincidence more often than a
    # word of it: it is not foreign, but it ties nothing to the item.
    in_item = [
        t
        for t in question_terms
        if status[t] == "item" and t.kind not in ("measure", "ask") and not (t.kind == "word" and len(t.text) == 1 and _CJK.match(t.text))
    ]
    # A verb of the item (能办: 办, 能测) beside a thing nothing covers (结婚登记, 排队) ties no clause to the item:
    # only a thing the item names does. (a generic word nothing covers, 场所, is how the question is put: weak)
    strong_foreign = any(
        status[t] == "foreign" and t.strong and not t.generic and t.ask for t in question_terms
    )  # (in a statement: context)
    tied = [t for t in in_item if t.strong or not strong_foreign]
    # A verb nothing covers is how the question says it ("when did it come out"), once anything of it is the item's.
    anchored = bool(in_item) or any(status[t] == "item" for t in question_terms)
    # Only a question that names nothing of any plan (no glossary term, no word of the item) leans on dense.
    rescued = not in_item and not any(t.kind == "glossary" for t in question_terms) and dense >= threshold
    # ("how many", a weak ask for some figure, is no thing the plan mentions)
    matched = tuple(
        dict.fromkeys(
            _shown(t)
            for t in question_terms
            if (status[t] == "item" or t in paraphrase) and not (t.kind == "measure" and not t.strong and not _CJK.search(_shown(t)))
        )
    )
    if rescued:
        matched += tuple(dict.fromkeys(_shown(t) for t in question_terms if status[t] == "foreign"))
    covered_clauses, uncovered, asks_answered = 0, [], False
    by_unit: set[int] = set()  # covered clauses tied to the item by a unit's name alone
    covered_set: set[int] = set()
    previous: bool | None = None  # whether the last clause naming a thing was covered
    for clause in sorted({t.clause for t in question_terms if t.ask}):
        own = [t for t in question_terms if t.clause == clause]
        thingless = not any(t.kind in ("word", "glossary", "place") for t in own)
        if thingless and previous is False and not rescued:
            # "给<people the item lacks>发<a kind of aid it lacks>吗，标准是多少？": the figure is asked of the
            # previous clause's thing, which the item does not cover; the ask alone ties nothing
            uncovered += [t for t in own if status[t] == "foreign"]
            continue
        named = any(t in tied for t in own)
        # A thing nothing covers is what the clause asks for; a verb nothing covers only when nothing of the
        # question is the item's.
        # "Which hospital" against an item naming none asks what it does not say, whatever else of the plans names one.
        foreign = [
            t
            for t in own
            if (status[t] == "foreign" or (t.which and status[t] == "plan")) and ((t.strong and not t.generic) or not anchored)
        ]
        # "Which hospital does the screening": an item tied to the clause only by the kind asked to pick (it names a
        # hospital) answers which one for its own things, not for a thing of the plans it does not name (the screening).
        if named and all(t.which for t in own if t in tied):
            foreign += [t for t in own if t.kind == "glossary" and t.strong and status[t] == "plan" and t not in foreign]
        # An attribute nothing covers (免费的 + a thing the item names) leaves the thing answered: partial.
        # (only of a thing the item answers: "化疗的钱" qualifies money the item names nowhere, so 化疗 is what is asked)
        qualifiers = (
            [t for t in own if status[t] == "foreign" and t.attribute and _of_item_thing(t, own, status, plan.titles)] if named else []
        )
        foreign = [t for t in foreign if t not in qualifiers]
        if not thingless:
            previous = not (foreign and not rescued)
        if foreign and not rescued:
            uncovered += foreign + qualifiers
        elif rescued or named or (tied and any(status[t] == "item" and (t.strong or not strong_foreign) for t in own)):
            covered_clauses += 1  # (a figure asked about an item the question names elsewhere counts)
            covered_set.add(clause)
            if named and all(t.unit for t in own if t in tied):
                by_unit.add(clause)
            uncovered += qualifiers
            # what the clause asks is the item's: no verb of it is foreign, or it asks a figure, time or place the
            # item states ("要覆盖多少<X>"); "探视<the item's people>要预约吗" names the item's people but asks what it
            # does not say
            asks_answered = asks_answered or rescued or not any(status[t] != "item" and not t.strong for t in own)
            asks_answered = asks_answered or any(t.kind in ("ask", "measure") and status[t] == "item" for t in own)
    if (covered_clauses or not uncovered) and not rescued and not any(t.strong for t in tied):
        # When the asking clauses carry no thing of the item ("我想换个身份证，在哪能办": a verb, a where; "新买的车要
        # 上牌，去哪上？要带啥？": only question words), what is asked about is what the statement names: a thing there
        # that no item covers declines the question (whether or not an asking clause had a term of its own).
        # (a statement that also names something of the item is context: "听说有给困难娃娃收拾屋子的活儿，这事归谁管")
        stated = [t for t in question_terms if not t.ask and t.strong and not t.generic and status[t] == "foreign"]
        if stated and not any(status[t] == "item" for t in question_terms if not t.ask):
            covered_clauses, uncovered = 0, uncovered + stated
    if (
        covered_clauses
        and covered_clauses == len(by_unit)
        and any(t.strong and t.kind == "word" and t.clause not in by_unit for t in uncovered)
    ):
        # "离婚后的抚养费怎么算，能找<a unit>要吗": the unit is whom to ask; what is asked for is the thing no item covers
        covered_clauses = 0
    # (a qualifier of the covered clause's own thing, 打预防针的门诊, leaves the question about that thing: partial)
    apart = any(t.strong and not t.attribute and t.clause not in covered_set for t in uncovered)
    if covered_clauses and not asks_answered and (apart or any(t.kind in ("ask", "measure") for t in uncovered)):
        # A partial answer only where a covered ask remains once what is not covered is taken out: a count or time
        # the item does not state (一个月能探几次) asked of an action it does not name either is all that was asked;
        # so is a thing of another clause beside an action the item does not name ("X在网上怎么预约，有没有小程序").
        covered_clauses, uncovered = 0, uncovered + [t for t in question_terms if t.ask and status[t] == "foreign" and not t.strong]
    unmatched = tuple(dict.fromkeys(_shown(t) for t in uncovered))
    found = ((t.text, gloss_in(t, item_evidence.text, lex, to_chinese)) for t in question_terms if status[t] == "item")
    glosses = tuple(dict.fromkeys((term, zh) for term, zh in found if zh))
    if covered_clauses and unmatched:
        return Coverage(True, matched, unmatched, "partial", glosses)
    if covered_clauses:
        return Coverage(True, matched, (), "covered", glosses)
    if unmatched:
        return Coverage(False, matched, unmatched, "not_covered", glosses)
    if tied or rescued:  # the asking clause points back ("这事归谁管") at circumstances that name the item
        return Coverage(True, matched, (), "covered", glosses)
    return Coverage(False, matched, (), "no_terms", glosses)


def _renames(
    term: Term,
    terms: Sequence[Term],
    status: dict[Term, Status],
    own_text: str,
    lex: Lexicon,
    to_chinese: Callable[..., tuple[str, ...]],
    to_english: Callable[[str], Sequence[Sequence[str]]],
) -> bool:
    """A foreign English word (dream) of a clause whose other English word the item writes right after a
    qualifier of two characters (希望) whose first sense (to wish for) shares a content word with a sense of one of
    the dictionary's renderings of the foreign word (心愿: cherished desire; dream; wish): the qualifier in other
    words. A qualifier of another meaning (lung, thyroid beside another organ's cancer) is another kind of the thing."""
    if term.kind != "word" or status[term] != "foreign" or _CJK.search(term.text) or " " in term.text or term.unknown:
        return False
    qualifiers: set[str] = set()
    for other in terms:
        if other.clause != term.clause or other is term or status[other] != "item" or _CJK.search(other.text):
            continue
        found = gloss_in(other, own_text, lex, to_chinese)
        at = own_text.find(found) if found else -1
        while at >= 2:
            if len(_CJK.findall(own_text[at - 2 : at])) == 2:
                qualifiers.add(own_text[at - 2 : at])
            at = own_text.find(found, at + 1)
    if not qualifiers:
        return False

    def first_sense(word: str) -> set[str]:
        senses = [g for entry in to_english(word) for g in entry[:1] if not g.lower().startswith(lex.gloss_skips)]
        return {w for g in senses for w in en_stems(_NOTE.sub(" ", g), lex)}

    said = set().union(*(first_sense(q) for q in qualifiers))
    if not said:
        return False
    meant = {
        w
        for zh in to_chinese(term.text)
        for entry in to_english(zh)
        for g in entry
        if len(stems := en_stems(_NOTE.sub(" ", g), lex)) <= 2
        for w in stems
    }
    return bool(said & meant - set(en_stems(term.text, lex)))


def _of_item_thing(attribute: Term, terms: Sequence[Term], status: dict[Term, Status], titles: str = "") -> bool:
    """The thing an attribute qualifies (the word after its 的) is one of the clause's terms the item has: a glossary
    alias stood there (taken out before the words were cut), or a word of the item starts there. A word of the plans'
    titles names the plan's kind of measure, not a thing of one (有没有X的<the title's word>: X is what is asked)."""
    if not attribute.qualifies:
        return any(t.kind == "glossary" and status[t] == "item" for t in terms)
    head = flat(attribute.qualifies)
    if titles and head in titles:
        return False
    return any(status[t] == "item" and t.kind in ("word", "glossary") and flat(t.text).startswith(head) for t in terms)


def _paraphrase(terms: Sequence[Term], status: dict[Term, Status], dense: float, threshold: float) -> frozenset[Term]:
    """The foreign English words of a question that are paraphrase (see ``coverage``): words the dictionary cannot
    render (``Term.unknown``), when the question also names a thing of the item in English and its dense similarity to
    the item reaches ``threshold``. Nothing otherwise."""
    english = [t for t in terms if not _CJK.search(t.text) and t.kind in ("word", "glossary")]
    # (a word saying which kind of a thing the item has, "ovarian" of the item's cancer, asks for another kind: it stays foreign)
    heads = {stem(t.text) for t in english if status[t] == "item" and " " not in t.text}
    soft = frozenset(
        t for t in english if t.kind == "word" and status[t] == "foreign" and t.unknown and not (t.kind_of and stem(t.kind_of) in heads)
    )
    if not soft or not any(status[t] == "item" and t.strong and not t.generic and t not in soft for t in english):
        return frozenset()
    return soft if dense >= threshold else frozenset()


def reads_as_language(text: str, lexicon: Lexicon | None = None) -> bool:
    """Chinese, or English with at least two common words: a message, not a keyboard mash or a code fragment."""
    lex = lexicon or load_lexicon()
    return bool(_CJK.search(text)) or sum(w.lower() in lex.en_stop for w in re.findall(r"[A-Za-z]+", text)) >= 2


# ---------------------------------------------------------------- what an answer says about it


def _listed(terms: Sequence[str], language: str) -> str:
    return ", ".join(f"“{t}”" for t in terms) if language == "en" else "、".join(f"「{t}」" for t in terms)


def coverage_note(cov: Coverage, language: str) -> str:
    """The line a partial answer ends with: what the plan does not say."""
    if language == "en":
        whom = f"this item is for {cov.for_whom_en or cov.for_whom}; " if cov.for_whom else ""
        return f"Note: {whom}the plan does not cover {_listed(cov.unmatched, 'en')}; the answer above is only what the plan states."
    whom = f"本项面向{cov.for_whom}，" if cov.for_whom else ""
    return f"说明：{whom}方案没有涉及{_listed(cov.unmatched, 'zh')}，以上只是方案写明的内容。"


def declined_note(cov: Coverage, language: str) -> str:
    """What a declined near-miss shares with the plans and what it asks that they don't say ('' otherwise)."""
    if not (cov.matched and cov.unmatched) or len(cov.unmatched) > 2 or any(len(t) > 12 for t in cov.unmatched):
        return ""  # a near-miss names one or two things; a longer list may be instructions, never echoed
    if language == "en":
        return f"The plan mentions {_listed(cov.matched[:3], 'en')} but does not cover {_listed(cov.unmatched, 'en')}. "
    return f"方案提到{_listed(cov.matched[:3], 'zh')}，但没有涉及{_listed(cov.unmatched, 'zh')}。"
