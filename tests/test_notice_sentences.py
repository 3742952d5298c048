"""The sentence of a notice that holds what a document question asks: a telephone (找谁联系, 电话多少), how often
to report (多久报一次, how often), when something is done in a year (年中、年末), what the document is based on
(根据哪些文件: a sentence citing another document's number). Both directions: a sentence without such a fact is not
quoted for it, and a question that asks none of these kinds quotes nothing.

Real sentences (sources):
- panjin-2021-gov-report-task-notice (盘政办发〔2021〕1号): http://xyexam.com/html/2509/2021-05-25/content-93597.html
- xuchang-2020-gov-report-tasks (许政〔2020〕20号): http://henan.kjzch.com/xuchang/2020-05-28/694791.html
- huzhou-2020-gov-report-tasks: https://www.huzhou.gov.cn/art/2020/5/28/art_1229596870_59047718.html
- jining-employment-opinion (tests/data/real): http://wenshang.gov.cn/art/2017/12/12/art_101404_808424.html
(JINING's second sentence is xuchang's: a sentence with no cited document number)
"""

from __future__ import annotations

from assistant.answering.figures import answer_sentences

PANJIN = [
    "各牽頭單位要于每月28日前將各項工作任務進展情況報送市政府督考辦。",
    "聯系人:樸勇智,聯系電話:2805093,電子郵箱:pjzfdcs@163.com。",
]
XUCHANG = [
    "各责任单位要尽快制定具体落实方案,明确时间节点、责任领导、主要措施,并于每季度末向市政府报告重点工作进展情况,年底前向市政府报告全年落实情况。",
    "市委市政府督查局要把《政府工作报告》确定的重点工作作为今年政务督查的重中之重,紧盯不放、一督到底。",
]
HUZHOU = [
    "认真落实关于营造更好发展环境、推动民营企业改革发展的各项政策措施。",
    "市政府将于年中、年末对政府工作报告重点工作、十方面民生实事进展情况进行专项督查。",
]
JINING = [
    "为贯彻落实国务院《关于进一步做好新形势下就业创业工作的意见》(国发〔2015〕23号)和省政府《关于进一步做好新形势下就业创业工作的意见》"
    "(鲁政发〔2015〕21号)等文件精神,进一步做好我市新形势下就业创业工作,现提出以下意见:",
    "市委市政府督查局要把《政府工作报告》确定的重点工作作为今年政务督查的重中之重,紧盯不放、一督到底。",
]


def test_a_phone_question_quotes_the_contact_sentence():
    assert answer_sentences(PANJIN, "这个方案有事找谁联系，电话多少？") == [PANJIN[1]]
    assert answer_sentences(PANJIN, "Whom should I contact about this plan, and what is the phone number?") == [PANJIN[1]]
    assert answer_sentences(XUCHANG, "这个方案有事找谁联系，电话多少？") == []  # no number there


def test_a_how_often_question_quotes_the_period():
    assert answer_sentences(XUCHANG, "各部门多久向市政府报告一次进展？") == [XUCHANG[0]]
    assert answer_sentences(XUCHANG, "How often do departments report progress to the city government?") == [XUCHANG[0]]
    assert answer_sentences(JINING, "多久报告一次进展？") == []


def test_mid_year_and_year_end_answer_when():
    assert answer_sentences(HUZHOU, "市政府什么时候搞专项督查？") == [HUZHOU[1]]
    assert answer_sentences(["青少年中心要对外开放。"], "什么时候开放？") == []


def test_a_basis_question_quotes_the_cited_document():
    assert answer_sentences(JINING, "这个意见是根据哪些文件制定的？") == [JINING[0]]
    assert answer_sentences(JINING, "What document is this opinion based on?") == [JINING[0]]
    assert answer_sentences(HUZHOU, "这个意见是根据哪些文件制定的？") == []


def test_other_questions_quote_nothing_new():
    assert answer_sentences(PANJIN + XUCHANG, "这个方案是哪个部门牵头的？") == []
