"""A unit said in general words in a question naming its plan by place is that plan's unit (answering/scoped_units.py).

Unit names are as the real plans write them: tests/data/real/qiaocheng-2025-education-tasks.html
(https://www.bozhou.gov.cn/ 谯城区教育局 2025 task table: 区教育局), tests/data/real/lishan-2023-key-tasks.docx
(鞍山市立山区 2023: 立山经济开发区, 区教育局), eval/plans/set3 jiayu-2021-key-tasks (嘉鱼县 2021: 县科经局), and the
Linyi plan of corpus/policies/ (市教育局, 市妇联, 市公安局), whose glossary claims the English aliases.
"""

from assistant.answering.scoped_units import scoped_units
from assistant.corpus.records import Glossary, PolicyDocument, PolicyItem, Unit
from assistant.language.understanding import GlossaryMatcher, understand

_GLOSSARY = Glossary(
    units=(
        Unit("市教育局", "Linyi Municipal Education Bureau", ("教育局", "education bureau", "municipal education bureau")),
        Unit("市妇联", "Linyi Municipal Women's Federation", ("妇联", "women's federation")),
        Unit("市公安局", "Linyi Municipal Public Security Bureau", ("公安局", "public security bureau")),
    ),
    synonyms=(),
)
_MATCHER = GlossaryMatcher(_GLOSSARY)


def _item(number: int, lead: tuple[str, ...], responsible: tuple[str, ...] = ()) -> PolicyItem:
    return PolicyItem(number, "一", f"任务{number}", f"任务{number}", f"任务{number}", "", lead, responsible, (), (), number)


def _doc(doc_id: str, place: str, level: str, *items: PolicyItem) -> PolicyDocument:
    return PolicyDocument(
        doc_id=doc_id,
        title=f"{place}重点工作任务分解",
        place=place,
        level=level,
        items=items,
        issuer=None,
        doc_number=None,
        issue_date=None,
        year=2023,
        source="",
        preamble="",
        closing="",
        coordinating_units=(),
    )


QIAOCHENG = _doc("qiaocheng", "谯城区", "district", _item(1, ("区发展和改革局",), ("区教育局",)), _item(2, ("区教育局",)))
LISHAN = _doc("lishan", "立山区", "district", _item(1, ("区发改局",), ("立山经济开发区", "区统计局")), _item(2, ("区教育局",)))
JIAYU = _doc("jiayu", "嘉鱼县", "county", _item(1, ("县科经局",), ("嘉鱼经济开发区",)), _item(2, ("县科技局",)))
GUANGDONG = _doc("guangdong", "广东省", "province", _item(1, ("省卫生计生委",), ("省妇联",)))


def _units(text: str, *docs: PolicyDocument) -> tuple[str, ...]:
    return scoped_units(understand(text, _MATCHER, limit=500), list(docs)).units


def test_english_unit_in_a_scoped_question_is_that_plans_unit():
    assert _units("In Qiaocheng's task table, which rows involve the district education bureau?", QIAOCHENG) == ("区教育局",)
    assert _units("Which goals in the Guangdong women's plan table list the provincial women's federation?", GUANGDONG) == ("省妇联",)


def test_short_chinese_alias_in_a_scoped_question_is_that_plans_unit():
    assert _units("谯城区教育局负责哪些任务", QIAOCHENG) == ("区教育局",)
    assert _units("广东省妇联参与了哪些目标", GUANGDONG) == ("省妇联",)


def test_english_name_of_a_plans_unit_without_a_glossary_match():
    query = scoped_units(
        understand("Which targets in Lishan district's plan involve the Lishan economic development zone?", _MATCHER, limit=500), [LISHAN]
    )
    assert query.units == ("立山经济开发区",)
    assert "unit_lookup" in query.intents
    # the English name's words with "&" for its "and", its other words left out; not the science and technology bureau
    assert _units("Jiayu county: which 2021 targets is the science & economy bureau on?", JIAYU) == ("县科经局",)


def test_unscoped_question_keeps_the_glossary_unit():
    assert _units("Which items involve the education bureau?") == ("市教育局",)
    assert _units("教育局负责哪些任务") == ("市教育局",)


def test_unit_the_plan_does_not_have_stays_unresolved():
    # Qiaocheng names no public security bureau and no women's federation: the glossary's unit stays (the look-up declines)
    assert _units("Qiaocheng: which rows involve the public security bureau?", QIAOCHENG) == ("市公安局",)
    assert _units("谯城区妇联负责哪些任务", QIAOCHENG) == ("市妇联",)
    # no unit of the plan is said: nothing added
    assert _units("Which rows of the Qiaocheng table involve the bureau?", QIAOCHENG) == ()
    assert _units("What is the Lishan district GDP growth target?", LISHAN) == ()


def test_a_unit_said_beside_what_is_asked_is_no_look_up():
    query = scoped_units(understand("Who leads revising the Lishan economic development zone plan?", _MATCHER, limit=500), [LISHAN])
    assert query.units == ("立山经济开发区",)
    assert "unit_lookup" not in query.intents


def test_which_targets_a_unit_is_on_is_a_look_up():
    from assistant.language.understanding import intents_of

    assert "unit_lookup" in intents_of("Which 2021 targets is the education bureau on?", ("市教育局",), ("x",))
    assert "unit_lookup" in intents_of("Which rows involve the education bureau?", ("市教育局",), ("x",))
    # no unit named: which targets a plan sets is no look-up
    assert "unit_lookup" not in intents_of("Which 2021 targets did the plan set?", (), ("x",))
