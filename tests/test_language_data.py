"""The language's facts are packaged data: every lexicon loads and compiles, and item numbers read past 十."""

from __future__ import annotations

from importlib.resources import files

import pytest

from assistant.language.lexicon import alternatives, lexicon, pattern
from assistant.language.understanding import item_references

LEXICONS = {
    "intents": ("department", "figure", "unit_lookup", "document", "date", "plan_word"),
    "questions": ("question",),
    "dialogue": ("anaphora", "topic_change"),
}


@pytest.mark.parametrize(("name", "entry"), [(n, e) for n, entries in LEXICONS.items() for e in entries])
def test_every_entry_has_chinese_and_english_patterns_that_compile(name: str, entry: str) -> None:
    assert set(lexicon(name)[entry]) == {"zh", "en"}
    assert alternatives(name, entry)
    pattern(name, entry)


def test_the_files_ship_inside_the_package() -> None:
    shipped = {p.name for p in files("assistant.language").joinpath("data").iterdir()}
    assert {"intents.yaml", "questions.yaml", "dialogue.yaml", "items.yaml"} <= shipped


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("第七项是什么", (7,)),
        ("第十一项由谁负责", (11,)),
        ("第二十项", (20,)),
        ("第 12 件实事", (12,)),
        ("item 11", (11,)),
        ("the 12th item", (12,)),
        ("the eleventh measure", (11,)),
        ("第二季度", ()),  # a numeral without an item counter names no item
        ("第一项和第三项", (1, 3)),
    ],
)
def test_item_references_read_numbers_past_ten(text: str, items: tuple[int, ...]) -> None:
    assert item_references(text) == items


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("换个问题，孩子没地方学习有什么帮助？", True),
        ("另外问一下，体质监测在哪做？", True),
        ("By the way, another question: who handles the hope cabins?", True),
        ("On a different topic, how many children get rehabilitation?", True),
        ("那归哪个单位管？", False),
        ("which department is in charge?", False),
    ],
)
def test_topic_change_phrases(text: str, changes: bool) -> None:
    assert bool(pattern("dialogue", "topic_change").search(text)) is changes


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("沂南县的两癌筛查谁负责", ("沂南县",)),
        ("费县两癌筛查谁负责", ("费县",)),
        ("临沂市的希望小屋", ("临沂市",)),
        # ordinary words jieba tags as places, and bare suffixes, are not places
        ("政府花钱买社工服务关爱小孩，是民政牵头不？", ()),
        ("友芳公益基金会捐的是什么东西？", ()),
        ("市区的妇女能查吗", ()),
        ("Who leads the screening in Linyi?", ()),
    ],
)
def test_place_names(text: str, places: tuple[str, ...]) -> None:
    from assistant.language.understanding import place_names

    assert place_names(text) == places
