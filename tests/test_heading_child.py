"""A question ranked onto a heading whose child holds the asked fact is answered by the child (issue 10,
parent-vs-child class): a department question on a heading naming no unit, a figure question on a heading
stating no figure, any question on a bare heading (no text beyond its title) unless it asks what it lists.

Real plans: tests/data/real/liaoning-employment-opinion.md
(a mirror, https://newton.com.tw/wiki/ + the notice's title, full address in its sidecar: "一、深入實施就業優先戰略"
over "(一)堅持擴大就業發展戰略" with its units) and tests/data/real/qiaocheng-2025-education-tasks.html
(https://www.bzqc.gov.cn/XxgkContent/show/2831654.html, a table: "2025年经济社会发展的主要预期目标" over
"固定资产投资增长7.5%左右"). The rankings are built by hand: route's choice only, no retrieval.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from assistant.answering.route import _holding_child
from assistant.corpus.layouts import parse_layout
from assistant.corpus.reading import load_document

REAL = Path(__file__).resolve().parent / "data" / "real"


def _doc(name: str):
    path = REAL / name
    return parse_layout(load_document(path), path.stem)


def _retrieval(question: str, doc, keys: list[str]):
    ranked = [SimpleNamespace(document=doc.doc_id, item=doc.item_by_key(k).number) for k in keys]
    return SimpleNamespace(query=SimpleNamespace(text=question), ranked=ranked)


def _chosen(question: str, doc, keys: list[str], intent: str) -> str:
    number = _holding_child(_retrieval(question, doc, keys), {doc.doc_id: doc}, doc.doc_id, doc.item_by_key(keys[0]).number, intent)
    return doc.item(number).key or str(number)


def test_a_department_question_on_a_heading_naming_no_unit_goes_to_its_child_with_units():
    doc = _doc("liaoning-employment-opinion.md")
    assert _chosen("扩大就业发展战略谁牵头", doc, ["1", "1.1"], "department") == "1.1"


def test_a_heading_naming_units_keeps_the_question():
    doc = _doc("qiaocheng-2025-education-tasks.html")
    assert _chosen("学前教育谁牵头", doc, ["6.68"], "department") == "6.68"


def test_a_bare_table_heading_gives_way_to_the_row_under_it():
    doc = _doc("qiaocheng-2025-education-tasks.html")
    assert _chosen("固定资产投资增长目标", doc, ["1", "1.3"], "content") == "1.3"
    assert _chosen("固定资产投资要增长多少", doc, ["1", "1.3"], "figure") == "1.3"


def test_a_list_question_stays_on_the_heading():
    doc = _doc("qiaocheng-2025-education-tasks.html")
    assert _chosen("主要预期目标有哪些", doc, ["1", "1.3"], "content") == "1"
