"""Figure answers: the sentence whose figure answers the asked quantity, and figures in English.

Sentences are the real plan's, 《临沂市2022年为妇女儿童办好“十件实事”实施方案》 (临政办字〔2022〕78号,
http://www.linyi.gov.cn/, bundled as corpus/policies/linyi-2022-women-children-ten-things.txt).
"""

from __future__ import annotations

import pytest

from assistant.answering.figures import asked_units, english_figure, english_figures_line, figure_sentences
from assistant.corpus.parsing import extract_figures

SCREENED = "对全市40万名35-64岁的农村妇女和城镇部分妇女进行宫颈癌、乳腺癌免费筛查。"
HELPED = "争取各级救助资金,救助低收入“两癌”妇女500人。"
BARS = "年内在景区景点建造10个左右示范性旅游书吧;"
LIBRARIES = "培育100个示范农家书屋;"
CABINS = "建设希望小屋1000处。"
CABIN_AGES = "针对无独立居住和学习环境的8至14岁困境儿童,通过装修原有房屋,为孩子建造一间“希望小屋”。"
SCREENING = extract_figures(SCREENED + HELPED)
READING = extract_figures(BARS + LIBRARIES)
CABIN = extract_figures(CABIN_AGES + CABINS)


@pytest.mark.parametrize(
    ("figures", "question", "expected"),
    [
        (SCREENING, "救助多少人", [HELPED]),
        (SCREENING, "筛查多少人", [SCREENED]),
        (SCREENING, "今年两癌筛查全市一共要给多少名妇女查？", [SCREENED]),
        (SCREENING, "低收入的两癌妇女，今年打算救助多少个人？", [HELPED]),
        (SCREENING, "两癌筛查的人数和救助的人数各是多少", [SCREENED, HELPED]),
        (SCREENING, "How many women will be screened?", [SCREENED]),
        (SCREENING, "and how many low income patients will get help?", [HELPED]),
        (READING, "景区景点里要建多少个示范性旅游书吧？", [BARS]),
        (READING, "示范农家书屋今年计划培育几个？", [LIBRARIES]),
        (READING, "How many model farmhouse libraries will be cultivated?", [LIBRARIES]),
        (CABIN, "How many hope cabins will be built?", [CABINS]),
        (CABIN, "希望小屋一共建多少处？", [CABINS]),
        (CABIN, "多少岁的孩子可以申请？", [CABIN_AGES]),
        # The measure asked (岁) outweighs words shared with another figure's clause (希望小屋).
        (CABIN, "希望小屋面向几岁的孩子？", [CABIN_AGES]),
        (SCREENING, "两癌筛查要多大年龄？", [SCREENED]),
    ],
)
def test_the_sentence_whose_figure_answers(figures, question: str, expected: list[str]) -> None:
    assert figure_sentences(figures, question) == expected


def test_nothing_stands_out_gives_no_choice() -> None:
    # Both figures count children helped with rehabilitation: nothing tells them apart.
    figures = extract_figures("康复救助残疾儿童2200人。依托各类定点康复机构,集中康复救助残疾儿童2200名。")
    assert figure_sentences(figures, "康复救助今年一共有多少个名额？") == []
    assert figure_sentences((), "救助多少人") == []


def test_the_measure_word_decides_when_no_words_tell() -> None:
    assert figure_sentences(CABIN, "有多少处？") == [CABINS]
    assert figure_sentences(SCREENING + extract_figures("90%的城市社区建立家长学校。"), "比例是多少") == ["90%的城市社区建立家长学校。"]


@pytest.mark.parametrize(
    ("question", "units"),
    [("多少人", {"人", "名"}), ("几个", {"个"}), ("百分之几", {"%"}), ("What percentage of communities?", {"%"}), ("随便问问", set())],
)
def test_asked_units(question: str, units: set[str]) -> None:
    assert units <= asked_units(question) and (units or not asked_units(question))


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("对全市40万名妇女", "400,000 people"),
        ("救助残疾儿童2200名", "2,200 people"),
        ("90%的城市社区", "90%"),
        ("建造10个左右示范性旅游书吧", "about 10"),
        ("建设希望小屋1000处", "1,000 sites"),
        ("35-64岁的农村妇女", "35-64 years old"),
        ("补助1.5万元", "15,000 yuan"),
    ],
)
def test_english_figure(text: str, english: str) -> None:
    (figure,) = extract_figures(text)
    assert english_figure(figure) == english


def test_english_figures_line_keeps_the_chinese() -> None:
    line = english_figures_line(SCREENING, [SCREENED])
    assert line == "Figures: 400,000 people (「40万名」); 35-64 years old (「35-64岁」)"
    assert english_figures_line(SCREENING, []) == ""


def test_answers_quote_the_figure_asked(fake_assistant) -> None:
    helped = fake_assistant.ask("两癌妇女救助多少人？")
    assert "500人" in helped.answer and "40万名" not in helped.answer
    screened = fake_assistant.ask("How many women get the free two-cancer screening?")
    if screened.status == "answered" and screened.items and screened.items[0] == 1:
        assert "40万名" in screened.answer and "400,000" in screened.answer


# A traditional-character plan with a mirror's pinyin readings, as published
# (http://www.jumpstarthappiness.com/policy/71258.html, 上海市2019年市政府实事项目).
SHANGHAI_BEDS = "一、新增7000張養老床位;改造1000張認知癥老人照料床位;改造80家郊區農村薄弱養老機構;"
SHANGHAI_CLASSES = "二、開(kāi)設550個(gè)小學(xué)生“愛(ài)心暑托班”;新增50個(gè)托育點(diǎn);"


def test_figures_in_traditional_text_count_in_simplified_measure_words_and_quote_as_written():
    beds = extract_figures(SHANGHAI_BEDS)
    assert [(f.value, f.unit, f.text) for f in beds[:2]] == [(7000.0, "张", "7000張"), (1000.0, "张", "1000張")]
    classes = extract_figures(SHANGHAI_CLASSES)
    assert [(f.value, f.unit, f.text) for f in classes] == [(550.0, "个", "550個"), (50.0, "个", "50個")]


def test_figures_count_in_the_measure_words_of_the_data_file():
    # 杞县 2022 民生实事 (http://jlbada.com/2022/05-05/2707188.html) states flats and kilometres.
    got = {(f.value, f.unit) for f in extract_figures("新建农村教师周转房120套;建设“最美农村路”13公里。")}
    assert got == {(120.0, "套"), (13.0, "公里")}
