"""A counter asked for (哪个窗口, 什么窗口) is a place where something is done, like 在哪 or 什么地方.

The plans set out measures, not the counters that handle them: an item answers such an ask only when its own text
states a place. Over the real Linyi plan (corpus/); the questions are this file's own phrasings.
"""

from __future__ import annotations

import pytest
from coverage_world import decide, linyi_world


@pytest.fixture(scope="module")
def world():
    return linyi_world()


@pytest.mark.parametrize(
    ("question", "item"),
    [("儿童关爱服务去哪个窗口办？", 4), ("希望小屋去什么窗口办？", 5)],
)
def test_a_counter_the_item_does_not_state_is_not_covered(world, question, item):
    cov = decide(world, question, item)
    assert not cov.covered and any("窗口" in u for u in cov.unmatched)


@pytest.mark.parametrize(("question", "item"), [("儿童关爱服务由哪个单位牵头？", 4), ("希望小屋由哪个单位负责？", 5)])
def test_without_a_counter_the_same_ask_is_covered(world, question, item):
    assert decide(world, question, item).reason == "covered"
