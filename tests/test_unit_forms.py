"""A unit look-up lists every item naming the unit, whatever form each item writes it in (issue 10, units
class): with or without the plan's place or level prefix (市发展改革委 / 发展改革委, 省住房城乡建设厅 /
住房城乡建设厅) and in the body table's other forms (发改委 = 发展改革委). Another level's unit stays apart.

Real plans: eval/plans/set6/xinmi-2021-gov-report-tasks.html (http://henan.kjzch.com/zhengzhou/2021-03-30/775911.html)
and eval/plans/set3/henan-2023-key-tasks.txt (https://yijiuyanglao.com/article-185-1.html).
"""

from __future__ import annotations

import pytest

from assistant.answering.route import unit_hits, unit_identity
from assistant.corpus.loading import parse_file
from assistant.settings import PROJECT_ROOT


def _plan(path: str):
    return parse_file(PROJECT_ROOT / path)  # as ingest reads it


@pytest.fixture(scope="module")
def xinmi():
    return _plan("eval/plans/set6/xinmi-2021-gov-report-tasks.html")


@pytest.fixture(scope="module")
def henan():
    return _plan("eval/plans/set3/henan-2023-key-tasks.txt")


def _keys(doc, unit: str) -> list[str]:
    return [doc.item(n).key for _, n, _ in unit_hits(unit, {doc.doc_id: doc})]


def test_the_unit_with_and_without_the_level_prefix(xinmi):
    """1.2 names 市发展改革委, 1.3 names 发展改革委: one unit of a 市 plan."""
    units = {u for it in xinmi.items for u in it.units}
    assert {"市发展改革委", "发展改革委"} <= units
    assert _keys(xinmi, "市发展改革委") == ["1.2", "1.3"]
    assert _keys(xinmi, "发展改革委") == ["1.2", "1.3"]


def test_the_unit_with_and_without_the_province_prefix(henan):
    """1.1.2 names 住房城乡建设厅, 1.1.3 and 1.1.4 省住房城乡建设厅."""
    assert _keys(henan, "省住房城乡建设厅") == ["1.1.2", "1.1.3", "1.1.4"]
    roles = {henan.item(n).key: r for _, n, r in unit_hits("省住房城乡建设厅", {henan.doc_id: henan})}
    assert roles["1.1.4"] == "lead" and roles["1.1.3"] == "responsible"


def test_body_forms_and_levels(xinmi):
    assert unit_identity("发改委", xinmi) == unit_identity("市发展改革委", xinmi) == unit_identity("新密市发展和改革委员会", xinmi)
    assert unit_identity("县发展改革委", xinmi) != unit_identity("市发展改革委", xinmi)  # another level's unit
    assert unit_identity("发改局", xinmi) != unit_identity("发改委", xinmi)  # a bureau is not the commission
    assert unit_identity("团市委", xinmi) != unit_identity("团县委", xinmi)


def test_a_plan_not_naming_the_unit_as_asked_is_not_searched(xinmi):
    assert unit_hits("发改委", {xinmi.doc_id: xinmi}) == []


@pytest.mark.parametrize(
    "question, place_asked",
    [
        # set 7 (neijiang, guangdong): "in which items" -- 在 + 哪几条, no place asked
        ("市经济和信息化委出现在哪几条？", False),
        ("省妇联都挂在哪几项目标下面？", False),
        ("市民政局在哪几个地方办公", True),  # 哪几个地方: places
        ("市民政局在哪里办公", True),
    ],
)
def test_in_which_items_asks_no_place(question, place_asked):
    from coverage_world import cut

    from assistant.answering.coverage import question_terms

    kinds = {t.canonical for t in question_terms(question, (), cut) if t.kind == "ask"}
    assert ("place" in kinds) == place_asked


@pytest.mark.parametrize(
    "path, asked, own, keys",
    [
        # http://rd.lyg.gov.cn/lygrd/rdgg/content/2d35dff7-8846-4ce5-92c6-c7af4b552216.html: the plan writes 市发改委
        ("eval/plans/fresh/lianyungang-2023-livelihood.txt", "市发展改革委", "市发改委", ["1.1", "1.3"]),
        # http://www.jzzrppj.com.cn/yxzf/yxzwgk/zfwj/xzfwj/202404/24ac3dc04d75462894bca43c3c2ec4f1.shtml: 住建局
        ("eval/plans/set5/yangxian-2024-livelihood-projects.txt", "縣住房和城鄉建設局", "住建局", ["2", "3"]),
    ],
)
def test_the_place_named_finds_its_plans_form_of_the_unit(path, asked, own, keys):
    """'<place> + unit' where the glossary read the unit as another plan's name for it: the place's plan's own
    form, by prefix and body type."""
    from assistant.answering.route import _unit_lookup

    doc = _plan(path)
    found = _unit_lookup(asked, {doc.doc_id: doc}, scoped=True)
    assert (found.kind, found.unit) == ("unit_lookup", own)
    assert _keys(doc, own) == keys


def test_another_levels_unit_is_not_taken_for_the_plans(xinmi):
    from assistant.answering.route import _unit_lookup

    assert _unit_lookup("县发展改革委", {xinmi.doc_id: xinmi}, scoped=True).kind != "unit_lookup"


def test_a_merged_offices_second_name_and_the_place_stem():
    """嘉鱼 2021 (eval/plans/set3/jiayu-2021-key-tasks.txt,
    http://jiayu.gov.cn/xxgk/dfbmptlj/bmxxgkpt/xjtysj/zc_21470/zfwj_21471/202107/t20210722_2364261.shtml) names 县发改局(粮食局): one
    office with two names. Its aliases are its first name's forms, with the place said without 县 (嘉鱼发改局)."""
    from assistant.corpus.glossary import english_name, unit_aliases

    aliases = unit_aliases("县发改局(粮食局)", "嘉鱼县", "county")
    assert {"县发改局", "发改局", "嘉鱼县发改局", "嘉鱼发改局"} <= set(aliases)
    assert english_name("县发改局(粮食局)", "嘉鱼县", "county") == english_name("县发改局", "嘉鱼县", "county")
    assert "嘉发改局" not in unit_aliases("县发改局", "费县", "county")  # a one-character stem is no name
