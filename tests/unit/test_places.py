"""``place_scope``: which plans a question names by place, over the real plans in tests/data/real/.

Each plan file's published source address is in its sidecar (tests/data/real/<id>.yaml, ``source:``),
e.g. qixian-2022-livelihood: http://jlbada.com/2022/05-05/2707188.html (traditional characters, 杞縣).
No model: the plans are parsed from their files and the question read by jieba only.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.corpus.loading import parse_file
from assistant.language.places import place_scope
from assistant.language.understanding import place_names

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
SUFFIXES = (".txt", ".md", ".html", ".docx", ".pdf")


@pytest.fixture(scope="module")
def documents():
    files = [p for p in sorted(REAL.iterdir()) if p.suffix in SUFFIXES and p.with_suffix(".yaml").exists()]
    return {p.stem: parse_file(p) for p in files}


def scope(question: str, documents):
    return place_scope(question, documents, place_names(question))


def test_the_plans_have_their_places(documents) -> None:
    # guards the premise of the tests below: places come from each plan's own text
    assert documents["caidian-2023-gov-report-tasks"].place == "蔡甸区"
    assert documents["qixian-2022-livelihood"].place == "杞縣"
    # its text names no place: the page's own footer (版权所有：<city>民政局) gives it, through the gazetteer
    assert (documents["lishui-2020-civil-affairs-meeting"].place, documents["lishui-2020-civil-affairs-meeting"].level) == (
        "丽水市",
        "city",
    )


@pytest.mark.parametrize(
    "question, doc_id",
    [
        ("蔡甸区今年地区生产总值的目标是哪个单位负责？", "caidian-2023-gov-report-tasks"),  # full form
        ("蔡甸今年地区生产总值的目标是多少？", "caidian-2023-gov-report-tasks"),  # without its suffix
        ("杞县今年要办哪些民生实事？", "qixian-2022-livelihood"),  # simplified question, traditional plan
        ("杞縣今年要辦哪些民生實事？", "qixian-2022-livelihood"),
        ("Which department leads the GDP target in Caidian District?", "caidian-2023-gov-report-tasks"),
        ("What does caidian plan for 2023?", "caidian-2023-gov-report-tasks"),
        ("What livelihood projects does Qi County plan?", "qixian-2022-livelihood"),
        ("Qixian livelihood projects", "qixian-2022-livelihood"),
        ("Who leads the health tasks in Lingbi?", "lingbi-2021-health-tasks"),
        ("LISHAN DISTRICT key tasks", "lishan-2023-key-tasks"),
        ("Dongguan employment support", "dongguan-2021-employment"),  # 東莞市 in the plan
        ("Guangdong Province women's plan", "guangdong-2014-women-plan-table"),
    ],
)
def test_a_named_place_scopes_to_its_plan(question: str, doc_id: str, documents) -> None:
    named = scope(question, documents)
    assert named.documents == (doc_id,)
    assert named.unmatched == ()


def test_a_one_character_name_needs_its_suffix_or_level_word(documents) -> None:
    assert scope("qi gong classes", documents).documents == ()  # "qi" alone is not 杞县
    assert scope("学校里的杞人忧天", documents).documents == ()
    assert "qixian-2022-livelihood" in scope("Qi County", documents).documents


def test_an_unknown_place_is_returned_unmatched(documents) -> None:
    named = scope("北京市今年地区生产总值的目标是多少？", documents)
    assert named.documents == () and named.unmatched == ("北京市",)


def test_no_place_names_no_plan(documents) -> None:
    named = scope("两癌筛查由哪个单位负责？", documents)
    assert named.documents == () and named.unmatched == () and not named.names_place
    assert scope("Who is responsible for cervical cancer screening?", documents).documents == ()


def test_a_plan_without_a_place_never_matches(documents) -> None:
    placeless = {
        **documents,
        "lishui-2020-civil-affairs-meeting": replace(documents["lishui-2020-civil-affairs-meeting"], place=None, level=None),
    }
    for question in ("丽水市民政工作", "Lishui civil affairs"):
        assert "lishui-2020-civil-affairs-meeting" not in scope(question, placeless).documents
    for question in ("丽水市民政工作", "Lishui civil affairs"):  # with the place its page gives it
        assert scope(question, documents).documents == ("lishui-2020-civil-affairs-meeting",)
