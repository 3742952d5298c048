"""Build the .html / .docx / .pdf fixtures in this folder from the real page text in raw/.

raw/<id>.txt holds the page text exactly as the search tool's pages corpus returned it
(2026-11-29).  This script only wraps that text: every line of it ends up in the output in
order; the markup around it (page skeleton, footer, share buttons, copyright line, script,
style, Word/PDF layout) is added here and listed in each plan's sidecar yaml.

Run:  .venv/bin/python tests/data/real/make_fixtures.py
Needs python-docx, reportlab (PDF uses reportlab's built-in STSong-Light CID font) and,
for the self-check, pypdf.
"""

from __future__ import annotations

import html
from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW = HERE / "raw"


def raw(plan_id: str) -> str:
    return (RAW / f"{plan_id}.txt").read_text(encoding="utf-8")


def lines(text: str) -> list[str]:
    return [ln for ln in text.split("\n") if ln.strip()]


# ---------------------------------------------------------------- html

HTML_PAGES = {
    # plan id: (number of leading text lines that are site navigation, page <title>, copyright line added)
    "lingbi-2021-health-tasks": (2, "县卫健委2021年政府工作报告任务分解", "版权所有：灵璧县卫生健康委员会"),
    "lishui-2020-civil-affairs-meeting": (2, "市民政局学习传达市冬春季疫情防控工作会议精神", "版权所有：丽水市民政局"),
}


def build_html(plan_id: str) -> Path:
    nav_n, title, copyright_line = HTML_PAGES[plan_id]
    ls = lines(raw(plan_id))
    nav, body = ls[:nav_n], ls[nav_n:]
    esc = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(title)}</title>",
        "<style>",
        "body{font-family:'Microsoft YaHei',sans-serif;margin:0;background:#f5f5f5}",
        ".article{width:1000px;margin:20px auto;background:#fff;padding:30px;line-height:2}",
        "header,footer{background:#1a5fb4;color:#fff;padding:10px 40px}",
        "</style>",
        "<script>",
        "function setFont(s){document.querySelector('.article').style.fontSize=s+'px';}",
        "</script>",
        "</head>",
        "<body>",
        "<header>",
        "<nav>",
    ]
    out += [f"<p>{esc(ln)}</p>" for ln in nav]
    out += ["</nav>", "</header>", '<div class="article">']
    out += [f"<p>{esc(ln)}</p>" for ln in body]
    out += [
        "</div>",
        "<footer>",
        '<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>',
        f"<p>{esc(copyright_line)}</p>",
        "</footer>",
        "</body>",
        "</html>",
        "",
    ]
    path = HERE / f"{plan_id}.html"
    path.write_text("\n".join(out), encoding="utf-8")
    return path


# HTML pages whose cells the page text lists one per line: (nav lines, lines before the header cells,
# columns, page <title>, copyright line added). A line "一、…" among the cells is a section row spanning the
# table; a trailing " |" (a table border the returned text kept) is dropped from a cell.
HTML_TABLES = {
    "qiaocheng-2025-education-tasks": (2, 17, 4, "谯城区教育局2025年政府工作报告重点工作任务分解表", "版权所有：亳州市谯城区教育局"),
    "nanling-2024-gov-report-tasks": (0, 3, 5, "2024年《政府工作报告》重点工作目标任务分解表", "版权所有：南陵县人民政府办公室"),
}


