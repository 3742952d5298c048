"""Several plans in one index: answers name the plan, and a question naming a year or plan is scoped to it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.settings import Settings

DATA = Path(__file__).parent / "data"
SECOND = "mouxian-2023-education-twelve-things"


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory: pytest.TempPathFactory):
    from assistant.answering.assistant import PolicyAssistant
    from assistant.settings import PROJECT_ROOT

    root = tmp_path_factory.mktemp("two-plans")
    corpus = root / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus", corpus)
    shutil.copy(DATA / f"{SECOND}.txt", corpus / "policies" / f"{SECOND}.txt")
    return PolicyAssistant.from_settings(Settings(corpus_dir=corpus, index_dir=root / "index"))


def test_both_plans_are_indexed(two_plans) -> None:
    assert sorted(two_plans.documents) == ["linyi-2022-women-children-ten-things", SECOND]
    assert two_plans.health()["documents"] == 2


def test_a_question_naming_the_year_is_scoped_to_that_plan(two_plans) -> None:
    answer = two_plans.ask("2023年建设乡村少年宫由哪个单位负责？")
    assert answer.status == "answered"
    assert answer.document == SECOND and answer.items[0] == 4
    assert answer.responsible_units == ("团市委",)
    assert "《某市2023年教育惠民十二件实事工作计划》第四项" in answer.answer


def test_the_same_unit_in_two_plans_is_answered_from_the_plan_asked_about(two_plans) -> None:
    linyi = two_plans.ask("2022年希望小屋由哪个单位负责？")
    assert linyi.document == "linyi-2022-women-children-ten-things" and linyi.items[0] == 5
    assert "《临沂市2022年关爱妇女儿童十件实事工作方案》第五项" in linyi.answer


def test_unit_lookup_lists_items_of_every_plan_and_names_them(two_plans) -> None:
    answer = two_plans.ask("团市委参与了哪些实事？")
    assert answer.status == "answered"
    assert "《临沂市2022年关爱妇女儿童十件实事工作方案》" in answer.answer
    assert "《某市2023年教育惠民十二件实事工作计划》" in answer.answer
    assert {s.document for s in answer.sources} == {SECOND, "linyi-2022-women-children-ten-things"}


def test_a_year_no_plan_covers_is_out_of_scope(two_plans) -> None:
    assert two_plans.ask("2025年的希望小屋建多少处？").status == "out_of_scope"
