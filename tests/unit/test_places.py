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


def located(documents):
    """The plans whose place is known (a plan of unknown place may be for any place named)."""
    return {k: d for k, d in documents.items() if d.place}


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
    named = scope("北京市今年地区生产总值的目标是多少？", located(documents))  # plans of known place
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
    # while a plan's place is unknown, it may be for any place: naming one is no reason to decline
    assert scope("北京市民政工作", placeless).unmatched == () and scope("北京市民政工作", located(documents)).unmatched != ()
    for question in ("丽水市民政工作", "Lishui civil affairs"):  # with the place its page gives it
        assert scope(question, documents).documents == ("lishui-2020-civil-affairs-meeting",)


def test_a_district_of_a_plans_city_is_in_that_plans_scope(documents) -> None:
    # 东莞 has no districts in the table; 蔡甸区 is a district of 武汉 and the plan is for the district itself
    named = scope("我住在蔡甸，今年地区生产总值的目标是多少？", documents)
    assert named.documents == ("caidian-2023-gov-report-tasks",) and named.unmatched == ()
    # a city of the province a provincial plan is for (深圳: no plan of its own; 广州 has one since the Guangzhou
    # 2012 plan became a fixture, and the most specific plan wins)
    assert scope("我在深圳，妇女发展规划有哪些目标？", documents).documents == ("guangdong-2014-women-plan-table",)


def test_a_county_plan_is_preferred_over_a_wider_plan_containing_it(documents) -> None:
    # a city plan over the county's city, built from the county plan's own file with another place
    city = replace(documents["feixian-2024-women-children"], doc_id="city-plan", place="临沂市", level="city")
    both = {**documents, "city-plan": city}
    assert scope("费县两癌筛查谁负责？", both).documents == ("feixian-2024-women-children",)
    assert scope("临沂市费县两癌筛查谁负责？", both).documents == ("feixian-2024-women-children",)
    assert scope("罗庄区两癌筛查谁负责？", both).documents == ("city-plan",)


def test_a_unit_named_with_its_place_is_scoped_to_that_place(documents) -> None:
    assert scope("灵璧县民政局在卫健委这个任务分解里参与了哪些事？", documents).documents == ("lingbi-2021-health-tasks",)


def test_a_word_that_only_looks_like_a_place_declines_nothing(documents) -> None:
    for question in ("北城新区的妇女能参加筛查吗？", "经济开发区的企业有补贴吗？", "蔡甸区今年要新建几所学校？"):
        assert scope(question, documents).unmatched == (), question
    assert scope("朝阳区的妇女能参加筛查吗？", located(documents)).unmatched == ("朝阳区",)  # ambiguous, and in no plan
    assert scope("Is there anything for women in Beijing?", located(documents)).unmatched == ("Beijing",)


def test_look_alike_places_are_reported_as_where_not_what(documents) -> None:
    assert scope("北城新区的妇女能参加筛查吗？", documents).looks == ("北城新区",)
    assert scope("社区里的儿童之家归谁管", documents).looks == ()  # an area word alone is no place name
