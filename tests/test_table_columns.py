"""Responsibility tables: which columns hold units, titles and text (header words from data/layout.yaml table_*),
and merged cells (rowspan, or a merged cell the page did not span) that must not shift the columns after them."""

from __future__ import annotations

from pathlib import Path

from assistant.corpus.layouts import parse_layout
from assistant.corpus.loading import parse_file
from assistant.corpus.reading import LoadedText, load_bytes

DATA = Path(__file__).resolve().parent / "data" / "tables"


def _doc(rows: list[tuple[str, ...]], text: str = "某县2024年民生实事\n"):
    return parse_layout(LoadedText("t.html", "html", text, tables=(tuple(rows),)), "t")


def _html(body: str) -> LoadedText:
    return load_bytes("t.html", f"<html><body><p>某县2024年民生实事</p>{body}</body></html>".encode())


def test_the_real_table_reads_the_cooperating_column_the_name_column_and_merged_category_cells():
    # 金东区 2024, https://www.jindong.gov.cn/art/2024/3/29/art_1229171464_59336061.html (excerpt: its table)
    doc = parse_file(DATA / "jindong-2024-livelihood-table.html")
    assert [it.key for it in doc.items] == [str(n) for n in range(1, 10)]
    one = doc.item_by_key("1")
    assert one.title == "新(改、扩)建一批中小学校"  # the 事项名称 cell, not the 事项分类 or 项目内容 cell
    assert one.lead_units == ("区教体局",)
    assert one.responsible_units[0] == "东孝街道" and one.responsible_units[-1] == "区资规分局"  # the 协同单位 cell
    assert "实施新(改、扩)建中小学校5家" in one.body  # the 项目内容 cell is the item's text
    # row 2 lacks the category cell (merged with row 1 on the page, not spanned): the columns do not shift
    two = doc.item_by_key("2")
    assert two.title == "中小学校清廉阳光厨房建设" and two.lead_units == ("区教体局",)
    assert two.responsible_units == ()  # "/": no cooperating unit
    assert "对28所中小学校食堂安装数字化验收平台" in two.body
    # rows under a rowspan category cell keep their columns
    four = doc.item_by_key("4")
    assert four.title == "医疗卫生机构迁(扩)建" and four.lead_units == ("区卫健局",)
    assert four.responsible_units == ("源东乡", "区发改局", "区资规分局")
    assert doc.item_by_key("7").lead_units == ("区消防救援大队",) and doc.item_by_key("7").responsible_units == ("各乡镇(街道)",)
    assert "80家" in [f.text for f in doc.item_by_key("3").figures]
    assert "“医”心为民工程" in doc.item_by_key("5").body  # the merged category is read into every row it covers


def test_a_cooperating_column_fills_responsible_units_and_none_leaves_them_empty():
    header = ("序号", "任务", "牵头单位", "协同部门")
    doc = _doc([header, ("1", "建设公园", "县住建局", "县财政局、县自然资源局")])
    assert doc.items[0].lead_units == ("县住建局",) and doc.items[0].responsible_units == ("县财政局", "县自然资源局")
    doc = _doc([("序号", "任务", "牵头单位", "配合单位"), ("1", "建设公园", "县住建局", "县财政局")])
    assert doc.items[0].responsible_units == ("县财政局",)
    # a table without such a column: responsible units stay empty, and a 备注 column's names are no units
    doc = _doc([("序号", "任务", "牵头单位", "备注"), ("1", "建设公园", "县住建局", "县财政局")])
    assert doc.items[0].lead_units == ("县住建局",) and doc.items[0].responsible_units == ()


def test_a_name_column_gives_the_title_and_a_content_column_the_text():
    doc = _doc([("序号", "事项名称", "项目内容", "牵头单位"), ("1", "献血屋建设", "建设献血屋2个。", "县卫健局")])
    assert doc.items[0].title == "献血屋建设" and "建设献血屋2个" in doc.items[0].body
    # no name column: the content column is the title as before
    doc = _doc([("序号", "项目内容", "牵头单位"), ("1", "建设献血屋2个", "县卫健局")])
    assert doc.items[0].title.startswith("建设献血屋2个")


def test_a_rowspan_cell_is_repeated_in_the_rows_it_covers():
    loaded = _html(
        "<table><tr><th>序号</th><th>类别</th><th>任务</th><th>牵头单位</th></tr>"
        '<tr><td>1</td><td rowspan="2">教育</td><td>建学校</td><td>县教育局</td></tr>'
        "<tr><td>2</td><td>建食堂</td><td>县教体局</td></tr></table>"
    )
    assert loaded.tables[0][1:] == (("1", "教育", "建学校", "县教育局"), ("2", "教育", "建食堂", "县教体局"))
    # a colspan cell fills its first column and leaves the others empty; a table with no spans is as written
    loaded = _html("<table><tr><td colspan='2'>一、教育</td><td>x</td></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>")
    assert loaded.tables[0] == (("一、教育", "", "x"), ("1", "2", "3"))


def test_a_group_cell_merged_down_keeps_its_rows_in_one_group():
    rows = [
        ("领域", "主要目标", "主要责任单位"),
        ("健康", "1.建医院", "县卫健局"),
        ("健康", "2.建诊所", "县卫健局"),
        ("教育", "1.建学校", "县教育局"),
    ]
    doc = _doc(rows)
    assert [it.key for it in doc.items] == ["1", "1.1", "1.2", "2", "2.1"]


def test_a_short_row_ending_in_units_lacks_a_merged_cell_and_one_cut_short_keeps_its_places():
    header = ("序号", "分组", "任务", "牵头单位")
    doc = _doc([header, ("1", "甲组", "建学校", "县教育局"), ("2", "建食堂", "县教体局")])
    assert doc.item_by_key("2").lead_units == ("县教体局",) and doc.item_by_key("2").title.startswith("建食堂")
    # a row cut after its first cells (its last cell no unit): the cells stay where they are, no unit is made up
    doc = _doc([("序号", "项目名称", "建设时间", "责任单位"), ("1", "建学校", "2024", "县教育局"), ("2", "建食堂", "2024")])
    assert doc.item_by_key("2").title == "建食堂" and doc.item_by_key("2").responsible_units == ()


def test_a_row_with_no_cooperating_unit_says_so_and_one_with_units_lists_them():
    from assistant.answering.compose import units_block
    from assistant.corpus.records import Glossary

    doc = parse_file(DATA / "jindong-2024-livelihood-table.html")
    none = doc.item_by_key("2")  # 协同单位 "/"
    assert units_block(none, Glossary((), ()), "zh").endswith("责任单位：无（本项只列了牵头单位）")
    assert "none named (the plan names only the lead unit(s)" in units_block(none, Glossary((), ()), "en")
    listed = units_block(doc.item_by_key("4"), Glossary((), ()), "zh")
    assert listed.endswith("责任单位：源东乡、区发改局、区资规分局") and "无" not in listed
