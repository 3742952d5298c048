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


def test_a_pinyin_reading_inside_a_unit_name_is_dropped_and_the_clause_is_read():
    # https://izgfaz.cn/columns/5bd9fdf6-8c4f-4cac-a80a-fd3c59316a2b/202304/14/b382a70b-20fa-4d58-b7e4-da1beae2eb6e.html
    # (趙縣2023年民生工程實施方案, a mirror page that prints pinyin after some characters; section 二, items (一)-(三))
    text = (
        "一、主要目標\n"
        "二、主要任務\n"
        "(一)棚戶區(qū)改造工程。東晏頭棚戶區(qū)城中村改造項目開工400套,建成400套。(責任單位:縣住房和城鄉(xiāng)建設局)\n"
        "(二)城鎮(zhèn)老舊小區(qū)改造工程。改造老舊小區(qū)11個。(責任單位:縣住房和城鄉(xiāng)建設局)\n"
        "(三)口袋公園建設工程。新建成1個高品質(zhì)口袋公園。(責任單位:縣城市管理綜合行政執(zhí)法局)\n"
    )
    doc = _doc(text)
    assert doc.item_by_key("2.1").responsible_units == ("縣住房和城鄉建設局",)  # the inserted reading dropped
    assert doc.item_by_key("2.2").responsible_units == ("縣住房和城鄉建設局",)
    assert doc.item_by_key("2.3").responsible_units == ("縣城市管理綜合行政執法局",)
    assert all(doc.item_by_key(k).lead_units == () for k in ("2.1", "2.2", "2.3"))
    assert "責任單位" not in doc.item_by_key("2.1").body and doc.item_by_key("2.1").body.endswith("建成400套。")


def test_a_nested_parenthesis_inside_a_labelled_clause():
    # constructed: the same class as the pinyin reading above, with a division list in the last unit name
    lead, responsible = _units("1.建设公园。(牵头单位:县住建局;责任单位:县财政局、各乡(镇、街道))")
    assert lead == ["县住建局"]
    assert responsible == ["县财政局", "各乡(镇、街道)"]


# https://yijiuyanglao.com/article-185-1.html (河南省人民政府 豫政〔2023〕5号, a page flattened to one line; items 1.1.1-1.1.4)
_HENAN = (
    "一、加快提振市场信心 (一)全面促进消费增长。 1.把恢复和扩大消费摆在优先位置,调整妨碍消费的限制性措施,改善消费条件,创新消费场景。"
    "(省商务厅、财政厅、发展改革委、地方金融监管局、人行郑州中心支行、河南银保监局等相关部门按职责分工负责) "
    "2.落实好提振市场信心90条措施。(省发展改革委牵头,省商务厅、财政厅、文化和旅游厅、工业和信息化厅、住房城乡建设厅等相关部门按职责分工负责) "
    "3.激活房地产市场,落实首套房贷款支持政策,优化二套房认定标准,满足刚性住房需求和改善性需求。"
    "(省住房城乡建设厅、地方金融监管局、人行郑州中心支行、河南银保监局按职责分工负责) "
    "4.加大保障性租赁住房供给,探索长租房市场建设,解决好新市民、青年人等住房问题。"
    "(省住房城乡建设厅牵头,省财政厅、自然资源厅、税务局、地方金融监管局、人行郑州中心支行、河南银保监局按职责分工负责)"
)


def test_units_per_duty_without_a_lead_are_all_responsible_and_等相关部门_is_no_unit():
    doc = _doc(_HENAN)
    first = doc.item_by_key("1.1.1")
    assert first.lead_units == ()  # no 牵头 and no stated first-listed rule: nobody leads
    assert first.responsible_units == ("省商务厅", "财政厅", "发展改革委", "地方金融监管局", "人行郑州中心支行", "河南银保监局")
    third = doc.item_by_key("1.1.3")
    assert third.lead_units == () and third.responsible_units == ("省住房城乡建设厅", "地方金融监管局", "人行郑州中心支行", "河南银保监局")
    assert "按职责分工负责" not in first.body and "等相关部门" not in first.body


def test_x_leads_and_the_rest_per_duty_are_responsible_as_written():
    doc = _doc(_HENAN)
    second = doc.item_by_key("1.1.2")
    assert second.lead_units == ("省发展改革委",)
    assert second.responsible_units == ("省商务厅", "财政厅", "文化和旅游厅", "工业和信息化厅", "住房城乡建设厅")
    fourth = doc.item_by_key("1.1.4")
    assert fourth.lead_units == ("省住房城乡建设厅",)
    assert fourth.responsible_units == ("省财政厅", "自然资源厅", "税务局", "地方金融监管局", "人行郑州中心支行", "河南银保监局")