def build_html_table(plan_id: str) -> Path:
    import re

    nav_n, head_n, cols, title, copyright_line = HTML_TABLES[plan_id]
    ls = [ln.strip() for ln in lines(raw(plan_id))]
    nav, head, cells = ls[:nav_n], ls[nav_n:head_n], ls[head_n:]
    esc = html.escape
    rows: list[str] = []
    header, cells = cells[:cols], cells[cols:]
    rows.append("<tr>" + "".join(f"<th>{esc(c.removesuffix(' |').strip())}</th>" for c in header) + "</tr>")
    row: list[str] = []
    for cell in cells:
        text = cell.removesuffix(" |").strip()
        if not row and re.match(r"^[一二三四五六七八九十]+、", text):
            rows.append(f'<tr><td colspan="{cols}">{esc(text)}</td></tr>')
            continue
        row.append(text)
        if len(row) == cols:
            rows.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>")
            row = []
    if row:  # a row cut by the page text: its remaining cells empty
        rows.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row + [""] * (cols - len(row))) + "</tr>")
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(title)}</title>",
        "<style>",
        "body{font-family:'Microsoft YaHei',sans-serif;margin:0;background:#f5f5f5}",
        ".article{width:1000px;margin:20px auto;background:#fff;padding:30px;line-height:2}",
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px}",
        "</style>",
        "<script>",
        "function setFont(s){document.querySelector('.article').style.fontSize=s+'px';}",
        "</script>",
        "</head>",
        "<body>",
        "<header>",
        "<nav>",
        *[f"<p>{esc(ln)}</p>" for ln in nav],
        "</nav>",
        "</header>",
        '<div class="article">',
        *[f"<p>{esc(ln)}</p>" for ln in head],
        "<table>",
        *rows,
        "</table>",
        "</div>",
        "<footer>",
        '<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>',
        f"<p>{esc(copyright_line)}</p>",
        "</footer>",
        "</body>",
        "</html>",
        "",
    ]
    path = HERE / f"{plan_id}.html"
    path.write_text("\n".join(out), encoding="utf-8")
    return path


# ---------------------------------------------------------------- docx


def build_docx_paragraphs(plan_id: str) -> Path:
    from docx import Document

    doc = Document()
    for ln in lines(raw(plan_id)):
        doc.add_paragraph(ln)
    path = HERE / f"{plan_id}.docx"
    doc.save(path)
    return path


# Guangdong responsibility table.  The page text lists each table cell on its own line:
# the target lines of a row, then its unit names.  Column split below = first unit after
# the target text is 主要责任单位, the rest 责任单位 (inferred; the page text has no column
# markers).  The 领域 column's labels are not in the page text, so that column stays empty.
GD_ID = "guangdong-2014-women-plan-table"
GD_PREAMBLE = 6  # 手机版, 手机版, 首页 > 纲要规划, title, 来源..., title; the 4 header cells follow
GD_ROWS = [
    (
        [
            "1.妇女在整个生命周期享有良好的基本卫生服务。",
            "——女性人均预期寿命延长。",
            "——到2020年,妇女常见病筛查率达到80%以上。宫颈癌和乳腺癌的早诊早治率提高,两癌死亡率降低。",
            "——建立妇女健康档案。到2020年,健康档案建档率达90%,健康档案使用率达80%以上。",
        ],
        ["省卫生厅"],
        ["省发改委", "省财政厅", "省人口计生", "省妇联"],
    ),
    (
        ["2.提高孕产妇医疗保健水平。", "——孕产妇死亡率控制在15/10万以内。逐步缩小城乡、区域差距,流动人口孕产妇死亡率降低。"],
        ["省卫生厅"],
        ["省人口计生", "省公安厅"],
    ),
    (
        [
            "——孕产妇系统管理率达到90%以上,其中城市孕产妇系统管理率达到95%以上,农村孕产妇系统管理率达到87%以上。",
            "——全省孕产妇住院分娩率达到98%以上,农村孕产妇住院分娩率达到96%以上。",
        ],
        ["省卫生厅"],
        ["省发改委", "省财政厅"],
    ),
    (["——孕产妇中重度贫血患病率降低。"], ["省卫生厅"], ["省工商局", "省质监局", "广东出入境检验检疫局"]),
    (["3.妇女享有优质避孕节育计生服务,人工流产率降低。"], ["省计生委"], ["省卫生厅"]),
    (["4.妇女艾滋病、性病感染率得到控制。"], ["省卫生厅"], ["人口计生", "省公安厅", "省妇联"]),
    (
        ["5.妇女心理健康知识和精神疾病预防知识知晓率提高。"],
        ["省卫生厅"],
        ["省委宣传部", "省教育厅", "省新闻出版", "省总工会", "省妇联", "省科协", "省残联"],
    ),
    (
        ["6.妇女经常参加体育锻炼的人数比例提高,城乡妇女体质达到《国民体质测定标准》合格率90%以上。"],
        ["省体育局"],
        ["省教育厅", "省总工会", "省妇联"],
    ),
    (["1.教育工作全面贯彻性别平等原则。"], ["省教育厅"], ["省人社厅", "省妇联"]),
]


