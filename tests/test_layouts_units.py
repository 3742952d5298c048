"""Unit-clause variants from real published plans, on their own text lines (source address per case)."""

from __future__ import annotations

from assistant.corpus.layouts import parse_layout, parse_unit_text
from assistant.corpus.reading import LoadedText
from assistant.corpus.text import normalise, simplified_view


def _units(line: str) -> tuple[list[str], list[str]]:
    text = normalise(line)
    units = parse_unit_text(simplified_view(text), text)
    return units.lead, units.responsible


def _doc(text: str):
    return parse_layout(LoadedText("plan.txt", "txt", normalise(text)), "plan")


def test_first_listed_statement_at_the_end_of_a_responsible_list():
    # https://www.huzhou.gov.cn/art/2020/5/28/art_1229596870_59047718.html (item 1.1)
    line = "1.坚定不移支持企业发展。\n责任单位:市经信局、市财政局、市发展改革委、市人力社保局、市金融办、市税务局(列第一位者为工作牵头单位或汇总单位,下同)"
    lead, responsible = _units(line)
    assert lead == ["市经信局"]
    assert responsible == ["市财政局", "市发展改革委", "市人力社保局", "市金融办", "市税务局"]


def test_first_listed_statement_after_the_first_unit_carries_to_later_clauses():
    # http://www.haiyan.gov.cn/art/2022/4/26/art_1229436874_59379425.html (items 1.1, 1.2)
    text = (
        "一、王丹县长牵头重点工作 1.全县生产总值增长7.5%左右;城乡居民人均可支配收入与经济增长基本同步,收入倍差进一步缩小。"
        " 责任单位:县发改局(首位单位为牵头单位,下同)、县财政局、县税务局、县农业农村局"
        " 2.落实党政机关过紧日子的要求,努力降低行政运行成本。 责任单位:县财政局"
    )
    doc = _doc(text)
    first, second = doc.item_by_key("1.1"), doc.item_by_key("1.2")
    assert first.lead_units == ("县发改局",)
    assert first.responsible_units == ("县财政局", "县税务局", "县农业农村局")
    assert second.lead_units == ("县财政局",) and second.responsible_units == ()
    assert doc.item_by_key("1").units == ()  # a county leader heads the section: a person, not a unit


def test_without_a_statement_a_responsible_list_names_no_lead():
    lead, responsible = _units("建设公园。\n责任单位:县住建局、县财政局")
    assert (lead, responsible) == ([], ["县住建局", "县财政局"])


def test_lead_and_responsible_in_square_brackets_with_parentheses_in_a_unit_name():
    # http://www.xialuqu.gov.cn/zwgk/zc/qtzdgkwj/202012/t20201222_742409.html (item 1.1.2)
    line = (
        "2、以爱国卫生运动和文明城市创建为抓手,大力开展环境卫生综合整治,强化群众风险防控意识,切实巩固疫情防控成果。"
        "[牵头单位:区卫健局、区创文办;责任单位:区疫情防控指挥部成员单位、区创文工作领导小组成员单位、各街办(新区)]"
    )
    lead, responsible = _units(line)
    assert lead == ["区卫健局", "区创文办"]
    assert responsible == ["区疫情防控指挥部成员单位", "区创文工作领导小组成员单位", "各街办(新区)"]


def test_共同责任单位_is_responsible_not_a_lead():
    # http://rd.lyg.gov.cn/lygrd/rdgg/content/2d35dff7-8846-4ce5-92c6-c7af4b552216.html (item 1.1)
    line = (
        "1. 新建中小学15所、改扩建8所。完成校安工程23万平方米。"
        "(牵头单位:市教育局;共同责任单位:市发改委、市财政局、市自然资源局、市住建局,各县区、功能板块)"
    )
    lead, responsible = _units(line)
    assert lead == ["市教育局"]
    assert responsible == ["市发改委", "市财政局", "市自然资源局", "市住建局", "各县区", "功能板块"]


def test_a_section_heading_naming_its_lead_leads_the_tasks_under_it():
    # https://m.ltwz.net/news/DPweP9gqoV.html (附件1, section 一 and tasks 1.1-1.3)
    text = (
        "2025年县政府工作报告任务清单\n一、县示范区管委会牵头工作(8项)\n1.投资3000万元建设南美白对虾工厂化循环水养殖基地。\n"
        "2.打造食用菌酵素生产基地。\n3.建设3个劳动密集型产业园。\n"
    )
    doc = _doc(text)
    for key in ("1", "1.1", "1.2", "1.3"):
        item = doc.item_by_key(key)
        assert item.lead_units == ("县示范区管委会",) and item.responsible_units == (), key


def test_a_task_with_its_own_clause_keeps_it_under_a_lead_heading():
    text = "一、县示范区管委会牵头工作(2项)\n1.建设产业园。(牵头单位:县工信局)\n2.打造生产基地。\n"
    doc = _doc(text)
    assert doc.item_by_key("1.1").lead_units == ("县工信局",)
    assert doc.item_by_key("1.2").lead_units == ("县示范区管委会",)
