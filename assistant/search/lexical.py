"""BM25 over jieba tokens (bm25s). Built in memory from the indexed chunks at start-up."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Sequence

import numpy as np

_STOP = frozenset(
    "的 了 吗 呢 吧 啊 呀 是 在 和 与 及 或 我 你 他 她 它 我们 你们 他们 这 那 这个 那个 什么 怎么 怎样 哪个 哪些 "
    "有 没有 就 都 也 还 要 会 能 可以 请问 一下 问 想 知道 一个 个 对 为 把 被 给 让 等 中 上 下 "
    "the a an of to in on for and or is are was were be do does did i my me you your it this that what which who how "
    "can could would should will with by at from as about any there their they them please".split()
)
_TOKEN_OK = re.compile(r"[\w\u3400-\u9fff%]")
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


class LexicalIndex:
    """BM25 scores of every chunk for a query; chunk order is the order given at construction."""

    def __init__(self, texts: Sequence[str]) -> None:
        import bm25s

        self.size = len(texts)
        corpus_tokens = [tokenize(t) or ["∅"] for t in texts]
        self._retriever = bm25s.BM25()
        self._retriever.index(corpus_tokens, show_progress=False)
        self._vocab = set(self._retriever.vocab_dict)

    def scores(self, query: str) -> np.ndarray:
        tokens = [t for t in tokenize(query) if t in self._vocab]
        if not tokens or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(tokens), dtype=np.float32)
