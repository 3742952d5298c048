"""The Linyi plan's coverage evidence, built once for the coverage tests (test_coverage, test_answerability_classes)."""

from __future__ import annotations

from assistant.answering.coverage import build_evidence
from assistant.corpus.loading import load_corpus
from assistant.language.understanding import GlossaryMatcher
from assistant.settings import PROJECT_ROOT

DOC = "linyi-2022-women-children-ten-things"


def cut(text):
    import jieba.posseg

    return [(w.word, w.flag) for w in jieba.posseg.lcut(text)]


def pinyin(text):
    from pypinyin import lazy_pinyin

    return lazy_pinyin(text, errors=lambda s: list(s))


def linyi_world():
    """(matcher, evidence, plan vocabulary) of corpus/, with jieba taught the plan's units and terms."""
    from assistant.search.lexical import init_jieba

    corpus = load_corpus(PROJECT_ROOT / "corpus")
    init_jieba([u.name for u in corpus.glossary.units] + [s.term.replace(" ", "") for s in corpus.glossary.synonyms])
    evidence, plan = build_evidence(corpus.documents, corpus.glossary, to_pinyin=pinyin)
    return GlossaryMatcher(corpus.glossary), evidence, plan


def decide(world, question: str, item: int):
    """The coverage of the Linyi plan's item ``item`` for ``question`` (no bilingual dictionary, no dense score)."""
    from assistant.answering.coverage import coverage, question_terms

    matcher, evidence, plan = world
    terms = question_terms(question, matcher.find(question), cut, to_pinyin=pinyin)
    return coverage(terms, evidence[(DOC, item)], plan, to_pinyin=pinyin)
