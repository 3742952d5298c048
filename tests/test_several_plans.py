"""Several plans, one topic: a city's plan and a county's plan both screen for 两癌.

The county plan is the real 费县2024年关爱妇女儿童十件实事工作方案
(source: http://feixian.gov.cn/info/7927/161487.htm, stored in tests/data/real/). Its page is one
line of text; until the parser reads flattened pages, the fixture breaks the line before each item
numeral and keeps the items whose unit clause the page kept (一 to 三). No place name is written in
the package: places are matched against the plans' own text.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings

REAL = Path(__file__).parent / "data" / "real"
COUNTY = "feixian-2024-women-children"
CITY = "linyi-2022-women-children-ten-things"


def county_plan_text() -> str:
    text = (REAL / f"{COUNTY}.txt").read_text(encoding="utf-8")
    text = text[: text.index(" 四、")]  # item 四 is cut before its unit clause on the page
    text = re.sub(r" (?=[一二三四五六七八九十]{1,3}、)", "\n", text)
    return re.sub(r" (?=费县2024年关爱妇女儿童十件实事工作方案\n)", "\n", text)


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory: pytest.TempPathFactory):
    from assistant.answering.assistant import PolicyAssistant

    root = tmp_path_factory.mktemp("two-places")
    corpus = root / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus", corpus)
    (corpus / "policies" / f"{COUNTY}.txt").write_text(county_plan_text(), encoding="utf-8")
    return PolicyAssistant.from_settings(Settings(corpus_dir=corpus, index_dir=root / "index"))


def test_a_measure_both_plans_have_is_answered_side_by_side(two_plans) -> None:
    answer = two_plans.ask("两癌筛查谁负责？")
    assert answer.status == "answered"
    assert {s.document for s in answer.sources} == {COUNTY, CITY}
    # each plan's own units, each cited
    assert "县卫生健康局、县妇联" in answer.answer and "市妇联、市卫生健康委" in answer.answer
    assert "《费县2024年关爱妇女儿童十件实事工作方案》第二项" in answer.answer
    assert "《临沂市2022年关爱妇女儿童十件实事工作方案》第一项" in answer.answer


def test_english_too(two_plans) -> None:
    answer = two_plans.ask("Who leads the free cancer screening?")
    assert answer.language == "en" and {s.document for s in answer.sources} == {COUNTY, CITY}


@pytest.mark.parametrize(
    ("question", "document", "item", "lead"),
    [
        ("费县两癌筛查谁负责？", COUNTY, 2, ("县卫生健康局", "县妇联")),
        ("临沂两癌筛查谁负责？", CITY, 1, ("市妇联", "市卫生健康委")),
        ("2024年两癌筛查谁牵头？", COUNTY, 2, ("县卫生健康局", "县妇联")),
        # a district of the city (the gazetteer's containment): the city plan, not a decline
        ("我住在兰山区城里，两癌筛查谁负责？", CITY, 1, ("市妇联", "市卫生健康委")),
        ("Who leads the free cancer screening in Luozhuang District?", CITY, 1, ("市妇联", "市卫生健康委")),
        # the county inside the city: both plans contain it, the most specific one is meant
        ("临沂市费县两癌筛查谁负责？", COUNTY, 2, ("县卫生健康局", "县妇联")),
        ("Who leads the free cancer screening in Fei County?", COUNTY, 2, ("县卫生健康局", "县妇联")),
    ],
)
def test_naming_the_place_or_year_answers_from_that_plan_only(two_plans, question, document, item, lead) -> None:
    answer = two_plans.ask(question)
    assert (answer.status, answer.document, answer.items[:1], answer.lead_units) == ("answered", document, (item,), lead)
    assert {s.document for s in answer.sources} == {document}


def test_a_measure_only_one_plan_has_is_answered_from_it(two_plans) -> None:
    answer = two_plans.ask("孤独症筛查谁负责？")
    assert (answer.document, answer.items[0], answer.lead_units) == (COUNTY, 1, ("县卫生健康局",))


def test_eligibility_across_plans_asks_which_place(two_plans) -> None:
    answer = two_plans.ask("我45岁住在农村，能参加两癌筛查吗？")
    assert answer.status == "clarify" and answer.eligibility is None
    assert "费县2024年" in answer.answer and "临沂市2022年" in answer.answer


def test_a_place_no_plan_has_is_declined_saying_which_plans_exist(two_plans) -> None:
    answer = two_plans.ask("灵璧县的两癌筛查谁负责？")
    assert answer.status == "out_of_scope" and not answer.lead_units
    assert "灵璧县" in answer.answer
    assert "《费县2024年关爱妇女儿童十件实事工作方案》" in answer.answer and "《临沂市2022年关爱妇女儿童十件实事工作方案》" in answer.answer


def test_a_follow_up_naming_the_other_place_leaves_the_first_plan(two_plans) -> None:
    answer = two_plans.ask("费县的呢？", ["临沂两癌筛查谁负责？"])
    assert answer.document != CITY or answer.status != "answered"


def test_an_english_place_no_plan_has_is_declined_saying_which_plans_exist(two_plans) -> None:
    answer = two_plans.ask("Who leads the free cancer screening in Lingbi County?")
    assert answer.status == "out_of_scope" and not answer.lead_units
    assert "Lingbi County" in answer.answer and "费县2024年" in answer.answer and "临沂市2022年" in answer.answer


def test_a_place_the_gazetteer_lacks_neither_declines_nor_picks_a_plan(two_plans) -> None:
    # "北城新区" looks like a place (a name + 新区) but is no administrative division: not a reason to decline
    answer = two_plans.ask("北城新区的两癌筛查谁负责？")
    assert answer.status == "answered" and {s.document for s in answer.sources} == {COUNTY, CITY}
