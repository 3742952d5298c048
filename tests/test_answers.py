"""What the answers say: English names with the Chinese, lead vs responsible kept apart, exact
figures, a citation of the item, sources carrying the clause, and the JSON contract."""

from __future__ import annotations

import json
import re

import pytest

from assistant.answering.answers import CONTRACT_KEYS

L7 = ("市残联",)
R7 = ("市教育局", "市民政局", "市财政局", "市卫生健康委", "市医保局")
EN = {
    "市残联": "Linyi Disabled Persons' Federation",
    "市教育局": "Linyi Municipal Education Bureau",
    "市民政局": "Linyi Municipal Civil Affairs Bureau",
    "市财政局": "Linyi Municipal Finance Bureau",
    "市卫生健康委": "Linyi Municipal Health Commission",
    "市医保局": "Linyi Municipal Healthcare Security Bureau",
    "团市委": "Linyi Municipal Committee of the Communist Youth League",
    "市公安局": "Linyi Municipal Public Security Bureau",
    "市体育局": "Linyi Municipal Sports Bureau",
}

# Questions that must be answered, with the item they are about (own phrasings).
ANSWERED = [
    ("乳腺癌宫颈癌免费检查面向多大年龄的妇女？", 1),
    ("低收入的两癌患者能救助多少人？", 1),
    ("体质监测之后会给什么服务？", 2),
    ("社区家长学校建设由谁负责？", 3),
    ("儿童关爱社会工作服务项目的牵头部门是？", 4),
    ("希望小屋是给哪些孩子建的？", 5),
    ("孤困儿童心理辅导志愿服务团是做什么的？", 6),
    ("康复救助面向哪些残疾类型的儿童？", 7),
    ("拐卖儿童案件谁来侦破？", 8),
    ("离婚丧偶妇女的集体经济组织成员身份怎么保障？", 9),
    ("图书馆的亲子阅读专区是哪项实事？", 10),
    ("Who is in charge of the free screening for cervical and breast cancer?", 1),
    ("What does the fitness monitoring for women and children include?", 2),
    ("Which department builds the parent schools in communities?", 3),
    ("Which agency is responsible for hope cabins for children in difficulty?", 5),
    ("How many disabled children will receive rehabilitation assistance?", 7),
    ("Who searches for missing and abducted children?", 8),
    ("Who protects married-out women's membership in the village collective?", 9),
    ("How many farmhouse libraries will be developed?", 10),
]


@pytest.fixture(scope="module")
def doc(assistant):
    return next(iter(assistant.documents.values()))


def _lines(text: str, prefix: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(prefix)]


# ------------------------------------------------------------------ English


def test_english_department_answer_names_units_in_english_with_chinese(assistant):
    answer = assistant.ask("Which departments handle the rehabilitation of disabled children?")
    assert answer.status == "answered"
    assert answer.language == "en"
    assert answer.items[0] == 7
    assert answer.lead_units == L7 and answer.responsible_units == R7
    (lead,) = _lines(answer.answer, "Lead unit(s) (牵头单位):")
    (responsible,) = _lines(answer.answer, "Responsible unit(s) (责任单位):")
    assert lead == "Lead unit(s) (牵头单位): Linyi Disabled Persons' Federation (市残联)"
    assert responsible == "Responsible unit(s) (责任单位): " + "; ".join(f"{EN[u]} ({u})" for u in R7)


def test_english_answer_without_lead_unit_says_so(assistant):
    answer = assistant.ask("Who is responsible for child trafficking cases?")
    assert answer.items[0] == 8
    (lead,) = _lines(answer.answer, "Lead unit(s) (牵头单位):")
    assert "市公安局" not in lead
    assert "none named" in lead
    assert "Linyi Municipal Public Security Bureau (市公安局)" in answer.answer


def test_english_unit_lookup_uses_english_names(assistant):
    answer = assistant.ask("What items is the Civil Affairs Bureau part of?")
    assert answer.status == "answered"
    assert answer.intent == "unit_lookup"
    assert answer.items == (1, 4, 6, 7)
    assert answer.answer.startswith("Linyi Municipal Civil Affairs Bureau (市民政局) is named in 4 item(s):")
    assert "- item 4 「实施政府购买儿童关爱社会工作服务项目」: lead unit (牵头单位)" in answer.answer
    assert "- item 7 「康复救助残疾儿童2200人」: responsible unit (责任单位)" in answer.answer