def check_gd_rows() -> list[str]:
    """The table cells, read in order, must be exactly the page's text lines."""
    ls = [ln.strip() for ln in lines(raw(GD_ID))]
    ls = [ln for ln in ls if ln]
    head, cells = ls[: GD_PREAMBLE + 4], ls[GD_PREAMBLE + 4 :]
    flat = [c for tgt, lead, resp in GD_ROWS for c in (*tgt, *lead, *resp)]
    assert cells[: len(flat)] == flat, "table rows do not follow the page text"
    assert head[GD_PREAMBLE:] == ["领域", "主要目标", "主要责任单位", "责任单位"]
    return head[:GD_PREAMBLE] + ["||"] + cells[len(flat) :]


def build_docx_table() -> Path:
    from docx import Document

    rest = check_gd_rows()
    pre, tail = rest[: rest.index("||")], rest[rest.index("||") + 1 :]
    doc = Document()
    for ln in pre:
        doc.add_paragraph(ln)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, ["领域", "主要目标", "主要责任单位", "责任单位"], strict=False):
        cell.text = name
    for tgt, lead, resp in GD_ROWS:
        cells = table.add_row().cells
        cells[0].text = ""
        cells[1].text = "\n".join(tgt)
        cells[2].text = "\n".join(lead)
        cells[3].text = "\n".join(resp)
    for ln in tail:  # the truncated "2" that starts the next row on the page
        doc.add_paragraph(ln)
    path = HERE / f"{GD_ID}.docx"
    doc.save(path)
    return path


# ---------------------------------------------------------------- pdf


def build_pdf(plan_id: str) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = HERE / f"{plan_id}.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle(plan_id)
    width, height = A4
    size, left, top, bottom = 11, 56, 56, 56
    max_w = width - 2 * left
    y = height - top
    for ln in lines(raw(plan_id)):
        # wrap by measured width, never changing the characters
        chunk = ""
        pieces = []
        for ch in ln:
            if pdfmetrics.stringWidth(chunk + ch, "STSong-Light", size) > max_w:
                pieces.append(chunk)
                chunk = ""
            chunk += ch
        pieces.append(chunk)
        for piece in pieces:
            if y < bottom:
                c.showPage()
                y = height - top
            c.setFont("STSong-Light", size)
            c.drawString(left, y, piece)
            y -= size * 1.8
    c.save()
    return path


def check_pdf(path: Path, plan_id: str) -> None:
    from pypdf import PdfReader

    text = "".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)

    def squash(s):
        return "".join(s.split())

    got, want = squash(text), squash(raw(plan_id))
    print(f"{path.name}: extracted {len(got)} chars, source {len(want)}, identical={got == want}")


def main() -> None:
    for pid in HTML_PAGES:
        print(build_html(pid))
    for pid in HTML_TABLES:
        print(build_html_table(pid))
    print(build_docx_paragraphs("lishan-2023-key-tasks"))
    print(build_docx_table())
    pdf = build_pdf("caidian-2023-gov-report-tasks")
    print(pdf)
    check_pdf(pdf, "caidian-2023-gov-report-tasks")


if __name__ == "__main__":
    main()
