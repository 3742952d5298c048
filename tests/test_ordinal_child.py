"""An ordinal asked about a heading the question names is the heading's numbered child (issue 10, ordinal
class): "<heading>里第一条是什么" is item <heading>.1, not the plan's item 1.

Real plans: eval/plans/fresh/huzhou-2020-gov-report-tasks.txt
(https://www.huzhou.gov.cn/art/2020/5/28/art_1229596870_59047718.html) and
eval/plans/set6/xinyu-2023-open-government.txt (http://echinagov.com/policy/346701.htm).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.answering.compose import units_block
from assistant.answering.route import ordinal_child
from assistant.corpus.loading import parse_file
from assistant.corpus.records import Glossary
from assistant.language.understanding import item_references
from assistant.settings import PROJECT_ROOT


def _plan(path: str):
    return parse_file(PROJECT_ROOT / path)  # as ingest reads it


@pytest.fixture(scope="module")
def huzhou():
    return _plan("eval/plans/fresh/huzhou-2020-gov-report-tasks.txt")


@pytest.fixture(scope="module")
def xinyu():
    return _plan("eval/plans/set6/xinyu-2023-open-government.txt")


def _child(doc, question: str) -> str | None:
    number = ordinal_child(SimpleNamespace(text=question, item_refs=item_references(question)), doc)
    return doc.item(number).key if number is not None else None


def test_the_heading_named_loosely(huzhou):
    assert _child(huzhou, "王纲市长主抓的重点工作里第一条是什么？") == "1.1"


def test_the_heading_quoted(xinyu):
    assert _child(xinyu, "新余政务公开要点里“紧扣经济发展大局深化公开”第一条讲的是什么") == "2.1"
    assert _child(xinyu, "“加强重大战略实施信息公开”的第一项是什么") == "2.1.1"  # the nearest heading named


def test_no_heading_named_or_no_such_child(xinyu, huzhou):
    assert _child(xinyu, "新余政务公开要点第一项是什么") is None  # the plan's item 1, as before
    assert _child(xinyu, "“紧扣经济发展大局深化公开”是什么") is None  # no ordinal
    assert _child(huzhou, "王纲市长主抓的重点工作里第九条是什么？") is None  # no ninth child


def test_an_item_naming_no_unit_says_so(xinyu):
    item = xinyu.item_by_key("2.1")
    assert not item.units
    assert units_block(item, Glossary((), ()), "zh") == "单位：方案没有写明本项的牵头单位或责任单位。"
    assert "no lead or responsible unit" in units_block(item, Glossary((), ()), "en")
