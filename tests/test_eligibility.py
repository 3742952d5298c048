"""Tests for assistant.eligibility: rules as data, fact extraction, judgement (and its words)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from assistant.answering.eligibility_text import Explanation, explain
from assistant.eligibility import (
    Condition,
    Facts,
    Judgement,
    RuleError,
    RuleSet,
    all_conditions,
    check_clauses,
    load_rules,
    schema_of,
    select_rule,
)
from assistant.eligibility import answer_facts as _answer_facts
from assistant.eligibility import extract_facts as _extract_facts
from assistant.eligibility import is_eligibility_question as _is_eligibility_question
from assistant.eligibility import judge as _judge
from assistant.eligibility import merge_facts as _merge_facts

ROOT = Path(__file__).resolve().parents[1]
RULES_PATH = ROOT / "corpus" / "eligibility.yaml"
DOC = "linyi-2022-women-children-ten-things"
POLICY_PATH = ROOT / "corpus" / "policies" / f"{DOC}.txt"
# The facts in force for this corpus: the general ones and the plan's own (eligibility.yaml).
SCHEMA = schema_of(load_rules(RULES_PATH))
# The facts these tests were written against (a fact not listed in an expectation is unset).
FIELDS = (
    "age",
    "sex",
    "is_child",
    "residence",
    "hardship",
    "low_income",
    "disabilities",
    "family",
    "has_cancer",
    "own_room",
    "in_collective",
    "subject",
)


def extract_facts(text: str) -> Facts:
    return _extract_facts(text, SCHEMA)


def merge_facts(earlier: Facts, later: Facts) -> Facts:
    return _merge_facts(earlier, later, SCHEMA)


def answer_facts(fact: str, text: str) -> Facts:
    return _answer_facts(fact, text, SCHEMA)


def is_eligibility_question(text: str) -> bool:
    return _is_eligibility_question(text, SCHEMA)


@dataclass(frozen=True)
class Judged:
    """A judgement (codes) with its words (eligibility_text), read as one."""

    judgement: Judgement
    words: Explanation

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        source = self.words if name in Explanation.__dataclass_fields__ else self.judgement
        return getattr(source, name)


def judge(rs: RuleSet, facts: Facts) -> Judged:
    judgement = _judge(rs, facts)
    return Judged(judgement, explain(rs, facts, judgement))


def _unset(value: Any) -> Any:
    return None if value == () else value


@pytest.fixture(scope="module")
def rules() -> list[RuleSet]:
    return load_rules(RULES_PATH)


def rule(rules: list[RuleSet], item: int, question: str = "") -> RuleSet:
    selected = select_rule(rules, DOC, item, question)
    assert selected is not None
    return selected


def verdict_of(rs: RuleSet, text: str):
    return judge(rs, extract_facts(text))


# --------------------------------------------------------------------------------------
# The rules file itself
# --------------------------------------------------------------------------------------


def test_every_clause_is_an_exact_substring_of_the_policy(rules: list[RuleSet]) -> None:
    text = POLICY_PATH.read_text(encoding="utf-8")
    quoted = []
    for rs in rules:
        if rs.blocks:
            continue
        quoted += [rs.target_zh, rs.units_zh] + [c.clause for c in all_conditions(rs.conditions)]
    assert quoted, "no clauses loaded"
    for q in quoted:
        assert q in text, f"not in the policy text: {q!r}"
    assert check_clauses(rules, text) == ()
    assert check_clauses(rules, text.replace("35-64岁", "35—64岁")) == ("35-64岁的农村妇女和城镇部分妇女", "35-64岁")


def test_rules_cover_the_items_with_a_target_group(rules: list[RuleSet]) -> None:
    assert all(rs.document == DOC for rs in rules)
    assert sorted({rs.item for rs in rules if not rs.blocks}) == [1, 2, 4, 5, 6, 7, 9]
    assert sorted(rs.item for rs in rules if rs.blocks) == [3, 8, 10]  # no target group: none derived
    assert [rs.program for rs in rules if rs.item == 1] == ["“两癌”免费筛查", "低收入“两癌”妇女救助"]
    for rs in rules:
        for c in all_conditions(rs.conditions):
            assert c.question_zh and c.question_en
            assert c.fact in SCHEMA


def test_select_rule_by_question_words(rules: list[RuleSet]) -> None:
    assert rule(rules, 1, "我能参加两癌筛查吗").program == "“两癌”免费筛查"
    assert rule(rules, 1, "我婆婆得了乳腺癌，能申请救助吗").program == "低收入“两癌”妇女救助"
    assert rule(rules, 1, "Can my mother get assistance? She was diagnosed last year").program_en.startswith("assistance")
    assert rule(rules, 1, "我家低收入，能参加吗").program == "低收入“两癌”妇女救助"
    assert rule(rules, 1, "").program == "“两癌”免费筛查"  # default: the first
    assert rule(rules, 1, "家里困难，能参加免费筛查吗").program == "“两癌”免费筛查"  # more screening words
    assert select_rule(rules, DOC, 3, "我能参加吗") is None
    assert select_rule(rules, "other-doc", 1, "我能参加吗") is None
    assert rule(rules, 7, "anything").item == 7


# --------------------------------------------------------------------------------------
# load_rules errors
# --------------------------------------------------------------------------------------


def test_load_rules_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("document: x\nrule_sets:\n  - item: 1\n    program: [unclosed\n    target_zh: y\n", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules(bad)
    message = str(info.value)
    assert str(bad) in message
    assert ":5:" in message or ":4:" in message
    assert isinstance(info.value, ValueError)


def test_load_rules_bad_tab_indentation_gives_line(tmp_path: Path) -> None:
    bad = tmp_path / "tabs.yaml"
    bad.write_text("document: x\nrule_sets:\n\t- item: 1\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"tabs\.yaml:3: "):
        load_rules(bad)


_VALID_CONDITION = (
    "      - fact: {fact}\n        {test}\n        clause: 35-64岁\n        question_zh: 多大？\n        question_en: How old?\n"
)


def _one_rule(condition: str) -> str:
    return (
        "document: d\n"
        "rule_sets:\n"
        "  - item: 1\n"
        "    program: p\n"
        "    program_en: p\n"
        "    target_zh: t\n"
        "    target_en: t\n"
        "    conditions:\n" + condition
    )


@pytest.mark.parametrize(
    ("fact", "test", "message"),
    [
        ("agee", "min_age: 35", "unknown fact 'agee'"),
        ("age", "equals: true", "exactly one of|min_age/max_age|fact 'age'"),
        ("residence", "one_of: [suburban]", "'suburban' is not a valid value"),
        ("hardship", "equals: yes please", "must be true or false"),
        ("age", "min_age: thirty", "must be integers"),
    ],
)
def test_load_rules_semantic_errors_name_line(tmp_path: Path, fact: str, test: str, message: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(_one_rule(_VALID_CONDITION.format(fact=fact, test=test)), encoding="utf-8")
    with pytest.raises(RuleError, match=message) as info:
        load_rules(path)
    assert f"{path}:9:" in str(info.value)  # the condition's mapping starts on line 9


def test_load_rules_rejects_duplicate_keys_and_unknown_keys(tmp_path: Path) -> None:
    dup = tmp_path / "dup.yaml"
    dup.write_text(_one_rule(_VALID_CONDITION.format(fact="age", test="min_age: 35\n        min_age: 36")))
    with pytest.raises(RuleError, match=r"dup\.yaml:11: .*duplicate key 'min_age'"):
        load_rules(dup)
    extra = tmp_path / "extra.yaml"
    extra.write_text(_one_rule(_VALID_CONDITION.format(fact="age", test="min_age: 35\n        mxa_age: 64")))
    with pytest.raises(RuleError, match=r"extra\.yaml:9: unknown condition key\(s\): mxa_age"):
        load_rules(extra)


def test_load_rules_missing_file_and_wrong_shape(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="nope.yaml"):
        load_rules(tmp_path / "nope.yaml")
    flat = tmp_path / "flat.yaml"
    flat.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(RuleError, match="rule_sets"):
        load_rules(flat)


def test_load_rules_valid_minimal(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(_one_rule(_VALID_CONDITION.format(fact="age", test="min_age: 35")), encoding="utf-8")
    (rs,) = load_rules(path)
    assert rs.document == "d" and rs.item == 1
    assert rs.conditions == (Condition(fact="age", clause="35-64岁", question_zh="多大？", question_en="How old?", min_age=35),)


# --------------------------------------------------------------------------------------
# Item 1: screening
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("我42岁，女，住在农村，能参加两癌筛查吗？", "eligible"),
        ("我婆婆66岁，在村里，能参加吗", "not_eligible"),
        ("我今年34岁，农村妇女", "not_eligible"),
        ("我今年35岁，农村妇女", "eligible"),
        ("我今年64岁，农村妇女", "eligible"),
        ("我今年65岁，农村妇女", "not_eligible"),
        ("我妈今年三十五岁，住乡下", "eligible"),
        ("I'm a 42-year-old woman living in a village. Can I get the free screening?", "eligible"),
        ("My mother is 66 and lives in the countryside", "not_eligible"),
        ("I am a woman, aged 34, rural", "not_eligible"),
        ("I am a woman, aged 64, rural", "eligible"),
        ("I am a woman, aged 65, rural", "not_eligible"),
        ("我老公50岁，在农村，能参加吗", "not_eligible"),
        ("My husband is 50 and we live in a village", "not_eligible"),
        ("我是城里的，45岁，女", "uncertain"),
        ("My wife is 45 and we live in the city", "uncertain"),
    ],
)
def test_item1_screening(rules: list[RuleSet], text: str, verdict: str) -> None:
    j = verdict_of(rule(rules, 1, "筛查"), text)
    assert j.verdict == verdict, j.reason_zh
    assert j.missing_facts == ()


def test_item1_screening_reasons(rules: list[RuleSet]) -> None:
    rs = rule(rules, 1)
    j = verdict_of(rs, "我婆婆66岁，在村里")
    assert j.reason_zh.startswith("不符合：本项面向35-64岁的农村妇女和城镇部分妇女（第一项），您婆婆66岁")
    assert "“35-64岁”" in j.reason_zh
    assert "mother-in-law is 66 years old" in j.reason_en
    assert j.clause == "35-64岁"
    j = verdict_of(rs, "我老公50岁，在农村")
    assert "您丈夫是男性" in j.reason_zh and "male" in j.reason_en
    j = verdict_of(rs, "我是城里的，45岁，女")
    assert j.clause == "农村妇女和城镇部分妇女"
    assert "没有说明是哪些城镇妇女" in j.reason_zh and "市妇联" in j.reason_zh
    assert "without saying which" in j.reason_en
    j = verdict_of(rs, "我42岁，女，住在农村")
    assert j.clause == "35-64岁的农村妇女和城镇部分妇女"
    assert j.reason_zh.startswith("符合：本项面向35-64岁的农村妇女和城镇部分妇女（第一项），您42岁，在农村，是女性。")
    assert j.reason_en.startswith("Eligible: this item is for rural women aged 35-64")


@pytest.mark.parametrize(
    ("text", "missing", "question_start"),
    [
        # Unknown sex is not asked for this women-only item (assume_if_missing); only age/residence.
        ("我能参加两癌筛查吗", ("age", "residence"), "请问您（或当事人）今年多大年龄"),
        ("我是农村妇女，能参加吗", ("age",), "请问您（或当事人）今年多大年龄"),
        ("我婆婆58岁，能参加吗", ("residence",), "请问您（或当事人）住在农村还是城镇"),
        ("Can I get the free screening?", ("age", "residence"), "请问您（或当事人）今年多大年龄"),
        ("我47岁，想免费查个乳腺癌，行不行？", ("residence",), "请问您（或当事人）住在农村还是城镇"),
        ("我46岁，想做个免费宫颈癌筛查，行吗", ("residence",), "请问您（或当事人）住在农村还是城镇"),
        ("俺是农村的，想去做那个免费的两癌检查，可以吗", ("age",), "请问您（或当事人）今年多大年龄"),
        ("我是村里的，想去做个免费的两癌检查，可不可以", ("age",), "请问您（或当事人）今年多大年龄"),
        ("My mother-in-law is 58", ("residence",), "请问您（或当事人）住在农村还是城镇"),
    ],
)
def test_item1_screening_missing(rules: list[RuleSet], text: str, missing: tuple[str, ...], question_start: str) -> None:
    j = verdict_of(rule(rules, 1), text)
    assert j.verdict is None
    assert j.missing_facts == missing
    assert j.next_question_zh is not None and j.next_question_zh.startswith(question_start)
    assert j.next_question_en


def test_item1_missing_question_in_english(rules: list[RuleSet]) -> None:
    j = verdict_of(rule(rules, 1), "Can I get the free screening?")
    assert j.next_question_en == "How old are you (or the person concerned)?"
    assert j.reason_en.startswith("Cannot decide yet")


def test_a_man_is_not_eligible_even_with_other_facts_missing(rules: list[RuleSet]) -> None:
    j = verdict_of(rule(rules, 1), "我老公能参加两癌筛查吗")
    assert j.verdict == "not_eligible"
    assert j.clause == "适龄妇女“两癌”免费筛查"


# --------------------------------------------------------------------------------------
# Item 1: assistance
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "verdict", "missing"),
    [
        ("我婆婆得了乳腺癌，家里是低保户，能申请救助吗", "eligible", ()),
        ("My mother was diagnosed with breast cancer and we are a low-income family", "eligible", ()),
        ("我婆婆得了乳腺癌，我们不是低保户", "not_eligible", ()),
        ("我妈得了肺癌，家里低收入", "not_eligible", ()),
        ("My mother has breast cancer but we are not low-income", "not_eligible", ()),
        ("我婆婆查出宫颈癌，能申请救助吗", None, ("low_income",)),
        ("My mother was diagnosed with cervical cancer", None, ("low_income",)),
        ("我家是低保户，能申请两癌救助吗", None, ("has_cancer",)),
        ("我老公查出癌症，家里低保", "not_eligible", ()),
    ],
)
def test_item1_assistance(rules: list[RuleSet], text: str, verdict: str | None, missing: tuple[str, ...]) -> None:
    rs = rule(rules, 1, "救助")
    assert rs.program == "低收入“两癌”妇女救助"
    j = verdict_of(rs, text)
    assert j.verdict == verdict, j.reason_zh
    assert j.missing_facts == missing


def test_item1_assistance_notes_the_plan_does_not_define_low_income(rules: list[RuleSet]) -> None:
    j = verdict_of(rule(rules, 1, "救助"), "我婆婆得了乳腺癌，家里困难，是低收入")
    assert j.verdict == "eligible"
    assert "认定标准" in j.reason_zh and "ask the item's units" in j.reason_en
    j = verdict_of(rule(rules, 1, "救助"), "我婆婆查出宫颈癌")
    assert j.next_question_zh == "请问当事人家庭是否属于低收入家庭（如低保户）？"


# --------------------------------------------------------------------------------------
# Item 2: fitness monitoring for women and children
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "verdict", "missing"),
    [
        ("我婆婆能参加体质监测吗", "eligible", ()),
        ("我儿子10岁，能参加体质监测吗", "eligible", ()),
        ("我老公能参加体质监测吗", "not_eligible", ()),
        ("我是男的，40岁", "not_eligible", ()),
        ("我是男的", None, ("is_child",)),
        ("我能参加体质监测吗", None, ("sex", "is_child")),
        ("Can my husband take part?", "not_eligible", ()),
        ("Can my son do the fitness test? He is 12", "eligible", ()),
        ("I am a woman", "eligible", ()),
        ("Can I take part?", None, ("sex", "is_child")),
    ],
)
def test_item2(rules: list[RuleSet], text: str, verdict: str | None, missing: tuple[str, ...]) -> None:
    j = verdict_of(rule(rules, 2), text)
    assert j.verdict == verdict, j.reason_zh
    assert j.missing_facts == missing


def test_item2_questions(rules: list[RuleSet]) -> None:
    j = verdict_of(rule(rules, 2), "我能参加吗")
    assert j.next_question_zh == "请问当事人是女性，还是未成年儿童？"  # both unknown: the combined question
    j = verdict_of(rule(rules, 2), "我是男的")
    assert j.next_question_zh == "请问当事人今年多大？（本项面向妇女和儿童）"  # only age can still decide
    j = verdict_of(rule(rules, 2), "我老公能参加吗")
    assert "您丈夫是男性，已成年" in j.reason_zh and "male and is an adult" in j.reason_en


# --------------------------------------------------------------------------------------
# Item 4: child care services
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "verdict", "missing"),
    [
        ("我家孩子能得到心理慰藉服务吗", "eligible", ()),
        ("我30岁，能申请吗", "not_eligible", ()),
        ("Can my kid get counselling?", "eligible", ()),
        ("I'm 30, can I get it?", "not_eligible", ()),
        ("我能申请吗", None, ("is_child",)),
        ("Can I apply?", None, ("is_child",)),
    ],
)
def test_item4(rules: list[RuleSet], text: str, verdict: str | None, missing: tuple[str, ...]) -> None:
    j = verdict_of(rule(rules, 4), text)
    assert j.verdict == verdict
    assert j.missing_facts == missing


# --------------------------------------------------------------------------------------
# Item 5: Hope Rooms
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "verdict", "missing"),
    [
        ("我女儿7岁，家里困难，没有自己的房间", "not_eligible", ()),
        ("我女儿8岁，家里困难，没有自己的房间", "eligible", ()),
        ("我女儿14岁，家里困难，没有自己的房间", "eligible", ()),
        ("我女儿15岁，家里困难，没有自己的房间", "not_eligible", ()),
        ("孩子十岁，家里是低保户，全家挤在一起", "eligible", ()),
        ("孩子10岁，家里困难，有自己的房间", "not_eligible", ()),
        ("孩子10岁，家里不困难，没地方学习", "not_eligible", ()),
        ("孩子10岁，没有自己的房间", None, ("hardship",)),
        ("孩子10岁，家里困难", None, ("own_room",)),
        ("我女儿能申请希望小屋吗", None, ("age", "hardship", "own_room")),
        ("My daughter is 7, we are poor and she has no room of her own", "not_eligible", ()),
        ("My daughter is 8, we are poor and she has no room of her own", "eligible", ()),
        ("My son is 14, we are poor and he has no place to study", "eligible", ()),
        ("My son is 15, we are poor and he has no place to study", "not_eligible", ()),
        ("My daughter is 11 and has no room of her own", None, ("hardship",)),
        ("Can my child get a Hope Room?", None, ("age", "hardship", "own_room")),
    ],
)
def test_item5(rules: list[RuleSet], text: str, verdict: str | None, missing: tuple[str, ...]) -> None:
    j = verdict_of(rule(rules, 5), text)
    assert j.verdict == verdict, j.reason_zh
    assert j.missing_facts == missing


def test_item5_reasons_and_questions(rules: list[RuleSet]) -> None:
    rs = rule(rules, 5)
    j = verdict_of(rs, "孩子10岁，没有自己的房间")
    assert j.next_question_zh == "请问孩子是否属于困境儿童（例如家庭困难）？"
    assert j.next_question_en == "Is the child in difficult circumstances (e.g. the family is in hardship)?"
    assert j.clause == "困境儿童"
    j = verdict_of(rs, "孩子15岁")
    assert j.reason_zh.startswith("不符合：本项面向无独立居住和学习环境的8至14岁困境儿童（第五项），孩子15岁")
    assert j.clause == "8至14岁"
    j = verdict_of(rs, "我女儿8岁，家里困难，没有自己的房间")
    assert "团市委" in j.reason_zh and "Youth League" in j.reason_en


# --------------------------------------------------------------------------------------
# Item 6: orphaned and disadvantaged children
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "verdict", "missing"),
    [
        ("孩子10岁，父母双亡", "eligible", ()),
        ("孩子他爸在坐牢，孩子9岁", "eligible", ()),
        ("孩子12岁，妈妈有精神病", "eligible", ()),
        ("孩子12岁，家里困难", "eligible", ()),
        ("我婆婆66岁，家里困难", "not_eligible", ()),
        ("孩子12岁，家里不困难", None, ("family",)),
        ("孩子12岁", None, ("family", "hardship")),
        ("孩子12岁，家里不困难，爸爸在外打工", "uncertain", ()),
        ("My son is 9 and his father is in prison", "eligible", ()),
        ("I'm 30 and an orphan", "not_eligible", ()),
        ("My kid is 12", None, ("family", "hardship")),
    ],
)
def test_item6(rules: list[RuleSet], text: str, verdict: str | None, missing: tuple[str, ...]) -> None:
    j = verdict_of(rule(rules, 6), text)
    assert j.verdict == verdict, j.reason_zh
    assert j.missing_facts == missing


def test_item6_open_list_reason(rules: list[RuleSet]) -> None:
    j = verdict_of(rule(rules, 6), "孩子12岁，家里不困难，爸爸在外打工")
    assert j.clause == "重点解决“问题儿童”“精神疾病患者子女”“服刑人员子女”帮扶等问题"
    assert "没有给出完整范围" in j.reason_zh and "市关工委" in j.reason_zh
    assert j.reason_en.startswith("Uncertain:")


# --------------------------------------------------------------------------------------
# Item 7: disabled children
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "verdict", "missing"),
    [
        ("我家孩子有自闭症，能康复救助吗", "eligible", ()),
        ("孩子聋，能申请吗", "eligible", ()),
        ("孩子坐轮椅", "eligible", ()),
        ("孩子弱视", "eligible", ()),
        ("孩子是盲人", "eligible", ()),
        ("孩子6岁了还不会说话", "eligible", ()),
        ("孩子智力残疾", "eligible", ()),
        ("我30岁，坐轮椅，能申请吗", "not_eligible", ()),
        ("孩子没有残疾", "not_eligible", ()),
        ("孩子能申请康复救助吗", None, ("disabilities",)),
        ("我听力残疾，能申请吗", None, ("is_child",)),
        ("My son is 9 and autistic", "eligible", ()),
        ("Can my deaf daughter get rehabilitation?", "eligible", ()),
        ("My son uses a wheelchair", "eligible", ()),
        ("I'm 30 and blind. Can I get it?", "not_eligible", ()),
        ("Can my child get rehabilitation?", None, ("disabilities",)),
        ("I am deaf, can I apply?", None, ("is_child",)),
    ],
)
def test_item7(rules: list[RuleSet], text: str, verdict: str | None, missing: tuple[str, ...]) -> None:
    j = verdict_of(rule(rules, 7), text)
    assert j.verdict == verdict, j.reason_zh
    assert j.missing_facts == missing


def test_item7_reasons(rules: list[RuleSet]) -> None:
    j = verdict_of(rule(rules, 7), "我30岁，坐轮椅")
    assert "您30岁" not in j.reason_zh and "您已成年" in j.reason_zh and "残疾儿童" in j.reason_zh
    assert j.clause == "康复救助残疾儿童2200名"
    j = verdict_of(rule(rules, 7), "孩子自闭症")
    assert "有孤独症" in j.reason_zh and "has autism" in j.reason_en


# --------------------------------------------------------------------------------------
# Item 9: women's rights in rural collective reform
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "verdict", "missing"),
    [
        ("我是出嫁女，户口在村里，能确认集体经济组织成员身份吗", "eligible", ()),
        ("我离婚了，是农村妇女", "eligible", ()),
        ("我丧偶，女，在农村", "eligible", ()),
        ("我是农村妇女，在外打工", "eligible", ()),
        ("我老公离婚了，在农村", "not_eligible", ()),
        ("我是出嫁女，户口在城里", "uncertain", ()),
        ("我是农村妇女", None, ("family",)),
        ("我是出嫁女", None, ("residence",)),
        ("I'm a divorced woman from a village", "eligible", ()),
        ("I am a widow in the countryside", "eligible", ()),
        ("My husband is divorced and lives in a village", "not_eligible", ()),
        ("I am a woman from a village", None, ("family",)),
    ],
)
def test_item9(rules: list[RuleSet], text: str, verdict: str | None, missing: tuple[str, ...]) -> None:
    j = verdict_of(rule(rules, 9), text)
    assert j.verdict == verdict, j.reason_zh
    assert j.missing_facts == missing


def test_item9_unlisted_group_is_uncertain(rules: list[RuleSet]) -> None:
    facts = Facts(sex="female", residence="rural", family=("孤儿",), subject="self")
    j = judge(rule(rules, 9), facts)
    assert j.verdict == "uncertain"
    assert j.clause == "出嫁女、离婚丧偶妇女、外出打工妇女等特殊群体"


# --------------------------------------------------------------------------------------
# extract_facts
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ages
        ("42岁", {"age": 42, "is_child": False}),
        ("四十二岁", {"age": 42, "is_child": False}),
        ("今年五十六", {"age": 56, "is_child": False}),
        ("56周岁", {"age": 56, "is_child": False}),
        ("三十五岁", {"age": 35, "is_child": False}),
        ("十四岁", {"age": 14, "is_child": True}),
        ("8岁", {"age": 8, "is_child": True}),
        ("a 12-year-old", {"age": 12, "is_child": True}),
        ("12 years old", {"age": 12, "is_child": True}),
        ("aged 64", {"age": 64, "is_child": False}),
        ("全市40万名妇女，2022年", {"sex": "female"}),
        ("2022年的方案", {}),
        # subjects and sex
        ("my daughter is 11", {"age": 11, "sex": "female", "is_child": True, "subject": "daughter"}),
        ("I'm 45", {"age": 45, "is_child": False, "subject": "self"}),
        ("我能参加吗", {"subject": "self"}),
        ("本人女，45岁", {"age": 45, "sex": "female", "is_child": False, "subject": "self"}),
        ("我是男的", {"sex": "male", "subject": "self"}),
        ("我是孩子的妈妈，能参加筛查吗", {"sex": "female", "subject": "self"}),
        ("我婆婆", {"sex": "female", "is_child": False, "subject": "mother-in-law"}),
        ("我妈今年六十了", {"age": 60, "sex": "female", "is_child": False, "subject": "mother"}),
        ("我母亲", {"sex": "female", "is_child": False, "subject": "mother"}),
        ("我奶奶", {"sex": "female", "is_child": False, "subject": "grandmother"}),
        ("我媳妇", {"sex": "female", "is_child": False, "subject": "wife"}),
        ("我老婆", {"sex": "female", "is_child": False, "subject": "wife"}),
        ("我闺女", {"sex": "female", "is_child": True, "subject": "daughter"}),
        ("我姐", {"sex": "female", "subject": "sister"}),
        ("我老公", {"sex": "male", "is_child": False, "subject": "husband"}),
        ("我爸", {"sex": "male", "is_child": False, "subject": "father"}),
        ("我儿子", {"sex": "male", "is_child": True, "subject": "son"}),
        ("娃", {"is_child": True, "subject": "child"}),
        ("小孩", {"is_child": True, "subject": "child"}),
        ("my kid", {"is_child": True, "subject": "child"}),
        ("my son", {"sex": "male", "is_child": True, "subject": "son"}),
        ("my mother", {"sex": "female", "is_child": False, "subject": "mother"}),
        ("my wife", {"sex": "female", "is_child": False, "subject": "wife"}),
        ("I am a woman", {"sex": "female", "subject": "self"}),
        ("42岁 农村 女", {"age": 42, "sex": "female", "is_child": False, "residence": "rural"}),
        (
            "我女儿11岁，我老公在外打工，能申请吗",
            {"age": 11, "sex": "female", "is_child": True, "family": ("外出打工",), "subject": "daughter"},
        ),
        ("我42岁，我婆婆也想参加", {"sex": "female", "is_child": False, "subject": "mother-in-law"}),
        # residence
        ("我们村里", {"residence": "rural"}),
        ("住在乡下", {"residence": "rural"}),
        ("农村户口", {"residence": "rural"}),
        ("农村户口，在城里打工", {"residence": "rural", "family": ()}),
        ("住县城", {"residence": "urban"}),
        ("在市区", {"residence": "urban"}),
        ("住小区", {"residence": "urban"}),
        ("we live in a village", {"residence": "rural"}),
        ("in the countryside", {"residence": "rural"}),
        ("in the city", {"residence": "urban"}),
        ("urban", {"residence": "urban"}),
        # hardship / low income
        ("家里困难", {"hardship": True}),
        ("困境儿童", {"hardship": True, "subject": None}),  # a group's name, not a person
        ("我家孩子是困境儿童", {"hardship": True, "is_child": True, "subject": "child"}),
        ("我家是低保户", {"hardship": True, "low_income": True}),
        ("特困户", {"hardship": True}),
        ("贫困家庭", {"hardship": True}),
        ("we are poor", {"hardship": True}),
        ("struggling family", {"hardship": True}),
        ("低收入家庭", {"low_income": True}),
        ("a low-income family", {"low_income": True}),
        ("我们不是低保户", {"low_income": False}),
        ("家里不困难", {"hardship": False}),
        ("not poor", {"hardship": False}),
        # disabilities
        ("孤独症", {"disabilities": ("孤独症",)}),
        ("autistic", {"disabilities": ("孤独症",)}),
        ("耳朵聋", {"disabilities": ("听力",)}),
        ("听不见", {"disabilities": ("听力",)}),
        ("deaf", {"disabilities": ("听力",)}),
        ("弱视", {"disabilities": ("视力",)}),
        ("看不见", {"disabilities": ("视力",)}),
        ("visually impaired", {"disabilities": ("视力",)}),
        ("文盲", {}),
        ("瘫痪", {"disabilities": ("肢体",)}),
        ("腿脚不好", {"disabilities": ("肢体",)}),
        ("uses a wheelchair", {"disabilities": ("肢体",)}),
        ("智障", {"disabilities": ("智力",)}),
        ("发育迟缓", {"disabilities": ("智力",)}),
        ("intellectual disability", {"disabilities": ("智力",)}),
        ("哑巴", {"disabilities": ("言语",)}),
        ("语言障碍", {"disabilities": ("言语",)}),
        ("speech disorder", {"disabilities": ("言语",)}),
        ("聋哑", {"disabilities": ("听力", "言语")}),
        # family circumstances
        # A parent in prison / no parents is 困境 (hardship) unless said otherwise.
        ("爸爸在监狱", {"family": ("服刑人员子女",), "hardship": True}),
        ("his father is in jail", {"family": ("服刑人员子女",), "hardship": True}),
        ("妈妈有精神疾病", {"family": ("精神疾病患者子女",)}),
        ("mother has a mental illness", {"family": ("精神疾病患者子女",)}),
        ("孤儿", {"family": ("孤儿",), "hardship": True}),
        ("an orphan", {"family": ("孤儿",), "hardship": True}),
        ("嫁出去的女儿", {"family": ("出嫁女",), "sex": "female", "is_child": True, "subject": "daughter"}),
        ("外嫁", {"family": ("出嫁女",)}),
        ("married out of the village", {"family": ("出嫁女",), "residence": "rural"}),
        ("离异", {"family": ("离婚丧偶",)}),
        ("守寡多年", {"family": ("离婚丧偶",), "sex": "female"}),
        ("divorced", {"family": ("离婚丧偶",)}),
        ("widowed", {"family": ("离婚丧偶",)}),
        ("migrant worker", {"family": ("外出打工",)}),
        ("working away from home", {"family": ("外出打工",)}),
        # own room
        ("没有自己的房间", {"own_room": False}),
        ("没地方学习", {"own_room": False}),
        ("一家人挤在一起", {"own_room": False}),
        ("no room of his own", {"own_room": False}),
        ("no place to study", {"own_room": False}),
        ("有自己的房间", {"own_room": True}),
        # cancer
        ("查出宫颈癌", {"has_cancer": True}),
        ("得了乳腺癌", {"has_cancer": True}),
        ("确诊乳腺癌", {"has_cancer": True}),
        ("diagnosed with breast cancer", {"has_cancer": True}),
        ("没有查出乳腺癌", {"has_cancer": False}),
        ("得了肺癌", {"has_cancer": False}),
        ("能参加宫颈癌筛查吗", {}),
    ],
)
def test_extract_facts(text: str, expected: dict) -> None:
    facts = extract_facts(text)
    for name in FIELDS:
        want = _unset(expected.get(name))
        assert getattr(facts, name) == want, f"{text!r}: {name} = {getattr(facts, name)!r}, want {want!r}"


def test_extract_facts_is_deterministic() -> None:
    text = "我女儿8岁，家里困难，没有自己的房间，我们住在村里"
    assert extract_facts(text) == extract_facts(text)


# --------------------------------------------------------------------------------------
# merge_facts across turns
# --------------------------------------------------------------------------------------


def test_merge_age_then_residence_becomes_eligible(rules: list[RuleSet]) -> None:
    rs = rule(rules, 1)
    turn1 = extract_facts("我是妇女，今年42岁，能参加两癌筛查吗")
    j1 = judge(rs, turn1)
    assert j1.verdict is None and j1.missing_facts == ("residence",)
    merged = merge_facts(turn1, extract_facts("住在农村"))
    assert merged.age == 42 and merged.residence == "rural" and merged.subject == "self"
    assert judge(rs, merged).verdict == "eligible"


def test_merge_english_turns(rules: list[RuleSet]) -> None:
    rs = rule(rules, 5)
    facts = extract_facts("Can my daughter get a Hope Room?")
    facts = merge_facts(facts, extract_facts("She is 9"))
    assert judge(rs, facts).missing_facts == ("hardship", "own_room")
    facts = merge_facts(facts, extract_facts("We are poor"))
    facts = merge_facts(facts, extract_facts("She shares a room with three siblings"))
    assert judge(rs, facts).verdict == "eligible"
    assert facts.subject == "daughter"


def test_merge_new_subject_resets_person_facts_but_keeps_household() -> None:
    me = extract_facts("我42岁，女，住在村里，家里是低保户，我是出嫁女")
    assert me.subject == "self" and me.age == 42 and me.family == ("出嫁女",)
    daughter = merge_facts(me, extract_facts("那我女儿能申请希望小屋吗"))
    assert daughter.subject == "daughter"
    assert daughter.age is None
    assert daughter.sex == "female" and daughter.is_child is True
    assert daughter.family is None  # not said
    assert daughter.residence == "rural"
    assert daughter.low_income is True and daughter.hardship is True


def test_merge_later_values_win_and_child_is_same_person() -> None:
    a = extract_facts("我女儿8岁")
    b = merge_facts(a, extract_facts("孩子没有自己的房间"))
    assert b.subject == "daughter" and b.age == 8 and b.own_room is False
    c = merge_facts(b, extract_facts("不对，她9岁"))
    assert c.age == 9
    d = merge_facts(c, Facts())
    assert d == c
    # A residence-only message with 我 does not switch the subject away from the daughter.
    e = merge_facts(c, extract_facts("我们家在农村"))
    assert e.subject == "daughter" and e.age == 9 and e.residence == "rural"


def test_merge_prisoner_child_circumstance_is_household() -> None:
    facts = merge_facts(extract_facts("我老公在坐牢，我在家带孩子"), extract_facts("我儿子10岁能得到帮扶吗"))
    assert facts.subject == "son"
    assert facts.family == ("服刑人员子女",)
    assert facts.age == 10


def test_answer_facts_understands_bare_replies() -> None:
    assert answer_facts("own_room", "没有").own_room is False
    assert answer_facts("hardship", "是的").hardship is True
    assert answer_facts("low_income", "no").low_income is False
    assert answer_facts("sex", "是").sex == "female"
    assert answer_facts("age", "42").age == 42
    assert answer_facts("residence", "是").residence is None
    assert answer_facts("hardship", "家里不困难").hardship is False


# --------------------------------------------------------------------------------------
# is_eligibility_question
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "我能参加吗",
        "我婆婆能不能参加两癌筛查",
        "我女儿符合条件吗",
        "可以申请希望小屋吗",
        "我有资格吗",
        "孩子可不可以申请",
        "Can I get the free screening?",
        "Am I eligible?",
        "Does my daughter qualify?",
        "Can my child get rehabilitation?",
        "Is my mother entitled to assistance?",
    ],
)
def test_is_eligibility_question_true(text: str) -> None:
    assert is_eligibility_question(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "第一项的牵头单位是谁？",
        "希望小屋要建多少处？",
        "能告诉我希望小屋是什么吗",
        "What is item 5 about?",
        "Can you explain item 1?",
        "这个方案是哪天印发的",
    ],
)
def test_is_eligibility_question_false(text: str) -> None:
    assert is_eligibility_question(text) is False


# --------------------------------------------------------------------------------------
# judge on hand-built facts (no extraction involved)
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "verdict"),
    [(34, "not_eligible"), (35, "eligible"), (64, "eligible"), (65, "not_eligible")],
)
def test_item1_age_boundaries_direct(rules: list[RuleSet], age: int, verdict: str) -> None:
    facts = Facts(age=age, sex="female", residence="rural", subject="self")
    assert judge(rule(rules, 1), facts).verdict == verdict


@pytest.mark.parametrize(
    ("age", "verdict"),
    [(7, "not_eligible"), (8, "eligible"), (14, "eligible"), (15, "not_eligible")],
)
def test_item5_age_boundaries_direct(rules: list[RuleSet], age: int, verdict: str) -> None:
    facts = Facts(age=age, hardship=True, own_room=False, subject="child")
    assert judge(rule(rules, 5), facts).verdict == verdict


def test_is_child_follows_age_when_not_given(rules: list[RuleSet]) -> None:
    assert judge(rule(rules, 7), Facts(age=10, disabilities=("听力",))).verdict == "eligible"
    assert judge(rule(rules, 7), Facts(age=20, disabilities=("听力",))).verdict == "not_eligible"


def test_failure_beats_missing_and_open(rules: list[RuleSet]) -> None:
    j = judge(rule(rules, 1), Facts(sex="male", residence="urban"))
    assert j.verdict == "not_eligible" and j.missing_facts == ()
    j = judge(rule(rules, 1), Facts(sex="female", residence="urban"))
    assert j.verdict is None and j.missing_facts == ("age",)


# --------------------------------------------------------------------------------------
# Generalised lexicons: eligibility intent, facts, verdicts (eval misses + variations)
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # 有我的份 / 算不算 / 管不管 / 让她去不
        "四十二岁，在城区上班住小区里，两癌免费筛查有我的份吗？",
        "两癌筛查有没有俺的份？",
        "今年五十六，住在县城，这个免费查两癌算不算我一个？",
        "希望小屋算不算她一个？",
        "离婚以后户口没迁走，村里分红不给我了，这个方案管不管我这种情况？",
        "外出打工的妇女，管不管她们？",
        "俺娘65了，住在乡下，那个免费查两癌的还让她去不？",
        # 能 + a few words + taking part
        "我女儿28岁，在农村，能带她去免费做乳腺癌筛查吗？",
        "我婆婆能带去做两癌检查不？",
        "我是农村妇女，丈夫去世好几年了，今年五十岁，能去查两癌吗？",
        "我四十岁，能去做宫颈癌筛查不",
        "娃刚满八岁，爹娘都不在了，跟奶奶住一间老屋，连张写字桌都没有，希望小屋能给弄一间不？",
        "儿子15了，家里困难，也没有单独的房间，希望小屋还能报吗？",
        "闺女10岁，希望小屋还能报不？",
        "孩子是肢体残疾，已经办了残疾证，能去定点康复机构接受救助吗？",
        "我从小在城里长大，一直是城镇户口，跟哪个村集体都没关系，能按这个方案确认集体成员身份吗？",
        "我嫁到邻村去了，娘家村集体经济组织的成员身份还给确认吗？",
        "我离婚了，村里还给办成员身份不？",
        # tag questions after a wish
        "我47岁，想免费查个乳腺癌，行不行？",
        "想给孩子申请个希望小屋，行吗",
        "俺是农村的，想去做那个免费的两癌检查，可以吗",
        # English
        "my nephew is 15, poor family, no own room. hope cabin possible?",
        "my niece is 9 and has no desk. is a hope room possible?",
        "Our family is low income and my wife was diagnosed with breast cancer, can she get assistance?",
        "Our family is low income and my wife was diagnosed with breast cancer. Is there any financial help for her?",
        "I'm 35, rural woman, village resident. free screening ok for me?",
        "Is the screening okay for my mother?",
        # a follow-up restating a fact
        "what about if she is 15?",
        "What if he is 7?",
        "那如果孩子15岁呢？",
        "要是她住在城里呢",
    ],
)
def test_is_eligibility_question_generalised(text: str) -> None:
    assert is_eligibility_question(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "两癌筛查是哪个部门负责的？",
        "希望小屋建多少个？",
        "Who is in charge of the hope cabins?",
        "希望小屋装修完之后还有没有人继续管孩子？",
        "妇女儿童体质监测名额有多少，能给多少人做？",
        "两癌筛查查出问题以后去看病，医保能报销百分之多少？",
        "What about item 6?",
        "那如果要申请，去哪个部门呢？",
        "Is it possible to visit the library for free?",
        "可能要等多久？",
    ],
)
def test_is_eligibility_question_generalised_false(text: str) -> None:
    assert is_eligibility_question(text) is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "N了" ages
        ("我婆婆六十四了", {"age": 64, "sex": "female", "is_child": False, "subject": "mother-in-law"}),
        ("六十四了", {"age": 64, "is_child": False}),
        ("今年64了", {"age": 64, "is_child": False}),
        ("64了", {"age": 64, "is_child": False}),
        ("儿子15了", {"age": 15, "sex": "male", "is_child": True, "subject": "son"}),
        ("俺娘65了", {"age": 65, "sex": "female", "is_child": False, "subject": "mother"}),
        ("等了3天了", {}),
        # a relative lived with (跟/和/与/同 … 住/挤, with) is not the subject
        (
            "孩子7岁，家里困难，跟爷爷奶奶挤一间屋，没地方写作业，能申请希望小屋吗？",
            {"age": 7, "is_child": True, "hardship": True, "own_room": False, "subject": "child"},
        ),
        (
            "孩子9岁，和奶奶住一间屋，能申请希望小屋吗",
            {"age": 9, "is_child": True, "own_room": False, "subject": "child"},
        ),
        (
            "我闺女10岁，同姥姥、姥爷睡一张床",
            {"age": 10, "sex": "female", "is_child": True, "own_room": False, "subject": "daughter"},
        ),
        # 和 without living together joins two askers: the last one named stays the subject
        ("我婆婆和我妈能参加吗", {"sex": "female", "is_child": False, "subject": "mother"}),
        (
            "a 12-year-old orphan who shares a bed with her grandma and has no desk to study - can she get a Hope Cabin?",
            {"age": 12, "is_child": True, "family": ("孤儿",), "hardship": True, "own_room": False, "subject": "child"},
        ),
        (
            "an 11-year-old orphan living with his grandfather in one room",
            {"age": 11, "is_child": True, "family": ("孤儿",), "hardship": True, "own_room": False, "subject": "child"},
        ),
        (
            "my daughter is 8, her dad is in prison, we all live in one small room",
            {
                "age": 8,
                "sex": "female",
                "is_child": True,
                "family": ("服刑人员子女",),
                "hardship": True,
                "own_room": False,
                "subject": "daughter",
            },
        ),
        (
            "娃刚满八岁，爹娘都不在了，跟奶奶住一间老屋，连张写字桌都没有",
            {"age": 8, "is_child": True, "family": ("孤儿",), "hardship": True, "own_room": False, "subject": "child"},
        ),
        ("孩子爸妈都去世了，没有书桌", {"is_child": True, "family": ("孤儿",), "hardship": True, "own_room": False, "subject": "child"}),
        ("she has no desk", {"own_room": False}),
        ("也没有单独的房间", {"own_room": False}),
        # explicit 不困难 is not overridden by a circumstance
        (
            "孩子10岁，家里不困难，爸爸在坐牢",
            {"age": 10, "is_child": True, "family": ("服刑人员子女",), "hardship": False, "subject": "child"},
        ),
        # a dead parent (not a husband) is 困境
        ("his dad passed away", {"hardship": True}),
        ("我丈夫去世了", {"family": ("离婚丧偶",)}),
        # nephew / niece
        ("my nephew is 15", {"age": 15, "sex": "male", "is_child": True, "subject": "nephew"}),
        ("我侄女9岁", {"age": 9, "sex": "female", "is_child": True, "subject": "niece"}),
        # item 9: married out, divorced, no collective tie
        ("我嫁到邻村去了", {"family": ("出嫁女",), "residence": "rural", "subject": "self"}),
        ("嫁到外村好几年了", {"family": ("出嫁女",), "residence": "rural"}),
        ("离婚以后户口没迁走，村里分红不给我了", {"family": ("离婚丧偶",), "residence": "rural"}),
        (
            "我从小在城里长大，一直是城镇户口，跟哪个村集体都没关系",
            {"residence": "urban", "in_collective": False, "subject": "self"},
        ),
        ("I'm not a member of any village collective", {"in_collective": False, "subject": "self"}),
        ("我是城镇户口", {"residence": "urban"}),
        ("我在城里长大，跟哪个村集体都没关系", {"residence": "urban", "in_collective": False}),
    ],
)
def test_extract_facts_generalised(text: str, expected: dict) -> None:
    facts = extract_facts(text)
    for name in FIELDS:
        want = _unset(expected.get(name))
        assert getattr(facts, name) == want, f"{text!r}: {name} = {getattr(facts, name)!r}, want {want!r}"


@pytest.mark.parametrize(
    ("item", "text", "verdict", "missing"),
    [
        # item 1 screening: unknown sex does not decide; a stated man still fails
        (1, "俺刚满35周岁，农村户口，一直在村里住，能做免费宫颈癌筛查不？", "eligible", ()),
        (1, "I'm 35, rural woman, village resident. free screening ok for me?", "eligible", ()),
        (1, "I'm 50 and live in a village, can I get the free breast cancer screening?", "eligible", ()),
        (1, "我婆婆六十四了，一辈子都住在村里，免费两癌筛查她能去吗？", "eligible", ()),
        (1, "我婆婆六十五了，住在村里，免费两癌筛查她能去吗？", "not_eligible", ()),
        (1, "我女儿28岁，在农村，能带她去免费做乳腺癌筛查吗？", "not_eligible", ()),
        (1, "我47岁，想免费查个乳腺癌，行不行？", None, ("residence",)),
        (1, "俺是农村的，想去做那个免费的两癌检查，可以吗", None, ("age",)),
        (1, "我是农村妇女，丈夫去世好几年了，今年五十岁，能去查两癌吗？", "eligible", ()),
        (1, "四十二岁，在城区上班住小区里，两癌免费筛查有我的份吗？", "uncertain", ()),
        (1, "今年五十六，住在县城，这个免费查两癌算不算我一个？", "uncertain", ()),
        (1, "我是男的，45岁，住在村里，能做两癌筛查吗", "not_eligible", ()),
        (1, "My husband is 45 and we live in a village, can he get the screening?", "not_eligible", ()),
        # item 1 assistance
        (1, "Our family is low income and my wife was diagnosed with breast cancer, can she get assistance?", "eligible", ()),
        (1, "我家低保，我查出乳腺癌了，能申请救助吗", "eligible", ()),
        # item 5
        (5, "孩子7岁，家里困难，跟爷爷奶奶挤一间屋，没地方写作业，能申请希望小屋吗？", "not_eligible", ()),
        (5, "娃刚满八岁，爹娘都不在了，跟奶奶住一间老屋，连张写字桌都没有，希望小屋能给弄一间不？", "eligible", ()),
        (5, "儿子15了，家里困难，也没有单独的房间，希望小屋还能报吗？", "not_eligible", ()),
        (5, "a 12-year-old orphan who shares a bed with her grandma and has no desk to study - can she get a Hope Cabin?", "eligible", ()),
        (5, "my daughter is 8, her dad is in prison, we all live in one small room. can she get the hope room?", "eligible", ()),
        (5, "my nephew is 15, poor family, no own room. hope cabin possible?", "not_eligible", ()),
        # item 7: 孩子 alone makes the subject a child
        (7, "孩子是肢体残疾，已经办了残疾证，能去定点康复机构接受救助吗？", "eligible", ()),
        # item 9
        (9, "我嫁到邻村去了，娘家村集体经济组织的成员身份还给确认吗？", "eligible", ()),
        (9, "I married out of my home village. Can I still be confirmed as a member of the village collective?", "eligible", ()),
        (9, "离婚以后户口没迁走，村里分红不给我了，这个方案管不管我这种情况？", "eligible", ()),
        (9, "我从小在城里长大，一直是城镇户口，跟哪个村集体都没关系，能按这个方案确认集体成员身份吗？", "not_eligible", ()),
        (9, "I'm a divorced woman from the city and not a member of any village collective", "not_eligible", ()),
        (9, "我是出嫁女，城镇户口", "uncertain", ()),  # 城镇 alone stays open
    ],
)
def test_generalised_verdicts(rules: list[RuleSet], item: int, text: str, verdict: str | None, missing: tuple[str, ...]) -> None:
    j = verdict_of(rule(rules, item, text), text)
    assert j.verdict == verdict, j.reason_zh
    assert j.missing_facts == missing


def test_assumed_sex_is_said_in_the_reason(rules: list[RuleSet]) -> None:
    j = verdict_of(rule(rules, 1), "我42岁，在农村")
    assert j.verdict == "eligible"
    assert "按当事人为女性判断" in j.reason_zh and "assumes the person concerned is a woman" in j.reason_en
    j = verdict_of(rule(rules, 1), "我42岁，女，在农村")
    assert "按当事人为女性判断" not in j.reason_zh


def test_orphan_hardship_reason_names_the_deciding_unit(rules: list[RuleSet]) -> None:
    j = verdict_of(rule(rules, 5), "娃刚满八岁，爹娘都不在了，跟奶奶住一间老屋，连张写字桌都没有")
    assert j.verdict == "eligible"
    assert "困境儿童" in j.reason_zh and "请向团市委咨询" in j.reason_zh


def test_no_collective_tie_cites_the_membership_clause(rules: list[RuleSet]) -> None:
    j = verdict_of(rule(rules, 9), "我从小在城里长大，一直是城镇户口，跟哪个村集体都没关系")
    assert j.verdict == "not_eligible"
    assert j.clause == "村集体经济组织成员身份确认工作"
    assert "跟任何村集体经济组织都没有关系" in j.reason_zh and "not tied to any village collective" in j.reason_en


def _merged(*turns: str) -> Facts:
    facts = Facts()
    for t in turns:
        facts = merge_facts(facts, extract_facts(t))
    return facts


@pytest.mark.parametrize(
    ("item", "turns", "verdict"),
    [
        (1, ("我想问问两癌筛查的事", "我今年45岁", "我住在村里，能参加吗？"), "eligible"),
        (1, ("两癌筛查", "俺今年五十了", "住乡下，能参加不？"), "eligible"),
        (5, ("My kid is 9", "we live with grandma in one room, no desk, his dad passed away", "can he get the hope room?"), "eligible"),
        (5, ("孩子9岁", "跟奶奶住一间屋，没有书桌，他爸去世了", "他能申请希望小屋吗？"), "eligible"),
        (5, ("can a 10 year old girl in a poor family with no own room get a hope cabin?", "what about if she is 15?"), "not_eligible"),
        (5, ("我闺女10岁，家里困难，没有自己的房间，能申请希望小屋吗？", "那如果她15岁呢？"), "not_eligible"),
    ],
)
def test_generalised_multi_turn(rules: list[RuleSet], item: int, turns: tuple[str, ...], verdict: str) -> None:
    assert is_eligibility_question(turns[-1])
    j = judge(rule(rules, item, turns[-1]), _merged(*turns))
    assert j.verdict == verdict, j.reason_zh


def test_merge_pronoun_turn_keeps_the_child() -> None:
    facts = _merged("My kid is 9", "we live with grandma in one room, no desk, his dad passed away", "can he get it?")
    assert facts.subject == "child" and facts.age == 9 and facts.is_child is True
    facts = _merged("孩子9岁", "她能申请吗？")
    assert facts.subject == "child" and facts.age == 9


def test_assume_if_missing_must_be_boolean(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(_one_rule(_VALID_CONDITION.format(fact="age", test="min_age: 35\n        assume_if_missing: maybe")), encoding="utf-8")
    with pytest.raises(RuleError, match="assume_if_missing"):
        load_rules(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我哥哥30了，腿脚残疾", {"age": 30, "subject": "brother", "is_child": False}),
        ("俺弟12了，耳朵听不见", {"age": 12, "subject": "brother", "is_child": True}),
        ("My brother is 40 and uses a wheelchair", {"age": 40, "subject": "brother"}),
        ("残疾儿童康复救助我侄子能不能参加", {"subject": "nephew"}),
        ("He is registered as a child in difficulty", {"subject": None}),
    ],
)
def test_siblings_and_programme_names_are_not_mistaken_for_the_subject(text: str, expected: dict) -> None:
    facts = extract_facts(text)
    for name, value in expected.items():
        assert getattr(facts, name) == value, (name, facts)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("俺妈五十多了，住在乡下，能不能去做免费的两癌检查", True),
        ("可不可以申请希望小屋", True),
        ("像我这种情况，集体成员身份能确认不", True),
        ("服刑人员的孩子也算吗", True),
        ("那离婚的妇女也管吗？", True),
        ("能不能说一下希望小屋建多少个", False),
        ("这个方案也包括图书馆吗", False),
    ],
)
def test_a_not_a_and_also_covered_questions(text: str, asks: bool) -> None:
    assert is_eligibility_question(text) is asks
