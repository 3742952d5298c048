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


def plan_world(path):
    """(document, evidence with the dictionary's glosses, plan vocabulary) of one real plan file, beside corpus/'s
    glossary: the world of the coverage tests about one plan."""
    from assistant.answering.coverage import with_glosses
    from assistant.corpus.loading import parse_file

    doc = parse_file(path)
    evidence, plan = build_evidence([doc], load_corpus(PROJECT_ROOT / "corpus").glossary, to_pinyin=pinyin)
    return doc, with_glosses(evidence, fine_cut, glosses), plan


def decide_key(world, question: str, key: str):
    """The coverage of the item keyed ``key`` of a ``plan_world`` for an English or Chinese ``question``."""
    from assistant.answering.coverage import coverage, question_terms

    doc, evidence, plan = world
    number = next(it.number for it in doc.items if (it.key or str(it.number)) == key)
    terms = question_terms(question, (), cut, to_pinyin=pinyin, to_chinese=chinese, fine_cut=fine_cut)
    return coverage(terms, evidence[(doc.doc_id, number)], plan, to_pinyin=pinyin, to_chinese=chinese)


def fine_cut(text):
    """jieba's search-mode cut (every word inside a longer one too): the fine cut coverage tries after the plain one."""
    import jieba

    return list(jieba.cut_for_search(text))


def chinese(term, primary=False):
    """CC-CEDICT's Chinese words for an English term."""
    from assistant.language.bilingual import dictionary

    return dictionary().chinese(term, primary)


def glosses(word):
    """CC-CEDICT's English glosses of a Chinese word."""
    from assistant.language.bilingual import dictionary

    return dictionary().glosses(word)


def terms_of(world, question: str):
    """The question's terms as the assistant reads them against the Linyi world (``linyi_world``)."""
    from assistant.answering.coverage import question_terms
    from assistant.language.bilingual import dictionary

    d = dictionary()
    matcher, _, _ = world
    return question_terms(question, matcher.find(question), cut, to_pinyin=pinyin, to_chinese=d, to_english=d.english)
