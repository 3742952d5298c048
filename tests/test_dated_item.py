"""A date question (by when must everything be done) answered by the item that states the date, not by the
notice's own date; an issue-date question keeps the notice (issue 10, date/deadline class).

Real text: eval/plans/set6/yichang-2024-livelihood-projects.txt
(https://www.zcbk.cn/index.php?m=home&c=View&a=index&aid=7769979, 宜府办发〔2024〕21号: "一、工作目标 … 确保在2024年11月底前完成全部任务") and
eval/plans/set6/xinyu-2023-open-government.txt (http://echinagov.com/policy/346701.htm, 2023年新余市政务公开工作要点); the questions are this file's own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answering.figures import dated_item
from assistant.corpus.layouts import parse_layout
from assistant.corpus.reading import load_document

ROOT = Path(__file__).resolve().parents[1]


def _doc(name: str):
    path = ROOT / "eval" / "plans" / "set6" / name
    return parse_layout(load_document(path), path.stem)


@pytest.mark.parametrize(
    "question",
    ["这十大民生项目要求啥时候前全部完成？", "全部任务什么时候之前要干完", "By when must all of the projects be finished?"],
)
def test_the_item_stating_the_deadline_answers_when(question):
    assert dated_item(_doc("yichang-2024-livelihood-projects.txt"), question) == 1


@pytest.mark.parametrize(
    "question",
    ["宜昌这个民生项目方案是哪天印发的", "When was the Yichang livelihood plan issued?", "牵头单位是哪个"],
)
def test_an_issue_date_question_keeps_the_notice(question):
    assert dated_item(_doc("yichang-2024-livelihood-projects.txt"), question) is None


def test_a_word_of_the_title_tells_no_item_apart():
    # 公开 is the plan's own word (政务公开工作要点); an item's date sentence saying it does not answer 哪天发的
    assert dated_item(_doc("xinyu-2023-open-government.txt"), "新余这个政务公开要点哪天发的，是主动公开的吗") is None


def test_a_question_asking_a_figure_and_a_date_gets_the_sentence_of_each():
    # tests/data/real/dongguan-2021-employment.txt (item 1.1.1): the rate cut (50%) and until when it runs
    from assistant.answering.compose import figure_lines
    from assistant.corpus.loading import load_corpus
    from assistant.language.understanding import GlossaryMatcher, understand

    path = ROOT / "tests" / "data" / "real" / "dongguan-2021-employment.txt"
    item = parse_layout(load_document(path), path.stem).item_by_key("1.1.1")
    matcher = GlossaryMatcher(load_corpus(ROOT / "corpus").glossary)
    lines = "".join(figure_lines(item, understand("东莞工伤保险费率阶段性下调多少？一直执行到啥时候", matcher, limit=2000)))
    assert "50%" in lines and "2022年4月30日" in lines


def test_a_document_answer_quotes_the_notice_line_that_says_what_is_asked():
    # 新余 2023 notice: "(此件主动公开)" answers "是主动公开的吗"; 新密 2021 page (eval/plans/set6/xinmi-2021-gov-report-tasks.html,
    # http://henan.kjzch.com/zhengzhou/2021-03-30/775911.html): "成文日期:2021-03-26" answers "when was it written"
    from assistant.answering.figures import notice_sentence

    xinyu = _doc("xinyu-2023-open-government.txt")
    lines = [x for x in xinyu.preamble.split("\n") if x.strip()]
    assert notice_sentence(xinyu, "新余这个政务公开要点哪天发的，是主动公开的吗", lines) == "(此件主动公开)"
    xinmi = _doc("xinmi-2021-gov-report-tasks.html")
    lines = [s.text for s in xinmi.sections]
    assert "成文日期" in notice_sentence(xinmi, "When was the notice written?", lines)
    assert notice_sentence(xinmi, "有没有补贴", lines) is None
