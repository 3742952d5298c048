"""No question is answered from an item without a coverage decision, over the real plan (corpus/policies/
linyi-2022-women-children-ten-things.txt, 临政办字〔2022〕78号, published at http://www.linyi.gov.cn/).

A question with nothing to decide by (a verb of one character, words of asking: 娃娃被拐了这事儿归哪个部门管) and no
item under discussion was answered from whichever item ranked first (item 6 for a question item 8 answers: a wrong
department). It is declined now; a follow-up keeps its topic, and a question about the plan itself is answered from
the plan's own text. The questions are this file's own.
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "question",
    [
        "老人被骗了钱找哪个部门",  # no item is about fraud: only 钱 and words of asking
        "My grandpa got scammed. Which department do I go to?",
        "Who is in charge?",  # no history: in charge of what
    ],
)
def test_nothing_to_decide_by_is_not_answered_from_the_first_ranked_item(assistant, question):
    answer = assistant.ask(question, []).to_dict()
    assert answer["status"] != "answered", answer["items"]


def test_nothing_to_decide_by_never_answers_another_item(assistant):
    answer = assistant.ask("娃娃被拐了这事儿归哪个部门管", []).to_dict()  # item 8 (查找失踪被拐儿童) answers it
    assert answer["status"] != "answered" or answer["items"][:1] == [8]


@pytest.mark.parametrize(
    ("question", "history", "item"),
    [
        ("方案的全称叫什么来着？", [], 0),  # the plan itself
        ("那谁负责？", ["希望小屋建多少处？"], 5),  # a follow-up: its topic
        ("Which department is in charge of it?", ["How many Hope Rooms will be built?"], 5),
    ],
)
def test_the_plan_itself_and_a_follow_up_are_still_answered(assistant, question, history, item):
    answer = assistant.ask(question, history).to_dict()
    assert answer["status"] == "answered" and answer["items"][:1] == [item]


@pytest.mark.parametrize(("question", "item"), [("Which units are responsible for item 7?", 7), ("第七项谁负责？", 7)])
def test_an_item_asked_by_its_number_is_that_item(assistant, question, item):
    answer = assistant.ask(question, []).to_dict()
    assert answer["status"] == "answered" and answer["items"][:1] == [item]
