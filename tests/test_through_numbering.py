"""Plans whose "1." "2." … items run straight through their section headings, labelled-line unit clauses, and
unit names with a 、 inside them. Real published text in tests/data/through/ (README there gives each source)."""

from __future__ import annotations

from pathlib import Path

from assistant.corpus.layouts import parse_layout
from assistant.corpus.loading import parse_file
from assistant.corpus.metadata import derive_facts, division_level
from assistant.corpus.reading import LoadedText
from assistant.corpus.text import simplified_view

DATA = Path(__file__).resolve().parent / "data" / "through"


def test_items_numbered_through_sections_are_named_by_their_printed_number():
    # 监利 2022: 一、 > (一) 1.-4. > (二) 5.-6. (the strict parser read one item; the layout reads them all)
    doc = parse_file(DATA / "jianli-2022-gov-report-tasks.md")
    assert doc.item_as_printed(5).title == "固定资产投资增长20%以上"
    assert doc.item_as_printed(5).key == "1.2.5"  # its place in the plan is kept
    assert doc.item_as_printed(1).title == "地区生产总值增长10%左右"  # not the section 一、
    assert doc.item_by_key("1").title == "2022年主要预期目标"


def test_items_numbered_again_under_each_section_keep_their_place_only():
    # 海盐 2022: 一、 1. 2. then 二、 1. 2. — "1" names the section, no item is named by a printed number alone
    doc = parse_file(DATA / "haiyan-2022-gov-report-tasks.txt")
    assert {"1.1", "1.2", "2.1"} <= {it.key for it in doc.items}
    assert not any(it.printed for it in doc.items)
    assert doc.item_as_printed(1) is doc.item_by_key("1")


def test_labelled_lines_give_lead_and_cooperating_units_and_a_leader_stays_text():
    # 滁州 2020: 牵头负责领导 (a person), 牵头责任单位:X。, 协同责任单位:A、B…等,各县、市、区政府。
    doc = parse_file(DATA / "chuzhou-2020-key-tasks.txt")
    first = doc.item_as_printed(1)
    assert first.title == "地区生产总值增长8%以上"
    assert first.lead_units == ("市发展改革委",)
    assert first.responsible_units[-2:] == ("中新苏滁高新区管委会", "各县、市、区政府")
    assert "牵头负责领导:金力" in first.body and "金力" not in first.units
    second = doc.item_as_printed(2)
    assert second.responsible_units[:3] == ("市税务局", "滁州海关", "市人行")


def test_a_dun_inside_a_name_only_where_commas_part_the_list():
    doc = parse_file(DATA / "jianli-2022-gov-report-tasks.md")
    two = doc.item_as_printed(2)
    # commas part the entries; 、 after a unit name parts two units, after a fragment it is inside one name
    assert two.responsible_units == ("市统计局", "市市场监管局", "各乡、镇人民政府", "人民大垸、荒湖管理区", "监利经济开发区")
    # a list parted by 、 alone is read as before: every unit name its own entry
    text = "某县重点任务\n1.建设公园。(牵头单位:县住建局;责任单位:县财政局、县自然资源局、各乡镇)\n2.修路。(责任单位:县交通局)\n"
    doc = parse_layout(LoadedText("d.txt", "txt", text), "d")
    assert doc.item_by_key("1").responsible_units == ("县财政局", "县自然资源局", "各乡镇")


def test_a_county_made_a_city_after_the_gazetteer_table_is_county_level():
    # 监利 became a 县级市 (2020); the division table still lists the county
    assert division_level("监利市", "city") == "county"
    assert division_level("滁州市", "city") == "city"  # a prefecture-level city the table lists
    assert division_level("某某市", "city") == "city"  # no such county either


def test_the_plan_year_in_the_notice_line_wins_over_the_issue_date():
    text = (DATA / "jianli-2022-gov-report-tasks.md").read_text(encoding="utf-8")
    head = text[: text.find("一、")]
    assert derive_facts(head, simplified_view(head), len(head)).year == 2022
    # a year only inside a cited 《》 title is not the notice's own: the date gives it
    other = "某县人民政府办公室关于转发《2019年重点工作》的通知\n\n2021年3月1日\n"
    assert derive_facts(other, simplified_view(other), len(other)).year == 2021


def test_a_county_made_a_city_is_that_county_for_place_scoping():
    from assistant.language.gazetteer import gazetteer

    g = gazetteer()
    assert [p.name for p in g.as_listed("监利市")] == ["监利县"]
    assert [p.name for p in g.as_listed("滁州市")] == ["滁州市"]  # listed as written
    assert g.as_listed("某某市") == ()
    # the plan's place resolves, so an English question naming it by its pinyin is scoped to it
    from assistant.language.places import place_scope

    doc = parse_file(DATA / "jianli-2022-gov-report-tasks.md")
    assert place_scope("Who leads Jianli's GDP growth target for 2022?", [doc]).documents == (doc.doc_id,)
    assert place_scope("监利今年外贸出口谁牵头", [doc]).documents == (doc.doc_id,)


def test_a_date_line_followed_by_mojibake_is_the_issue_date():
    doc = parse_file(DATA / "jianli-2022-gov-report-tasks.md")
    assert doc.issue_date == "2021年11月22日"


def test_a_title_broken_before_its_conjunction_is_one_title():
    doc = parse_file(DATA / "jianli-2022-gov-report-tasks.md")
    assert doc.title == "《政府工作报告》2022年重点工作及民生实事项目任务分解方案"
    # a title line that does not continue another stays as it is
    text = (
        "某县人民政府办公室\n\n某县2023年重点工作任务分解方案\n\n一、目标\n1.建设公园。(牵头单位:县住建局)\n2.修路。(牵头单位:县交通局)\n"
    )
    assert parse_layout(LoadedText("d.txt", "txt", text), "d").title == "某县2023年重点工作任务分解方案"
