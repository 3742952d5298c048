"""BM25 over jieba tokens (bm25s). Built in memory from the indexed chunks at start-up.

An English question has few tokens in a Chinese plan: its content words and phrases are looked up in a
bilingual dictionary (``assistant.language.bilingual``) and the Chinese words the plans use are searched too.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable, Sequence

import numpy as np

_STOP = frozenset(
    "的 了 吗 呢 吧 啊 呀 是 在 和 与 及 或 我 你 他 她 它 我们 你们 他们 这 那 这个 那个 什么 怎么 怎样 哪个 哪些 "
    "有 没有 就 都 也 还 要 会 能 可以 请问 一下 问 想 知道 一个 个 对 为 把 被 给 让 等 中 上 下 "
    "the a an of to in on for and or is are was were be do does did i my me you your it this that what which who how "
    "can could would should will with by at from as about any there their they them please".split()
)
_TOKEN_OK = re.compile(r"[\w\u3400-\u9fff%]")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z']*|[^A-Za-z\s\-]+")
GLOSSES_PER_TERM = 3  # a word with many senses must not outweigh the rest of the question
_init_lock = threading.Lock()
_initialised: set[str] = set()


def init_jieba(words: Iterable[str]) -> None:
    """Teach jieba the corpus's own words (unit names, policy terms) so they stay whole."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    with _init_lock:
        for word in words:
            if word and word not in _initialised and not word.isascii():
                jieba.add_word(word, freq=20000)
                _initialised.add(word)


def tokenize(text: str) -> list[str]:
    import jieba

    tokens = []
    for tok in jieba.lcut_for_search(text.lower()):
        tok = tok.strip()
        if tok and tok not in _STOP and _TOKEN_OK.search(tok):
            tokens.append(tok)
    return tokens


def _dictionary(term: str) -> tuple[str, ...]:
    """The Chinese a pinyin run of the question spells (``romanised.SPELT``), then the words of the hand map of
    the coverage lexicon (``en_zh``), then CC-CEDICT's."""
    from assistant.answering.coverage import load_lexicon, stem
    from assistant.language.bilingual import dictionary
    from assistant.language.romanised import SPELT

    spelt = SPELT.get().get(term.lower(), ())
    return tuple(dict.fromkeys((*spelt, *load_lexicon().en_zh.get(stem(term), ()), *dictionary().chinese(term))))


def _english_stop() -> frozenset[str]:
    from assistant.answering.coverage import load_lexicon

    return load_lexicon().en_stop | _STOP


def english_glosses(
    text: str, to_chinese: Callable[[str], tuple[str, ...]], stop: frozenset[str], known: Callable[[str], bool]
) -> list[str]:
    """The Chinese words for the English content words and phrases of ``text`` that the index knows (``known``),
    at most ``GLOSSES_PER_TERM`` per term, a word's first sense first. Pure."""
    from assistant.language.bilingual import phrases

    runs: list[list[str]] = [[]]
    for m in _LATIN_RUN.finditer(text):
        word = m.group().lower().split("'")[0]
        if word[:1].isascii() and word[:1].isalpha() and word not in stop and len(word) > 1:
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    out: list[str] = []
    for run in runs:
        for start, end in phrases(run, to_chinese) if run else ():
            out += [zh for zh in to_chinese(" ".join(run[start:end])) if known(zh)][:GLOSSES_PER_TERM]
    return list(dict.fromkeys(out))


class LexicalIndex:
    """BM25 scores of every chunk for a query; chunk order is the order given at construction."""

    def __init__(self, texts: Sequence[str], to_chinese: Callable[[str], tuple[str, ...]] | None = _dictionary) -> None:
        import bm25s

        self._to_chinese = to_chinese
        self.size = len(texts)
        corpus_tokens = [tokenize(t) or ["∅"] for t in texts]
        self._retriever = bm25s.BM25()
        self._retriever.index(corpus_tokens, show_progress=False)
        self._vocab = set(self._retriever.vocab_dict)

    def _known(self, word: str) -> bool:
        return any(t in self._vocab for t in tokenize(word))

    def scores(self, query: str) -> np.ndarray:
        if self._to_chinese is not None and re.search(r"[A-Za-z]{2}", query):
            query = " ".join([query, *english_glosses(query, self._to_chinese, _english_stop(), self._known)])
        tokens = [t for t in tokenize(query) if t in self._vocab]
        if not tokens or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(tokens), dtype=np.float32)
