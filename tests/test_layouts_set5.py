"""Layouts of the set-5 real plans (eval/plans/set5, sidecars give each source address): a reposted part of a
plan whose numbering runs on from an earlier page, and a table flattened to one cell per line."""

from __future__ import annotations

from pathlib import Path

from assistant.corpus.layouts import parse_layout
from assistant.corpus.loading import parse_file
from assistant.corpus.metadata import place_of
from assistant.corpus.reading import LoadedText, pipe_cell_tables
from assistant.corpus.text import normalise

SET5 = Path(__file__).resolve().parents[1] / "eval" / "plans" / "set5"


def test_a_reposted_part_of_a_plan_numbered_from_204_is_itemised():
    # 武汉 2023, http://bx2200.com/tjnianjian/huazhong/7737_9.html (page 9 of a mirror: items 204.–212.)
    doc = parse_file(SET5 / "wuhan-2023-gov-report-tasks.txt")
    assert [it.key for it in doc.items][:8] == [str(n) for n in range(204, 212)]
    assert doc.item_by_key("204").lead_units == ("市教育局",)
    assert doc.item_by_key("204").responsible_units == ("各区人民政府",)
    assert doc.item_by_key("205").lead_units == () and doc.item_by_key("205").responsible_units == ("市教育局",)
    assert doc.item_by_key("207").responsible_units[-2:] == ("东湖高新区管委会", "洪山区人民政府")


def test_a_parenthesised_province_before_the_city_gives_the_city():
    # the same mirror's heading "(湖北省)武汉市2023年《政府工作报告》目标任务责任分解方案"
    doc = parse_file(SET5 / "wuhan-2023-gov-report-tasks.txt")
    assert (doc.place, doc.level) == ("武汉市", "city")
    assert place_of("(某省)某某县2023年工作方案")[0] == "某某县"
    assert place_of("(注意)2023年工作方案") == (None, None)  # a parenthesised aside that is no place


def test_run_on_numbering_without_unit_clauses_is_no_item_list():
    # a page of numbered paragraphs starting at 12. with no unit clause: left to the section fallback
    text = "某县情况通报\n12.今年完成了道路建设。\n13.明年继续推进。\n"
    assert parse_layout(LoadedText("d.txt", "txt", text), "d").items == ()
    # with unit clauses, the same run-on numbering is read as items
    text = "某县重点任务\n12.建设公园。(责任单位:县住建局)\n13.修路。(牵头单位:县交通局;责任单位:各乡镇)\n"
    doc = parse_layout(LoadedText("d.txt", "txt", text), "d")
    assert [it.key for it in doc.items] == ["12", "13"] and doc.item_by_key("13").lead_units == ("县交通局",)


def test_a_table_flattened_to_one_cell_per_line_is_a_responsibility_table():
    # 洋縣 2024, http://www.jzzrppj.com.cn/yxzf/yxzwgk/zfwj/xzfwj/202404/24ac3dc04d75462894bca43c3c2ec4f1.shtml
    doc = parse_file(SET5 / "yangxian-2024-livelihood-projects.txt")
    assert doc.item_by_key("1").title == "洋縣中小學幼兒園基礎設施提升改造項目"  # the 項目名稱 cell
    assert doc.item_by_key("1").responsible_units == ("教體局",) and doc.item_by_key("1").lead_units == ()
    assert doc.item_by_key("5").responsible_units == ("農業農村局",)
    assert "500畝" in doc.item_by_key("5").body and "謝村鎮" in doc.item_by_key("5").body  # the other cells describe it
    assert "500畝" in [f.text for f in doc.item_by_key("5").figures]
    # the 年度投資金額 (萬元) column: its bare number carries the header's unit
    assert "年度投資金額:1360萬元" in doc.item_by_key("3").body and "1360萬元" in [f.text for f in doc.item_by_key("3").figures]


def test_pipe_cell_tables_need_rows_of_cells():
    text = "序號 |\n|\n1 |\n名稱 |\n|\n2 |\n名稱二 |\n"
    assert pipe_cell_tables(text) == ((("1", "名稱"), ("2", "名稱二")),)
    assert pipe_cell_tables("|\n||||\n|\n") == ()  # border lines alone (費縣, 濟寧 pages) are no table
    assert pipe_cell_tables("正文 | 说明\n另一行\n") == ()


def test_pinyin_readings_a_mirror_inserted_are_dropped():
    # 鹿邑縣 2024, eval/plans/set5/luyi-2024-ten-things.docx (source address in its sidecar): "運(yùn)行經(jīng)費(fèi)補(bǔ)助至6000元"
    doc = parse_file(SET5 / "luyi-2024-ten-things.docx")
    assert "提高村衛生室基本運行經費補助至6000元" in doc.item_by_key("3").body
    assert "179個存在安全隱患的路口" in doc.item_by_key("5").body
    # only a toned syllable right after a Chinese character; other Latin text in parentheses stays
    assert normalise("就業(yè)服務（wù）") == "就業服務"
    assert normalise("附件(pdf)、(a)項、Hello (wù)") == "附件(pdf)、(a)項、Hello (wù)"