def test_english_answer_never_gives_a_bare_chinese_unit(assistant):
    answer = assistant.ask("Which bodies are involved in the two-cancer screening?")
    assert answer.items[0] == 1
    for unit in answer.lead_units + answer.responsible_units:
        assert re.search(rf"[A-Za-z'][^;\n]* \({re.escape(unit)}\)", answer.answer), unit


# ------------------------------------------------------------------ departments


def test_chinese_department_answer_separates_lead_and_responsible(assistant):
    answer = assistant.ask("残疾儿童康复这件实事由哪些单位负责？")
    assert answer.status == "answered"
    assert answer.intent == "department"
    assert answer.items[0] == 7
    assert answer.lead_units == L7
    assert answer.responsible_units == R7
    assert _lines(answer.answer, "牵头单位：") == ["牵头单位：市残联"]
    assert _lines(answer.answer, "责任单位：") == ["责任单位：市教育局、市民政局、市财政局、市卫生健康委、市医保局"]


def test_item_without_lead_unit_is_not_given_one(assistant):
    answer = assistant.ask("希望小屋这一项的牵头单位是哪个？")
    assert answer.status == "answered"
    assert answer.items[0] == 5
    assert answer.lead_units == ()
    assert answer.responsible_units == ("团市委",)
    assert "牵头单位：团市委" not in answer.answer
    assert "牵头单位是团市委" not in answer.answer
    assert "团市委" in answer.answer


def test_item_9_responsible_are_county_governments(assistant):
    answer = assistant.ask("农村集体产权制度改革中维护妇女权益，责任单位有哪些？")
    assert answer.items[0] == 9
    assert answer.lead_units == ("市农业农村局",)
    assert answer.responsible_units == ("各县区政府",)
    assert "各县区政府" in answer.answer


# ------------------------------------------------------------------ figures


@pytest.mark.parametrize(
    "question, item, figure",
    [
        ("残疾儿童康复救助计划帮助多少名孩子？", 7, "2200"),
        ("How many children with disabilities get rehabilitation help?", 7, "2200"),
        ("希望小屋计划要建成多少处？", 5, "1000处"),
        ("两癌免费筛查要覆盖多少名妇女？", 1, "40万名"),
        ("两癌筛查针对多大年龄的妇女？", 1, "35-64岁"),
        ("体质监测要给多少妇女儿童做？", 2, "3000名"),
        ("城市社区建立家长学校的比例是多少？", 3, "90%"),
        ("希望小屋面向几岁的孩子？", 5, "8至14岁"),
        ("旅游书吧计划建几个？", 10, "10个左右"),
    ],
)
def test_figure_answers_quote_the_plan(assistant, question, item, figure):
    answer = assistant.ask(question)
    assert answer.status == "answered"
    assert answer.items[0] == item
    assert figure in answer.answer


def test_hope_cabin_count_in_english(assistant):
    answer = assistant.ask("How many hope cabins are to be built under the plan?")
    assert answer.status == "answered"
    assert answer.items[0] == 5
    assert "1000" in answer.answer


# ------------------------------------------------------------------ citations and sources


@pytest.mark.parametrize("question, item", ANSWERED)
def test_answered_answers_cite_the_item_and_carry_the_clause(assistant, doc, question, item):
    answer = assistant.ask(question)
    assert answer.status == "answered", answer.answer
    assert answer.items[0] == item
    record = doc.item(item)
    if answer.language == "en":
        assert f"item {item}" in answer.answer
    else:
        assert f"第{record.numeral}项" in answer.answer
    assert answer.sources, "an answered answer has sources"
    first = answer.sources[0]
    assert first.item == item
    assert record.unit_clause in first.text
    assert answer.lead_units == record.lead_units
    assert answer.responsible_units == record.responsible_units
    # the citation line names the plan and carries the clause
    assert f"《{doc.title}》" in answer.answer
    assert record.unit_clause in answer.answer
    # every unit the answer names belongs to the cited item
    named = {u.name for u in assistant.corpus.glossary.units if u.name in answer.answer}
    assert named <= set(record.units), named - set(record.units)


