"""A web page's list bullet before the notice line is no part of the document's title (issue 10, metadata).

Real page: eval/plans/set6/xinmi-2021-gov-report-tasks.html (http://henan.kjzch.com/zhengzhou/2021-03-30/775911.html)
prints its metadata and title as a bulleted list ("• 索引号:…", "• <issuer>关于…的通知").
"""

from __future__ import annotations

from assistant.corpus.layouts import parse_layout
from assistant.corpus.metadata import derive_facts
from assistant.corpus.reading import load_document
from assistant.settings import PROJECT_ROOT


def test_the_bulleted_notice_title_has_no_bullet():
    path = PROJECT_ROOT / "eval/plans/set6/xinmi-2021-gov-report-tasks.html"
    doc = parse_layout(load_document(path), path.stem)
    assert doc.title.startswith("新密市人民政府办公室关于") and doc.title.endswith("的通知")


def test_a_middle_dot_bullet_is_dropped_too():
    text = "• 索引号:001\n·关于做好2021年民生实事工作的通知\n各乡镇：\n一、总体要求\n"
    facts = derive_facts(text, text, text.index("一、"))
    assert facts.title == "关于做好2021年民生实事工作的通知"
