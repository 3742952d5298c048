"""A plan cut off after its first section keeps that section as item 1 (issue 10, parsing class): the only
numbered heading, "一、<heading>" on its own line with a paragraph under it, is an item even though no second
number or unit clause confirms the numbering; the item holds the paragraph under the heading, not only the
heading line. A lone "一、" inside a sentence, or a heading with nothing under it, stays no item.

Real plan: eval/plans/set8/jiangxian-2023-specialty-towns.txt (a mirror page in traditional characters with
pinyin readings printed after some characters, cut inside its first section; source address in its sidecar).
"""

from __future__ import annotations

from pathlib import Path

from assistant.corpus.layouts import parse_layout
from assistant.corpus.reading import LoadedText, load_document

PLAN = Path(__file__).resolve().parents[1] / "eval" / "plans" / "set8" / "jiangxian-2023-specialty-towns.txt"


def _parse(text: str):
    return parse_layout(LoadedText(text=text, path="<test>", kind="txt"), "made-up")


def test_the_only_heading_of_a_cut_off_plan_is_item_1_with_its_paragraph():
    doc = parse_layout(load_document(PLAN), PLAN.stem)
    assert [it.key or str(it.number) for it in doc.items] == ["1"]
    item = doc.items[0]
    assert item.title == "指導思想"  # quoted as written, traditional
    assert "市場主體倍增" in item.text
    assert doc.doc_number == "絳政辦發〔2023〕14號" and doc.issue_date == "2023年9月1日"


def test_a_made_up_lone_heading_is_an_item_and_its_paragraph_is_its_text():
    text = (
        "某县某某工作实施方案\n为做好某某工作,制定本方案。\n一、工作目标\n到年底前完成全县道路的日常养护和巡查工作,确保道路通行顺畅安全。\n"
    )
    doc = _parse(text)
    assert len(doc.items) == 1 and doc.items[0].title == "工作目标"
    assert "日常养护" in doc.items[0].text


def test_a_lone_number_inside_a_sentence_or_a_heading_with_nothing_under_it_is_no_item():
    in_sentence = "某县某某工作实施方案\n为做好某某工作,一、要加强领导,确保工作落到实处,按时完成全年各项目标任务。\n"
    assert not _parse(in_sentence).items
    long_line = "某县某某工作实施方案\n一、到年底前完成全县道路的日常养护和巡查工作,确保道路通行顺畅安全。\n"
    assert not _parse(long_line).items
    nothing_under = "某县某某工作实施方案\n为做好某某工作,制定本方案。\n一、工作目标\n"
    assert not _parse(nothing_under).items