@pytest.mark.parametrize(
    "question, unit, items",
    [
        ("市卫生健康委负责哪几项实事？", "市卫生健康委", (1, 7)),
        ("市教育局参与了哪些工作？", "市教育局", (6, 7)),
        ("Which items involve the Healthcare Security Bureau?", "市医保局", (1, 7)),
        ("市妇联牵头了哪些实事？", "市妇联", (1, 3)),
    ],
)
def test_unit_lookup_cites_every_item_with_its_clause(assistant, doc, question, unit, items):
    answer = assistant.ask(question)
    assert answer.status == "answered"
    assert answer.intent == "unit_lookup"
    assert answer.items == items
    assert tuple(s.item for s in answer.sources) == items
    for source in answer.sources:
        record = doc.item(source.item)
        assert record.unit_clause in source.text
        assert unit in record.units
        if answer.language == "en":
            assert f"item {source.item} " in answer.answer
        else:
            assert f"第{record.numeral}项" in answer.answer


def test_document_question(assistant):
    answer = assistant.ask("这份十件实事方案的发文字号和印发日期是什么？")
    assert answer.status == "answered"
    assert answer.items == (0,)
    assert "临政办字〔2022〕78号" in answer.answer
    assert "2022年6月10日" in answer.answer
    assert "临沂市人民政府办公室" in answer.answer


def test_out_of_scope_answer_has_no_items_or_units(assistant):
    answer = assistant.ask("公积金怎么提取？")
    assert answer.status == "out_of_scope"
    assert answer.items == () and answer.sources == ()
    assert answer.lead_units == () and answer.responsible_units == ()
    assert "不作推测" in answer.answer


def test_item_by_number_in_chinese(assistant):
    answer = assistant.ask("第七项的牵头单位是谁？")
    assert answer.status == "answered"
    assert answer.items[0] == 7
    assert answer.lead_units == L7


def test_item_by_number_in_english(assistant):
    answer = assistant.ask("Which units are responsible for item 7?")
    assert answer.status == "answered"
    assert answer.items[0] == 7
    assert answer.responsible_units == R7


# ------------------------------------------------------------------ the JSON contract


def _check_contract(data: dict) -> None:
    assert set(CONTRACT_KEYS) <= set(data)
    assert isinstance(data["question"], str)
    assert data["language"] in ("zh", "en")
    assert data["status"] in ("answered", "out_of_scope", "clarify")
    assert isinstance(data["answer"], str) and data["answer"]
    assert isinstance(data["items"], list) and all(isinstance(i, int) for i in data["items"])
    assert isinstance(data["lead_units"], list) and all(isinstance(u, str) for u in data["lead_units"])
    assert isinstance(data["responsible_units"], list) and all(isinstance(u, str) for u in data["responsible_units"])
    assert data["eligibility"] in (None, "eligible", "not_eligible", "uncertain")
    assert isinstance(data["sources"], list)
    for source in data["sources"]:
        assert isinstance(source, dict)
        assert isinstance(source["item"], int)
        assert source["kind"] in ("item", "faq", "text")
        assert isinstance(source["text"], str) and source["text"]
        assert isinstance(source["score"], float)
        assert isinstance(source["lead_units"], list) and isinstance(source["responsible_units"], list)
    assert isinstance(data["missing_facts"], list)
    assert data["notice"] is None or isinstance(data["notice"], str)
    json.loads(json.dumps(data, ensure_ascii=False))


@pytest.mark.parametrize(
    "question, status",
    [
        ("残疾儿童康复这件实事由哪些单位负责？", "answered"),
        ("How many hope cabins are to be built under the plan?", "answered"),
        ("市公安局参与了哪些实事？", "answered"),
        ("公积金怎么提取？", "out_of_scope"),
        ("", "clarify"),
    ],
)
def test_to_dict_contract(assistant, question, status):
    answer = assistant.ask(question)
    data = answer.to_dict()
    _check_contract(data)
    assert data["status"] == status
    assert data["question"] == question
    assert data["items"] == list(answer.items)
    if status == "answered":
        assert data["sources"]
    else:
        assert data["items"] == [] and data["sources"] == []