def test_a_per_duty_list_with_a_part_that_is_no_unit_name_is_not_taken():
    # the list check still applies: "各地" does not end like a unit name, so no units are guessed
    assert _units("1.建设公园。(各地、省财政厅按职责分工负责)") == ([], [])


# 重庆市沙坪坝区人民政府办公室关于印发2022年区政府工作报告目标任务的通知 (real text and table rows):
# http://www.cqspb.gov.cn/zwgk_235/zfxxgkpt/zcwj0617/bm0617/202203/t20220329_10563014.html
_SHAPINGBA_NOTICE = (
    "请各单位提高政治站位,细化工作举措,压实工作责任,确保全面高质量完成各项目标任务。\n"
    "附件:1. 2022年区政府工作报告经济社会发展预期目标任务分解表\n"
    "2. 2022年区政府工作报告重点工作任务分解表\n"
    "重庆市沙坪坝区人民政府办公室\n"
)
_SHAPINGBA_TABLE = (
    ("序号", "2022年预期目标", "责任单位"),
    ("1", "地区生产总值增长5.5%左右", "区发展改革委"),
    ("2", "固定资产投资增长6%左右", "区发展改革委"),
    ("3", "工业增加值增长7%左右", "区经济信息委"),
)


def test_a_responsibility_table_with_a_number_column_gives_numbered_items_and_the_attachment_list_none():
    doc = parse_layout(LoadedText("plan.html", "html", normalise(_SHAPINGBA_NOTICE), tables=(_SHAPINGBA_TABLE,)), "plan")
    assert [(it.key, it.title) for it in doc.items] == [
        ("1", "地区生产总值增长5.5%左右"),
        ("2", "固定资产投资增长6%左右"),
        ("3", "工业增加值增长7%左右"),
    ]
    assert [it.responsible_units for it in doc.items] == [("区发展改革委",), ("区发展改革委",), ("区经济信息委",)]


def test_numbered_lines_that_are_not_an_attachment_list_stay_items():
    doc = _doc("一、总体要求\n1. 加强组织领导。(牵头单位:市发展改革委)\n2. 强化督查考核。(牵头单位:市政府办公室)\n")
    assert [it.title for it in doc.items if it.parent] == ["加强组织领导", "强化督查考核"]


def test_stray_spaces_inside_unit_names_are_joined():
    # http://henan.kjzch.com/zhengzhou/2021-03-30/775911.html (新密 2021 notice as the mirror returns it, items 1.1-1.3)
    text = (
        "一 、 承担的 20 21 年 省 政府工作报告重点工作任务及责任分解\n"
        "1 . 严格管控地方政府债务,切实保障 “三保”支出。\n责任单位:市 财政局\n"
        "2 . 以兰考、鄢陵、新安、南乐、新郑 5 个国家级县城新型城镇化建设示范县为引领,强化县城综合承载能力。\n"
        "牵头单位:市 城镇化服务中心\n责任单位: 市发展改革委、住建局, 各乡镇政府、街道办事处 、伏羲 山管委 会\n"
        "3 . 加强城市和建筑风貌管理,统筹地上地下,推广海绵城市、韧性城市建设。\n"
        "责任单位: 市 住建局 、资源规划 局、 大数据局 、 发展改革委、城管局\n"
    )
    doc = _doc(text)
    assert doc.item_by_key("1.1").responsible_units == ("市财政局",)
    assert doc.item_by_key("1.2").lead_units == ("市城镇化服务中心",)
    assert doc.item_by_key("1.2").responsible_units == ("市发展改革委", "住建局", "各乡镇政府", "街道办事处", "伏羲山管委会")
    assert doc.item_by_key("1.3").responsible_units == ("市住建局", "资源规划局", "大数据局", "发展改革委", "城管局")


def test_unit_names_parted_by_a_space_stay_apart():
    # a list parted by spaces only: every piece is a unit name, or the piece before a name is longer than a fragment
    # https://www.huzhou.gov.cn/art/2020/5/28/art_1229596870_59047718.html writes its lists with 、; these lines are
    # the same names parted by spaces, as a flattened page prints them
    assert _units("责任单位:市经信局 市财政局 市税务局") == ([], ["市经信局", "市财政局", "市税务局"])
    assert _units("责任单位:各区县 市财政局") == ([], ["各区县", "市财政局"])
