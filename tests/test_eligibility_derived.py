"""Eligibility from the plan text (derived rules) and from YAML alone, for a plan no Python knows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.answering.eligibility_text import eligibility_text, explain
from assistant.corpus.loading import load_corpus
from assistant.corpus.parsing import parse_policy
from assistant.eligibility import (
    Condition,
    RuleSet,
    all_conditions,
    base_schema,
    derive_rules,
    eligibility_rules,
    extract_facts,
    is_eligibility_question,
    judge,
    load_rules,
    schema_of,
    select_rule,
)

DATA = Path(__file__).parent / "data"
# A 12-item education plan in the published format (tests/data, see test_multi_plan.py).
SECOND = "mouxian-2023-education-twelve-things"
SECOND_TEXT = (DATA / f"{SECOND}.txt").read_text(encoding="utf-8")


def _plan(*items: str) -> str:
    numerals = "一二三四五六七八九十"
    body = "\n".join(f"{numerals[i]}、{text}（牵头单位：县民政局）" for i, text in enumerate(items))
    return f"某县2024年民生实事工作方案\n\n{body}\n"


def _derived(item_text: str) -> RuleSet:
    doc = parse_policy(_plan(item_text), "t")
    (rs,) = derive_rules(doc)
    for c in all_conditions(rs.conditions):
        assert c.clause in doc.items[0].text, c.clause  # every condition cites the item exactly
    assert rs.target_zh in doc.items[0].text
    assert rs.derived
    return rs


def _tests(rs: RuleSet) -> list[tuple]:
    return [(c.fact, c.min_age, c.max_age, c.equals, c.one_of, c.clause) for c in all_conditions(rs.conditions)]


@pytest.mark.parametrize(
    ("text", "bounds", "clause"),
    [
        ("开展儿童健康体检。为全县0-6岁儿童免费健康体检。", (0, 6), "0-6岁"),
        ("开展妇女“两癌”筛查。对35-64岁妇女免费筛查。", (35, 64), "35-64岁"),
        ("开展妇女“两癌”筛查。对35—64岁妇女免费筛查。", (35, 64), "35—64岁"),
        ("建设希望小屋。为8至14岁困境儿童建设希望小屋。", (8, 14), "8至14岁"),
        ("发放高龄津贴。为55周岁以上老年人发放津贴。", (55, None), "55周岁以上"),
        ("开展未成年人保护。为未满18周岁的留守儿童提供关爱服务。", (None, 17), "未满18周岁"),
    ],
)
def test_age_ranges_become_conditions(text: str, bounds: tuple, clause: str) -> None:
    rs = _derived(text)
    ages = [c for c in all_conditions(rs.conditions) if c.fact == "age"]
    assert [(c.min_age, c.max_age, c.clause) for c in ages] == [(*bounds, clause)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开展体检。为全县女职工免费体检。", [("sex", None, None, "female", (), "女职工")]),
        (
            "开展筛查。对农村妇女免费筛查。",
            [("residence", None, None, None, ("rural",), "农村妇女"), ("sex", None, None, "female", (), "农村妇女")],
        ),
        (
            "开展体检。为城镇妇女免费体检。",
            [("residence", None, None, None, ("urban",), "城镇妇女"), ("sex", None, None, "female", (), "城镇妇女")],
        ),
        (
            "实施救助。救助低收入妇女500人。",
            [("low_income", None, None, True, (), "低收入妇女"), ("sex", None, None, "female", (), "低收入妇女")],
        ),
        (
            "实施救助。救助低保家庭儿童300名。",
            [("low_income", None, None, True, (), "低保家庭儿童"), ("is_child", None, None, True, (), "低保家庭儿童")],
        ),
        (
            "实施帮扶。对困难家庭学生发放补助。",
            [("hardship", None, None, True, (), "困难家庭学生"), ("student", None, None, True, (), "困难家庭学生")],
        ),
        (
            "开展康复。为听力、言语残疾儿童提供康复训练。",
            [
                ("disabilities", None, None, None, ("听力", "言语"), "听力、言语残疾儿童"),
                ("is_child", None, None, True, (), "听力、言语残疾儿童"),
            ],
        ),
        (
            "开展康复。为孤独症儿童提供康复训练。",
            [("disabilities", None, None, None, ("孤独症",), "孤独症儿童"), ("is_child", None, None, True, (), "孤独症儿童")],
        ),
        ("资助学生。为全县中小学生发放助学金。", [("student", None, None, True, (), "中小学生")]),
    ],
)
def test_target_words_become_conditions(text: str, expected: list[tuple]) -> None:
    assert _tests(_derived(text)) == expected


def test_groups_joined_by_he_are_alternatives() -> None:
    rs = _derived("开展视力筛查。为3至6岁儿童和中小学生开展视力筛查。")
    (c,) = rs.conditions
    assert (c.fact, c.min_age, c.max_age) == ("age", 3, 6)
    assert [(a.fact, a.equals, a.clause) for a in c.alternatives] == [("student", True, "中小学生")]


def test_an_item_with_no_target_group_gets_no_rule() -> None:
    doc = parse_policy(_plan("建设城市书房15处。", "开展校园食品安全专项检查。全年检查学校食堂800家。"), "t")
    assert derive_rules(doc) == ()
    # A marker far from the group word does not make it the target (corpus/policies/linyi-…, item 6):
    # the students here are guests of an activity, not who the item is for.
    far = _plan("提高孤困儿童救助保障水平。继续开展“爱心助学 圆梦行动”救助、友芳公益基金会百万图书捐赠、送西部大学生回家过年等活动。")
    assert derive_rules(parse_policy(far, "t")) == ()


def test_a_parent_giving_a_childs_age_gets_a_verdict_from_the_text() -> None:
    rs = _derived("开展儿童健康体检。为全县0-6岁儿童免费健康体检。")
    question = "我儿子今年5岁，能参加免费健康体检吗？"
    assert is_eligibility_question(question)
    assert judge(rs, extract_facts(question)).verdict == "eligible"
    older = "我家闺女已经七岁了，还能去做免费体检不？"
    j = judge(rs, extract_facts(older))
    assert j.verdict == "not_eligible" and j.clause == "0-6岁"
    words = explain(rs, extract_facts(older), j)
    assert "“0-6岁”" in words.reason_zh and "您女儿7岁" in words.reason_zh


def test_hand_rules_override_and_no_rule_blocks_derivation() -> None:
    documents = [parse_policy(SECOND_TEXT, SECOND)]
    derived = eligibility_rules(documents, ())
    assert sorted({rs.item for rs in derived}) == [2, 3, 5, 11]
    hand = RuleSet(
        SECOND, 3, "p", "p", "3至6岁儿童", "children aged 3-6", (Condition("age", "3至6岁", "几岁？", "How old?", min_age=3, max_age=6),)
    )
    blocked = RuleSet(SECOND, 11, "", "", "", "", ())
    rules = eligibility_rules(documents, (hand, blocked))
    assert select_rule(rules, SECOND, 3, "") is hand
    assert select_rule(rules, SECOND, 11, "残疾学生能申请吗") is None
    assert select_rule(rules, SECOND, 2, "").derived


# --------------------------------------------------------------------------------------
# YAML only: eligibility for an item of another plan, with no Python edit
# --------------------------------------------------------------------------------------

SECOND_RULES = f"""
document: {SECOND}
facts:
  # A fact only this plan asks about, declared here like the general ones.
  - name: gets_grant_elsewhere
    type: bool
    read: first
    label: {{zh: 是否已领取其他助学金, en: whether they already get another grant}}
    question: {{zh: 请问孩子是否已经领取其他助学金？, en: 'Does the student already get another grant?'}}
    said_true: {{zh: 已领取其他助学金, en: already getting another grant}}
    said_false: {{zh: 没有领取其他助学金, en: not getting another grant}}
    rules:
      - value: true
        patterns: '已经?(?:领|拿)(?:了|过)?(?:别的|其他)?助学金|already (?:gets?|receives?) (?:a|another) grant'
