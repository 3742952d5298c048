"""The hybrid retriever as a LangChain retriever: Documents with item metadata and scores, ``batch``,
callbacks, and composition in an LCEL chain. Real corpus, real embedded Chroma, hashing embedder."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import RunnableLambda, RunnableParallel, RunnablePassthrough

from assistant.language.understanding import GlossaryMatcher, understand
from assistant.search.retrieval import Retrieval, ranked_documents

HOPE = "希望小屋由哪个单位负责？"  # item 5 of the plan: 建设希望小屋1000处 (责任单位:团市委)
BOOKS = "村里的农家书屋归谁管？"  # item 10: 培育100个示范农家书屋 (责任单位:市文化和旅游局)
SCREENING = "两癌筛查是哪个单位牵头的？"  # item 1 (牵头单位:市妇联、市卫生健康委)


def test_it_is_a_langchain_retriever_returning_item_documents(fake_retriever) -> None:
    assert isinstance(fake_retriever, BaseRetriever)
    docs = fake_retriever.invoke(HOPE)
    assert 1 <= len(docs) <= fake_retriever.k
    assert all(isinstance(d, Document) for d in docs)
    top = docs[0]
    assert top.metadata["item"] == 5 and top.metadata["kind"] == "item"
    assert top.metadata["responsible_units"] == ["团市委"] and top.metadata["lead_units"] == []
    assert top.metadata["document"] == "linyi-2022-women-children-ten-things"
    assert top.metadata["document_title"] == "临沂市2022年关爱妇女儿童十件实事工作方案"
    assert top.id == "linyi-2022-women-children-ten-things:5"
    assert "希望小屋" in top.page_content and top.page_content.startswith("五、")
    scores = [d.metadata["score"] for d in docs]
    assert scores == sorted(scores, reverse=True)


def test_batch_gives_the_same_as_one_by_one_in_order(fake_retriever) -> None:
    questions = [HOPE, BOOKS, SCREENING]
    batched = fake_retriever.batch(questions)
    assert [[d.id for d in docs] for docs in batched] == [[d.id for d in fake_retriever.invoke(q)] for q in questions]
    assert [docs[0].metadata["item"] for docs in batched] == [5, 10, 1]


def test_documents_are_the_ranking_of_retrieve(fake_retriever, fake_corpus) -> None:
    query = understand(SCREENING, GlossaryMatcher(fake_corpus.glossary), limit=2000)
    retrieval = fake_retriever.retrieve(query)
    assert isinstance(retrieval, Retrieval)
    docs = ranked_documents(retrieval, fake_retriever.documents, 3)
    assert [(d.metadata["document"], d.metadata["item"]) for d in docs] == [(r.document, r.item) for r in retrieval.ranked[:3]]
    assert docs[0].metadata["lead_units"] == ["市妇联", "市卫生健康委"]
    # An understood Query can be passed to invoke as well as a string.
    assert [d.id for d in fake_retriever.invoke(query)] == [d.id for d in fake_retriever.invoke(SCREENING)]


def test_composes_in_an_lcel_chain(fake_retriever) -> None:
    def cite(docs: list[Document]) -> str:
        return "\n".join(f"第{d.metadata['item']}项 {'、'.join(d.metadata['lead_units'] + d.metadata['responsible_units'])}" for d in docs)

    def prompt(inputs: dict[str, Any]) -> str:
        return f"问题：{inputs['question']}\n依据：\n{inputs['context']}"

    chain = RunnableParallel(context=fake_retriever | RunnableLambda(cite), question=RunnablePassthrough()) | RunnableLambda(prompt)
    text = chain.invoke(HOPE)
    assert text.startswith(f"问题：{HOPE}\n依据：\n第5项 团市委")
    both = chain.batch([HOPE, BOOKS])
    assert both[0] == text and "第10项 市文化和旅游局" in both[1].split("依据：\n")[1].split("\n")[0]


def test_runs_report_to_callbacks(fake_retriever) -> None:
    seen: list[tuple[str, Any]] = []

    class Recorder(BaseCallbackHandler):
        def on_retriever_start(self, serialized, query, **kwargs) -> None:  # noqa: ANN001
            seen.append(("start", query))

        def on_retriever_end(self, documents, **kwargs) -> None:  # noqa: ANN001
            seen.append(("end", [d.metadata["item"] for d in documents]))

    fake_retriever.invoke(BOOKS, config={"callbacks": [Recorder()]})
    assert seen[0] == ("start", BOOKS)
    assert seen[1][0] == "end" and seen[1][1][0] == 10


def test_k_bounds_the_documents(fake_retriever) -> None:
    assert len(fake_retriever.with_config().invoke(HOPE)) <= 3
    wide = fake_retriever.model_copy(update={"k": 8})
    assert len(wide.invoke(HOPE)) > 3


def test_the_plan_as_a_whole_is_a_document_too(fake_retriever) -> None:
    top = fake_retriever.invoke("这个方案的文号是多少？")[0]
    assert top.metadata["item"] == 0 and top.metadata["kind"] == "document"
    assert top.page_content.startswith("《临沂市2022年关爱妇女儿童十件实事工作方案》") and "文号：临政办字〔2022〕78号" in top.page_content
    assert top.metadata["lead_units"] == [] and top.metadata["responsible_units"]  # the coordinating units
