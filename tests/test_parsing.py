"""The plan parser on the real seed plan, on a second made-up plan, and on malformed plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.parsing import PolicyParseError, chinese_numeral, parse_policy

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "policies" / "linyi-2022-women-children-ten-things.txt"
SECOND = Path(__file__).parent / "data" / "mouxian-2023-education-twelve-things.txt"


@pytest.fixture(scope="module")
def seed():
    return parse_policy(SEED.read_text(encoding="utf-8"), doc_id=SEED.stem, source=str(SEED))


@pytest.fixture(scope="module")
def second():
    return parse_policy(SECOND.read_text(encoding="utf-8"), doc_id=SECOND.stem, source=str(SECOND))


# ------------------------------------------------------------------ the seed plan

SEED_ITEMS = {
    1: (
        "一",
        "开展适龄妇女“两癌”免费筛查和低收入“两癌”妇女救助",
        ("市妇联", "市卫生健康委"),
        ("市委宣传部", "市发展改革委", "市公安局", "市民政局", "市财政局", "市农业农村局", "市医保局"),
    ),
    2: ("二", "开展妇女儿童体质监测", (), ("市体育局",)),
    3: ("三", "建设运营临沂市家庭家教家风建设指导中心,推进社区家长学校规范化建设", (), ("市妇联",)),
    4: ("四", "实施政府购买儿童关爱社会工作服务项目", ("市民政局",), ("市财政局",)),
    5: ("五", "建设希望小屋1000处", (), ("团市委",)),
    6: ("六", "提高孤困儿童救助保障水平", ("市关工委",), ("市民政局", "市教育局", "市公安局", "市慈善总会")),
    7: ("七", "康复救助残疾儿童2200人", ("市残联",), ("市教育局", "市民政局", "市财政局", "市卫生健康委", "市医保局")),
    8: ("八", "严打拐卖儿童犯罪,查找失踪被拐儿童", (), ("市公安局",)),
    9: ("九", "维护农村集体产权制度改革中妇女合法权益", ("市农业农村局",), ("各县区政府",)),
    10: ("十", "实施“书 香临沂”建设项目", (), ("市文化和旅游局",)),
}

SEED_FIGURES = {
    1: ["40万名", "35-64岁", "500人"],
    2: ["3000名"],
    3: ["90%", "80%"],
    4: [],
    5: ["1000处", "8至14岁"],
    6: [],
    7: ["2200人", "2200名"],
    8: [],
    9: [],
    10: ["10个左右", "100个"],
}


def test_seed_has_exactly_ten_items_in_order(seed):
    assert [it.number for it in seed.items] == list(range(1, 11))
    assert [it.numeral for it in seed.items] == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]


@pytest.mark.parametrize("number", range(1, 11))
def test_seed_item_title_and_units(seed, number):
    numeral, title, lead, responsible = SEED_ITEMS[number]
    item = seed.item(number)
    assert item is not None
    assert item.numeral == numeral
    assert item.title == title
    assert item.lead_units == lead
    assert item.responsible_units == responsible
    assert item.units == lead + responsible
    # the clause is kept as written and is what ends the item text
    assert item.text.endswith(item.unit_clause)
    assert item.unit_clause not in item.body


def test_items_without_lead_unit(seed):
    assert [it.number for it in seed.items if not it.lead_units] == [2, 3, 5, 8, 10]


def test_item_9_responsible_is_county_governments(seed):
    assert seed.item(9).responsible_units == ("各县区政府",)


@pytest.mark.parametrize("number", range(1, 11))
def test_seed_item_figures(seed, number):
    assert [f.text for f in seed.item(number).figures] == SEED_FIGURES[number]


def test_figure_values(seed):
    by_text = {f.text: f for it in seed.items for f in it.figures}
    assert by_text["40万名"].value == 400_000 and by_text["40万名"].unit == "名"
    assert by_text["35-64岁"].value == 35 and by_text["35-64岁"].unit == "岁"
    assert by_text["90%"].value == 90 and by_text["90%"].unit == "%"
    assert by_text["1000处"].value == 1000 and by_text["1000处"].unit == "处"
    assert by_text["10个左右"].value == 10 and by_text["10个左右"].unit == "个"
    assert "2200名" in by_text["2200名"].sentence and "定点康复机构" in by_text["2200名"].sentence


@pytest.mark.parametrize(
    "number, group",
    [
        (1, "农村妇女"),
        (1, "低收入“两癌”妇女"),
        (2, "妇女儿童"),
        (4, "有需求的儿童"),
        (5, "无独立居住和学习环境的8至14岁困境儿童"),
        (6, "孤困儿童"),
        (7, "残疾儿童"),
        (7, "孤独症儿童"),
        (8, "失踪被拐儿童"),
        (9, "出嫁女、离婚丧偶妇女、外出打工妇女等特殊群体"),
    ],
)
def test_seed_target_groups(seed, number, group):
    groups = seed.item(number).target_groups
    assert any(group in g for g in groups), groups


def test_item_5_target_group_exact(seed):
    assert "无独立居住和学习环境的8至14岁困境儿童" in seed.item(5).target_groups


def test_seed_document_record(seed):
    assert seed.doc_id == SEED.stem
    assert seed.title == "临沂市2022年关爱妇女儿童十件实事工作方案"
    assert seed.issuer == "临沂市人民政府办公室"
    assert seed.doc_number == "临政办字〔2022〕78号"
    assert seed.issue_date == "2022年6月10日"
    assert seed.year == 2022
    assert seed.coordinating_units == ("市妇儿工委办公室",)
    assert seed.source == str(SEED)


def test_seed_item_lines_point_into_the_file(seed):
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for item in seed.items:
        assert lines[item.line - 1].strip().startswith(f"{item.numeral}、")


def test_news_wrapper_does_not_leak_into_closing(seed):
    closing = seed.closing
    assert closing.startswith("各级各有关部门和单位要高度重视妇女儿童工作")
    assert closing.endswith("确保全面完成目标任务。")
    for junk in ("初审编辑", "责任编辑", "相关新闻", "推荐阅读", "李静", "邓梦娇", "印发)"):
        assert junk not in closing
    # nor into the last item
    assert "初审编辑" not in seed.item(10).text


# ------------------------------------------------------------------ a second, different plan


def test_second_plan_document(second):
    assert second.title == "某市2023年教育惠民十二件实事工作计划"
    assert second.issuer == "某市人民政府办公室"
    assert second.doc_number == "某政办发〔2023〕12号"
    assert second.issue_date == "2023年3月15日"
    assert second.year == 2023
    assert second.coordinating_units == ("市教育工作领导小组办公室",)
    assert second.closing == "各级各部门要高度重视，落实工作责任。市教育工作领导小组办公室要统筹协调，加强督导检查，确保各项实事按期完成。"


def test_second_plan_has_twelve_items(second):
    assert [it.number for it in second.items] == list(range(1, 13))
    assert second.item(11).numeral == "十一"
    assert second.item(12).numeral == "十二"
    assert second.item(11).title == "为残疾学生提供送教上门服务，服务残疾学生600名"
    assert second.item(12).title == "建设城市书房15处"


@pytest.mark.parametrize(
    "number, lead, responsible",
    [
        (1, ("市教育局",), ("市财政局", "市人力资源社会保障局")),
        (2, ("市教育局",), ("市财政局",)),
        (3, ("市卫生健康委",), ("市教育局",)),  # 配合单位 counts as responsible
        (4, (), ("团市委",)),
        (5, ("市民政局",), ("市教育局", "市妇联")),
        (6, (), ("市市场监管局",)),
        (9, ("市公安局",), ("市交通运输局", "市教育局")),
        (10, ("市教育局",), ("市住房城乡建设局", "市自然资源局")),
        (11, ("市教育局",), ("市残联",)),
        (12, (), ("市文化和旅游局",)),
    ],
)
def test_second_plan_units(second, number, lead, responsible):
    item = second.item(number)
    assert item.lead_units == lead
    assert item.responsible_units == responsible


def test_second_plan_full_width_clause_kept_as_written(second):
    assert second.item(1).unit_clause == "（牵头单位：市教育局；责任单位：市财政局、市人力资源社会保障局）"


def test_item_spanning_two_paragraphs(second):
    item = second.item(5)
    assert item.title == "实施留守儿童关爱行动"
    assert "对全市留守儿童开展结对帮扶" in item.body
    assert "每年走访不少于4次" in item.body
    assert item.line == 15
    assert item.lead_units == ("市民政局",)
    assert [f.text for f in item.figures] == ["1名", "4次"]
    # the next item starts after both paragraphs
    assert second.item(6).line == 17


@pytest.mark.parametrize(
    "number, figures",
    [
        (1, [("20所左右", 20.0, "所"), ("5000个", 5000.0, "个")]),
        (2, [("1.5万名", 15000.0, "名")]),
        (3, [("3至6岁", 3.0, "岁"), ("95%", 95.0, "%")]),
        (7, [("3000人", 3000.0, "人")]),
        (8, [("100间", 100.0, "间")]),
        (11, [("600名", 600.0, "名")]),
        (12, [("15处", 15.0, "处")]),
    ],
)
def test_second_plan_figures(second, number, figures):
    assert [(f.text, f.value, f.unit) for f in second.item(number).figures] == figures


def test_second_plan_target_groups(second):
    assert "3至6岁儿童" in second.item(3).target_groups
    assert "留守儿童" in second.item(5).target_groups


# ------------------------------------------------------------------ numerals


@pytest.mark.parametrize(
    "text, value", [("一", 1), ("十", 10), ("十一", 11), ("十二", 12), ("二十", 20), ("二十三", 23), ("一百零五", 105)]
)
def test_chinese_numeral(text, value):
    assert chinese_numeral(text) == value


# ------------------------------------------------------------------ malformed plans

HEADER = "某县2024年民生实事工作方案\n\n"
GOOD_1 = "一、建设公园3处。(牵头单位:县住建局,责任单位:县财政局)\n"
GOOD_2 = "二、培训教师100名。(责任单位:县教育局)\n"
GOOD_3 = "三、新建图书室20个。(责任单位:县文旅局)\n"


def _parse(text: str, source: str = "bad-plan.txt"):
    return parse_policy(text, doc_id="bad", source=source)


def test_minimal_valid_plan_parses():
    doc = _parse(HEADER + GOOD_1 + GOOD_2 + GOOD_3)
    assert [it.number for it in doc.items] == [1, 2, 3]
    assert doc.title == "某县2024年民生实事工作方案"


def test_item_missing_unit_clause_names_file_and_line():
    text = HEADER + GOOD_1 + "二、培训教师100名。\n" + GOOD_3
    with pytest.raises(PolicyParseError) as info:
        _parse(text, "plans/missing-clause.txt")
    assert info.value.source == "plans/missing-clause.txt"
    assert info.value.line == 4
    assert str(info.value).startswith("plans/missing-clause.txt:4:")
    assert "二" in str(info.value)


def test_last_item_missing_unit_clause():
    text = HEADER + GOOD_1 + GOOD_2 + "三、新建图书室20个。\n\n结尾段落。\n"
    with pytest.raises(PolicyParseError) as info:
        _parse(text, "last.txt")
    assert info.value.line == 5
    assert str(info.value).startswith("last.txt:5:")


def test_unit_clause_without_units():
    text = HEADER + "一、建设公园3处。(牵头单位:)\n"
    with pytest.raises(PolicyParseError) as info:
        _parse(text, "empty-clause.txt")
    assert str(info.value).startswith("empty-clause.txt:")


def test_items_out_of_sequence_names_file_and_line():
    text = HEADER + GOOD_1 + "三、新建图书室20个。(责任单位:县文旅局)\n"
    with pytest.raises(PolicyParseError) as info:
        _parse(text, "skipped.txt")
    assert info.value.line == 4
    assert str(info.value).startswith("skipped.txt:4:")
    assert "out of sequence" in str(info.value)


def test_repeated_item_number_is_out_of_sequence():
    text = HEADER + GOOD_1 + GOOD_2 + "二、再来一项。(责任单位:县文旅局)\n"
    with pytest.raises(PolicyParseError) as info:
        _parse(text, "repeat.txt")
    assert info.value.line == 5


def test_no_items_at_all():
    with pytest.raises(PolicyParseError) as info:
        _parse(HEADER + "这里只有一段说明文字，没有编号的实事。\n", "no-items.txt")
    assert str(info.value).startswith("no-items.txt")
    assert "no numbered items" in str(info.value)


@pytest.mark.parametrize("text", ["", "\n\n   \n", "\u3000\u3000\n"])
def test_empty_file(text):
    with pytest.raises(PolicyParseError) as info:
        _parse(text, "empty.txt")
    assert str(info.value).startswith("empty.txt")
    assert "empty" in str(info.value)


def test_binary_text_is_rejected():
    with pytest.raises(PolicyParseError) as info:
        _parse("\x00\x01\x02一、abc", "blob.txt")
    assert str(info.value).startswith("blob.txt")


def test_no_title_before_items():
    with pytest.raises(PolicyParseError) as info:
        _parse(GOOD_1 + GOOD_2, "untitled.txt")
    assert info.value.line == 1
    assert "title" in str(info.value)
