"""Questions about a plan as a document (issue 10 class 2): how often or by when to report progress, whom to
contact, how many tasks or projects it sets in all, who inspects the work. They ask about the notice's own text
(item 0: its opening and closing), not about one measure, in Chinese and in English. A question about one
measure's figure or unit stays an item question.

The phrasings follow real notices: eval/plans/post-fix/xuchang-2020-gov-report-tasks.txt
(http://henan.kjzch.com/xuchang/2020-05-28/694791.html: progress reported at each quarter's end to the inspection
office) and eval/plans/set4/panjin-2021-gov-report-task-notice.txt
(http://xyexam.com/html/2509/2021-05-25/content-93597.html: the number of tasks, a contact person and phone);
the questions are this file's own.
"""

from __future__ import annotations

import pytest

from assistant.language.understanding import intents_of


@pytest.mark.parametrize(
    "question",
    [
        "这些重点工作的进展多久报一次？",
        "方案一共有几项任务？",
        "这个文件共多少项工作任务",
        "有问题找谁联系，联系电话是多少？",
        "重点工作由谁来督查？",
        "How often do the departments have to report progress?",
        "How many tasks does the plan set out in all?",
        "Who is the contact person for the notice?",
        "How many livelihood projects did the county approve for 2021?",
    ],
)
def test_a_question_about_the_notice_is_a_document_question(question):
    assert "document" in intents_of(question, (), ())


@pytest.mark.parametrize(
    "question",
    [
        "希望小屋建多少处？",
        "一共要建几处？",
        "今年一共测多少人？",
        "两癌筛查由哪个部门牵头？",
        "How many village clinics will be rebuilt?",
        "How many people will be screened in total?",
        "Which department leads the cancer screening?",
    ],
)
def test_a_question_about_one_measure_stays_an_item_question(question):
    assert "document" not in intents_of(question, (), ())


@pytest.mark.parametrize("question", ["这个方案啥时候发的？", "这个文件是哪一天印发的", "那个通知几时出的？"])
def test_when_a_plan_was_issued_asked_colloquially_is_a_document_question(question):
    assert "document" in intents_of(question, (), ())


@pytest.mark.parametrize("question", ["希望小屋啥时候建好？", "两癌筛查哪一天开始？"])
def test_when_a_measure_happens_asked_colloquially_stays_an_item_question(question):
    assert "document" not in intents_of(question, (), ())


def test_which_numbered_document_asks_a_document_number_not_a_date():
    from assistant.answering.figures import asked_kinds

    assert "date" not in asked_kinds("这个方案引用的省里那份行动计划是几号文？")
    assert "date" in asked_kinds("这个方案是几号发的？")
    assert "date" in asked_kinds("几号开始报名")
