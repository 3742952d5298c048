"""The logic above retrieval end to end, without the model: ``ask`` over the real corpus with the
hashing embedder. Questions and answers are the README's (the plan: corpus/policies/, 临政办字〔2022〕78号)."""

from __future__ import annotations

import pytest

SCREENING_RESPONSIBLE = ("市委宣传部", "市发展改革委", "市公安局", "市民政局", "市财政局", "市农业农村局", "市医保局")


@pytest.mark.parametrize(
    ("question", "item", "lead", "responsible"),
    [
        ("希望小屋由哪个单位负责？", 5, (), ("团市委",)),
        ("村里的农家书屋归谁管？", 10, (), ("市文化和旅游局",)),
        ("Which department leads the free cervical and breast cancer screening?", 1, ("市妇联", "市卫生健康委"), SCREENING_RESPONSIBLE),
    ],
)
def test_department_questions(fake_assistant, question: str, item: int, lead: tuple, responsible: tuple) -> None:
    answer = fake_assistant.ask(question)
    assert answer.status == "answered" and answer.items[0] == item
    assert answer.lead_units == lead and answer.responsible_units == responsible
    assert answer.language == ("en" if question.isascii() else "zh")


def test_eligibility_is_judged_from_the_rules(fake_assistant) -> None:
    answer = fake_assistant.ask("我今年45岁，住在村里，能参加免费两癌筛查吗？")
    assert answer.status == "answered" and answer.items[0] == 1 and answer.eligibility == "eligible"


def test_a_unit_lookup_lists_every_item_naming_the_unit(fake_assistant) -> None:
    answer = fake_assistant.ask("市民政局参与了哪些实事？")
    expected = {it.number for d in fake_assistant.documents.values() for it in d.items if "市民政局" in it.units}
    assert answer.status == "answered" and set(answer.items) == expected


def test_a_follow_up_keeps_the_topic(fake_assistant) -> None:
    answer = fake_assistant.ask("那它要建多少处？", ["希望小屋是什么项目？"])
    assert answer.status == "answered" and answer.items[0] == 5 and "1000处" in answer.answer


@pytest.mark.parametrize(("question", "status"), [("今天天气怎么样？", "out_of_scope"), ("asdkjh qwe", "clarify")])
def test_what_the_plans_do_not_cover_is_not_answered(fake_assistant, question: str, status: str) -> None:
    answer = fake_assistant.ask(question)
    assert answer.status == status and answer.items == ()
