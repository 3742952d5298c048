"""Quotes that hold what was asked: a count in the asked measure, a date, a list, a person.

Real published documents from tests/data/real/ (addresses in tests/data/real/README.md):
- qixian-2022-livelihood.txt, 杞县2022年民生实事 (traditional characters), http://jlbada.com/2022/05-05/2707188.html
- caidian-2023-gov-report-tasks.pdf, 蔡甸区政府工作报告目标任务责任分解方案,
  https://www.caidian.gov.cn/zwgk/zc/zfwj/qzfbgwj/202302/t20230208_2147809.shtml
- lishui-2020-civil-affairs-meeting.html, 丽水市民政局学习传达市冬春季疫情防控工作会议精神 (a news report),
  http://www.lishui.gov.cn/art/2020/12/24/art_1229430363_57310464.html
- sanmen-2020-agri-funds.md, 三门县农业高质量发展专项资金和项目管理办法,
  http://www.sanmen.gov.cn/art/2023/3/17/art_1229320589_3858903.html
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from assistant.answering.compose import document_answer, item_answer
from assistant.answering.figures import answer_sentences, asked_classifiers, asked_kinds
from assistant.corpus.glossary import derive_glossary
from assistant.corpus.loading import parse_file
from assistant.corpus.records import PolicyDocument
from assistant.language.understanding import GlossaryMatcher, understand

REAL = Path(__file__).resolve().parents[1] / "data" / "real"


@cache
def _doc(stem: str) -> PolicyDocument:
    return next(parse_file(p) for p in REAL.iterdir() if p.stem == stem and p.suffix != ".yaml")


def _ask(stem: str, question: str, key: str | None = None, intent: str = "content") -> str:
    doc = _doc(stem)
    glossary = derive_glossary((doc,))
    query = understand(question, GlossaryMatcher(glossary), limit=2000)
    if key is None:
        return document_answer(query, doc, glossary)
    item = doc.item_by_key(key)
    assert item is not None
    return item_answer(query, doc, item, glossary, intent)


@pytest.mark.parametrize(
    ("question", "kinds", "classifiers"),
    [
        ("杞县农村教师周转房今年建多少套？", set(), {"套"}),
        ("要在县城周边建几座客运站？", set(), {"座"}),
        ("居家适老化改造今年做多少户？", set(), {"户"}),
        ("How many kilometres of rural roads will be built?", set(), {"公里", "千米"}),
        ("工作方案要在什么时候前报到区政府办？", {"date"}, set()),
        ("Until when is the lower rate kept?", {"date"}, set()),
        ("这个会是谁主持的？", {"person"}, set()),
        ("Who chaired the meeting?", {"person"}, set()),
        ("专项资金管理要遵循哪些原则？", {"list"}, set()),
        ("会议提了哪几点要求？", {"list", "points"}, set()),
        ("希望小屋由哪个单位负责？", set(), set()),
    ],
)
def test_what_a_question_asks_for(question: str, kinds: set[str], classifiers: set[str]) -> None:
    assert asked_kinds(question) == kinds
    assert asked_classifiers(question) == classifiers


# ---------------------------------------------------------------- counts in the asked measure


def test_count_in_the_asked_measure_picks_its_sentence() -> None:
    # Item 2 counts kindergartens (所) in one sentence and teachers' flats (套) in the next.
    text = _ask("qixian-2022-livelihood", "杞县农村教师周转房今年建多少套？", "2", "figure")
    assert "120套" in text and "幼兒園2所" not in text


def test_count_asked_in_a_content_question() -> None:
    text = _ask("qixian-2022-livelihood", "杞县城乡公交一体化要在县城周边建几座客运站？", "4")
    assert "客運站3座" in text  # quoted without the reading the mirror inserted (客運(yùn)站)


def test_households_in_traditional_text() -> None:
    text = _ask("qixian-2022-livelihood", "杞县居家适老化改造今年做多少户？", "3", "figure")
    assert "1378戶" in text


def test_english_count_gives_the_figure_in_english() -> None:
    text = _ask("qixian-2022-livelihood", 'How many kilometres of "most beautiful rural roads" will Qi County build?', "4", "figure")
    assert "13公里" in text and "13 km (「13公里」)" in text


# ---------------------------------------------------------------- dates and deadlines


def test_deadline_in_the_notice_is_quoted() -> None:
    # The notice before the plan: 一、…于2023年1月15日前将工作方案报区人民政府办公室; 三、…每季度…30日前.
    text = _ask("caidian-2023-gov-report-tasks", "蔡甸区各责任单位的工作方案要在什么时候前报到区政府办？")
    assert "2023年1月15日前将工作方案报区人民政府办公室" in text
    assert "30日前" not in text


def test_meeting_day_in_a_report() -> None:
    text = _ask("lishui-2020-civil-affairs-meeting", "丽水市民政局这个专题会议是哪天开的？")
    assert "「12月23日,市民政局召开专题会议" in text


# ---------------------------------------------------------------- people in a report


@pytest.mark.parametrize(
    ("question", "name", "other"),
    [
        ("丽水市民政局这个会是谁主持的？", "叶水源", "洪中勇"),
        ("市民政局会上是谁传达的市冬春季疫情防控工作会议精神？", "洪中勇", "叶水源"),
        ("Who chaired the Lishui civil affairs bureau meeting on winter epidemic prevention?", "叶水源", "洪中勇"),
    ],
)
def test_the_person_asked_is_quoted(question: str, name: str, other: str) -> None:
    text = _ask("lishui-2020-civil-affairs-meeting", question)
    assert name in text and other not in text


def test_no_quote_when_nothing_is_asked_for() -> None:
    doc = _doc("lishui-2020-civil-affairs-meeting")
    text = _ask("lishui-2020-civil-affairs-meeting", "这篇文章是哪个单位发的？")
    assert "原文" not in text and doc.title in text


def test_who_without_a_named_person_quotes_nothing() -> None:
    # The 三门 notice names units, not people: a who-question gets no made-up quote.
    assert answer_sentences(["三门县农业农村局 三门县财政局", "2020年4月24日"], "这是谁发的？") == []


# ---------------------------------------------------------------- lists


def test_principles_list_their_sub_items() -> None:
    text = _ask("sanmen-2020-agri-funds", "三门县这个专项资金管理要遵循哪些原则？", "4")
    assert "包括：「科学规范」「突出重点」「注重绩效」「公开透明」" in text


def test_points_of_a_report_list_the_points() -> None:
    text = _ask("lishui-2020-civil-affairs-meeting", "丽水市民政局这次疫情防控会议提了哪几点要求？", "1")
    assert all(p in text for p in ("强化标准落实", "强化“人、物”同防", "强化责任落实"))


def test_a_list_question_on_an_item_without_sub_items_lists_nothing_else() -> None:
    # 哪些人 asks who is covered, not for the other points: no siblings are listed.
    text = _ask("lishui-2020-civil-affairs-meeting", "丽水市民政局会议要求对哪些人落实人员排查？", "2")
    assert "来丽返丽" in text and "包括" not in text and "强化责任落实" not in text
