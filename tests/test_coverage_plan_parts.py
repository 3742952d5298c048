"""Words naming a plan's own parts (条目, 条款, 条文) are part of asking which items, like 项目 and 方案: a unit
look-up put as "<unit>涉及哪些条目" is not declined for 条目, which no item's text writes (issue 10, unit
look-up class). A thing asked about beside them still has to be covered.

Linyi plan (corpus/): item 4 names 市民政局; item 1 is the screening and names no prostate check, item 4 no care home.
"""

from __future__ import annotations

import pytest
from coverage_world import decide, linyi_world


@pytest.fixture(scope="module")
def world():
    return linyi_world()


@pytest.mark.parametrize("question", ["市民政局涉及哪些条目？", "市民政局出现在哪些条款里", "市民政局相关的条文有哪些"])
def test_a_word_for_the_plans_parts_is_not_what_is_asked(world, question):
    result = decide(world, question, 4)
    assert result.reason == "covered", result


@pytest.mark.parametrize(
    ("question", "item", "thing"),
    [("市民政局涉及的条目里有没有养老院补贴", 4, "养老院"), ("两癌筛查的条款里有没有前列腺检查", 1, "前列腺")],
)
def test_a_thing_asked_about_beside_it_still_has_to_be_covered(world, question, item, thing):
    result = decide(world, question, item)
    assert result.reason == "not_covered"
    assert result.unmatched == (thing,)