rule_sets:
  - item: 2
    program: 资助家庭经济困难学生
    program_en: grants for students from families in financial difficulty
    target_zh: 家庭经济困难学生
    target_en: students from families in financial difficulty
    units_zh: 市教育局
    units_en: the Municipal Education Bureau (市教育局)
    keywords: [助学金, 资助, grant]
    conditions:
      - fact: student
        equals: true
        clause: 家庭经济困难学生
        question_zh: 请问孩子现在是在校学生吗？
        question_en: Is the child a student now?
      - fact: hardship
        equals: true
        clause: 家庭经济困难
        question_zh: 请问孩子家庭经济是否困难？
        question_en: Is the family in financial difficulty?
        note_zh: 方案没有规定“家庭经济困难”的认定标准，是否属于请向市教育局咨询。
        note_en: The plan does not define “financial difficulty”; ask the Education Bureau.
      - fact: gets_grant_elsewhere
        equals: false
        clause: 对全市1.5万名家庭经济困难学生发放助学金
        question_zh: 请问孩子是否已经领取其他助学金？
        question_en: Does the student already get another grant?
        assume_if_missing: true
"""


@pytest.fixture(scope="module")
def second_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("second") / "corpus"
    (corpus / "policies").mkdir(parents=True)
    shutil.copy(DATA / f"{SECOND}.txt", corpus / "policies" / f"{SECOND}.txt")
    (corpus / "eligibility.yaml").write_text(SECOND_RULES, encoding="utf-8")
    return corpus


def test_a_new_plans_eligibility_is_yaml_only(second_corpus: Path) -> None:
    corpus = load_corpus(second_corpus)
    rules = eligibility_rules(corpus.documents, corpus.rules)
    schema = schema_of(rules)
    assert "gets_grant_elsewhere" in schema and "gets_grant_elsewhere" not in base_schema()
    rs = select_rule(rules, SECOND, 2, "助学金")
    assert rs is not None and not rs.derived and rs.program == "资助家庭经济困难学生"

    def verdict(question: str):
        facts = extract_facts(question, schema)
        return judge(rs, facts, schema), facts

    j, facts = verdict("我儿子在上初中，家里经济困难，揭不开锅了，能领助学金吗？")
    assert j.verdict == "eligible", j
    text = eligibility_text(rs, 2, facts, j, "zh", schema)
    assert text.startswith("符合：本项面向家庭经济困难学生（第二项），您儿子是在校学生，家庭困难。")
    j, facts = verdict("我儿子在上初中，家里困难，不过他已经领了别的助学金，还能申请吗？")
    assert j.verdict == "not_eligible" and j.clause == "对全市1.5万名家庭经济困难学生发放助学金"
    j, _ = verdict("My son is at middle school, can he get the grant?")
    assert j.verdict is None and j.missing_facts == ("hardship",)
    assert eligibility_text(rs, 2, _, j, "en", schema).endswith("Is the family in financial difficulty?")
    assert check_clauses_ok(rules, SECOND_TEXT)


def check_clauses_ok(rules: tuple[RuleSet, ...], text: str) -> bool:
    from assistant.eligibility import check_clauses

    return check_clauses(list(rules), text, SECOND) == ()


def test_yaml_fact_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "eligibility.yaml"
    bad.write_text(SECOND_RULES.replace("type: bool", "type: boolean"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"eligibility\.yaml:\d+.*'type' must be one of"):
        load_rules(bad)


def test_colloquial_poverty_counts_as_low_income_where_the_clause_says_so() -> None:
    rules = load_rules(Path(__file__).resolve().parents[1] / "corpus" / "eligibility.yaml")
    schema = schema_of(rules)
    rs = select_rule(rules, "linyi-2022-women-children-ten-things", 1, "救助")
    assert rs is not None and rs.program == "低收入“两癌”妇女救助"
    for question in (
        "我婆婆查出乳腺癌了，家里穷得揭不开锅，能申请救助吗",
        "My wife has breast cancer and we have no money. Can she get help?",
    ):
        facts = extract_facts(question, schema)
        assert facts.low_income is None  # not said as such ...
        j = judge(rs, facts, schema)
        assert j.verdict == "eligible" and ("low_income", "poor") in j.counted  # ... but it counts
    words = explain(
        rs,
        extract_facts("我婆婆查出乳腺癌了，家里穷得揭不开锅", schema),
        judge(rs, extract_facts("我婆婆查出乳腺癌了，家里穷得揭不开锅", schema), schema),
        schema,
    )
    assert "家里经济困难" in words.reason_zh and "认定标准" in words.reason_zh


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the age in the middle of a long hotline narrative, the subject a relative
        (
            "您好，我想咨询一下。我是替我妈打的电话，她身体一直不太好。我妈今年五十二了，一直在村里种地。"
            "家里条件也一般，听说有免费的两癌筛查，她能去做吗？",
            {"age": 52, "subject": "mother", "sex": "female", "residence": "rural"},
        ),
        (
            "喂，你好。我们家情况比较特殊。孩子他爸前年出了车祸没了，我一个人带着闺女。闺女今年十一岁，"
            "住在乡下，跟我挤一间屋，连个写作业的地方都没有。想问问希望小屋能不能申请？",
            {"age": 11, "subject": "daughter", "residence": "rural", "own_room": False, "hardship": True},
        ),
        ("她今年四十七了，住在县城。", {"age": 47, "residence": "urban"}),
        (
            "Hi, I'm calling about my mum. She has been unwell for a while. My mum is 52 and lives in a village. "
            "We heard about free screening. Can she get it?",
            {"age": 52, "subject": "mother", "sex": "female", "residence": "rural"},
        ),
        (
            "Good morning. I look after my niece since her parents died. She's 9 now and we live in the countryside. "
            "She has no desk to study at. Could she get a hope room?",
            {"age": 9, "subject": "niece", "residence": "rural", "own_room": False, "family": ("孤儿",)},
        ),
    ],
)
def test_facts_anywhere_in_a_long_narrative(text: str, expected: dict) -> None:
    rules = load_rules(Path(__file__).resolve().parents[1] / "corpus" / "eligibility.yaml")
    facts = extract_facts(text, schema_of(rules))
    for name, value in expected.items():
        got = facts.subject if name == "subject" else facts.get(name)
        assert got == value, (name, facts)


@pytest.mark.slow  # builds an index with the real model (the pure path above is the unit-tier test)
def test_the_assistant_gives_a_verdict_for_the_new_plan_from_yaml_alone(second_corpus: Path, tmp_path_factory) -> None:
    from assistant.answering.assistant import PolicyAssistant
    from assistant.settings import Settings

    bot = PolicyAssistant.from_settings(Settings(corpus_dir=second_corpus, index_dir=tmp_path_factory.mktemp("idx") / "index"))
    answer = bot.ask("我儿子在上初中，家里经济困难，能领助学金吗？")
    assert (answer.document, answer.items[0], answer.intent) == (SECOND, 2, "eligibility")
    assert answer.eligibility == "eligible", answer.answer
    assert answer.answer.startswith("符合：本项面向家庭经济困难学生（第二项）")
    # An item with no hand rule: its text states an age range (3至6岁儿童和中小学生).
    answer = bot.ask("我女儿今年5岁，能参加免费的视力筛查吗？")
    assert (answer.items[0], answer.eligibility) == (3, "eligible"), answer.answer


def test_of_several_groups_the_one_that_suits_the_person_is_judged() -> None:
    from assistant.eligibility import select_rule_for

    doc = parse_policy(_plan("开展康复救助。为听力、言语残疾儿童和孤独症儿童提供康复训练。"), "t")
    rules = derive_rules(doc)
    assert [rs.target_zh for rs in rules] == ["听力、言语残疾儿童", "孤独症儿童"]  # one rule set per group
    facts = extract_facts("我家孩子7岁，有自闭症，能参加康复训练吗")
    assert judge(select_rule(rules, "t", 1, ""), facts).verdict == "not_eligible"  # the first group alone
    chosen = select_rule_for(rules, "t", 1, "", facts)
    assert chosen is rules[1] and judge(chosen, facts).verdict == "eligible"
    deaf = extract_facts("孩子9岁，耳朵听不见")
    assert judge(select_rule_for(rules, "t", 1, "", deaf), deaf).verdict == "eligible"
    grown = extract_facts("我30岁，听力残疾")
    assert judge(select_rule_for(rules, "t", 1, "", grown), grown).verdict == "not_eligible"
