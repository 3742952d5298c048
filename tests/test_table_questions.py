"""Questions on a responsibility table's rows: alternatives written into a word (新(改)建 reads 新建 and 改建), the
verbs of asking for the units that take part (哪些单位协同/配合) and the genre's English word for a village clinic.

Plan used (source): tests/data/tables/jindong-2024-livelihood-table.html, an excerpt of
https://www.jindong.gov.cn/art/2024/3/29/art_1229171464_59336061.html (item 3 "新(改)建村卫生室", 80家, 区卫健局).
The questions are this file's own phrasings, not taken from the eval sets.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from coverage_world import decide_key, plan_world

from assistant.answering.coverage import load_lexicon, written_alternatives

TABLE = Path(__file__).parent / "data" / "tables" / "jindong-2024-livelihood-table.html"


@pytest.fixture(scope="module")
def table():
    return plan_world(TABLE)


def decide(table, question, key):
    return decide_key(table, question, key)


def test_alternatives_written_into_a_word_are_read_each_way():
    assert written_alternatives("新(改)建村卫生室80家") == ("新建村卫生室80家", "改建村卫生室80家")
    assert written_alternatives("新(改、扩)建一批学校") == ("新建一批学校", "改建一批学校", "扩建一批学校")
    # a parenthesised name or note is no alternative: nothing is read into it
    assert written_alternatives("各乡镇(街道)") == ()
    assert written_alternatives("建设公园(含绿道)") == ()
    assert written_alternatives("区卫健局") == ()


def test_a_question_naming_one_of_the_written_alternatives_is_answered(table):
    cov = decide(table, "今年新建村卫生室多少家？", "3")
    assert cov.covered and "新建村" in cov.matched  # the text writes 新(改)建村: without its readings 新建村 is unmatched
    assert decide(table, "改建村卫生室是哪个部门牵头？", "3").covered
    # a thing the row does not name stays unmatched beside the alternative it does write
    cov = decide(table, "今年新建村养老院多少家？", "3")
    assert not cov.covered and "养老院" in cov.unmatched


def test_asking_which_units_cooperate_is_asking_not_content():
    lex = load_lexicon()
    assert {"协同", "配合", "协助"} <= lex.zh_stop


def test_cooperating_units_question_is_answered_from_the_row(table):
    cov = decide(table, "村卫生室是哪个部门牵头，哪些单位协同？", "3")
    assert cov.covered and "协同" not in cov.unmatched
    # the same ask on a row about something else is not answered for it
    assert not decide(table, "养老食堂是哪个部门牵头，哪些单位协同？", "3").covered


def test_an_english_clinic_is_the_plans_health_room(table):
    cov = decide(table, "How many village clinics will the district build in 2024?", "3")
    assert cov.covered and "clinics" not in cov.unmatched
    assert not decide(table, "How many village pharmacies will the district build in 2024?", "3").covered
