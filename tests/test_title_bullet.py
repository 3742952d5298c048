"""Title noise (issue 10, metadata): a web page's list bullet before the notice line, a 文号 line above the title.

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


def test_the_doc_number_line_above_the_title_is_no_title():
    """盐池 2017 .docx (eval/plans/fresh/yanchi-2017-gov-work-rules.docx,
    http://fsnymphe.com/html/ycxxxgkptcontent.jspurltypenews.NewsContentUrl&wbtreeid1224&wbnewsid20746.html): '盐政发〔2017〕40号'
    then '盐池县人民政府工作规则' (a 规则 is a document type like 办法 or 规定)."""
    path = PROJECT_ROOT / "eval/plans/fresh/yanchi-2017-gov-work-rules.docx"
    doc = parse_layout(load_document(path), path.stem)
    assert doc.title == "盐池县人民政府工作规则"
    assert doc.doc_number == "盐政发〔2017〕40号"


def test_addressees_are_no_title_and_a_doc_number_is_the_last_resort():
    """许昌 2020 (eval/plans/post-fix/xuchang-2020-gov-report-tasks.txt,
    http://henan.kjzch.com/xuchang/2020-05-28/694791.html): the text starts at the 文号, then the addressees."""
    path = PROJECT_ROOT / "eval/plans/post-fix/xuchang-2020-gov-report-tasks.txt"
    doc = parse_layout(load_document(path), path.stem)
    assert not doc.title.endswith(":")
