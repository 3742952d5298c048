"""Ingest time of a ~20-page PDF plan: `policy-assistant ingest` in a new process (read + parse + embed + index).

    python eval/pdf_ingest.py                 # builds the PDF in a temp dir, times ingest, prints JSON
    python eval/pdf_ingest.py --keep DIR      # keeps the corpus, the PDF and the index in DIR

The text is a real published plan, tests/data/real/guangzhou-2012-talent-gathering.txt: 《关于推进人才集聚工程的
实施意见》 (中共广州市委、广州市人民政府, 2012; the "633" talent project, 45 numbered items with
牵头单位/配合单位 clauses), as reproduced in the gdphd.com (广东博士俱乐部) site's database dump, a public
GitHub file found through the search tool's code index. No PDF of it was available here, so the PDF is
laid out from that text with reportlab in the format of a printed government document (GB/T 9704: A4,
16 pt, 28 characters by 22 lines a page, two-character paragraph indent), which makes it 20 pages or so.
pypdf reads the same characters back (checked below). Nothing is changed in the text.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT = ROOT / "tests" / "data" / "real" / "guangzhou-2012-talent-gathering.txt"
FONT = "STSong-Light"  # reportlab's built-in CJK CID font: nothing to download


def build_pdf(text: str, path: Path) -> int:
    """Lay the text out as a printed document; returns the page count."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    size, per_line, lines_per_page = 16, 28, 22
    width, height = A4
    left, top = 28 * mm, height - 37 * mm
    leading = 225 * mm / lines_per_page
    c = canvas.Canvas(str(path), pagesize=A4)
    pages, y = 1, top

    def newline() -> None:
        nonlocal y, pages
        y -= leading
        if y < top - lines_per_page * leading + 1:
            c.drawCentredString(width / 2, 15 * mm, f"— {pages} —")
            c.showPage()
            pages += 1
            y = top

    for paragraph in text.splitlines():
        if not paragraph.strip():
            continue
        title = paragraph == text.splitlines()[0]
        body = paragraph if title else "\u3000\u3000" + paragraph  # a full-width two-character indent
        while body:
            piece, body = body[:per_line], body[per_line:]
            c.setFont(FONT, 22 if title else size)
            (c.drawCentredString(width / 2, y, piece) if title else c.drawString(left, y, piece))
            newline()
        if title:
            newline()
    c.drawCentredString(width / 2, 15 * mm, f"— {pages} —")
    c.save()
    return pages


def check_pdf(path: Path, text: str) -> None:
    from pypdf import PdfReader

    def squash(s: str) -> str:
        return re.sub(r"\s|—|\d+ —", "", s)

    got = "".join(p.extract_text() for p in PdfReader(str(path)).pages)
    assert squash(text) in squash(re.sub(r"— \d+ —", "", got)), "pypdf does not read the laid-out text back"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="keep corpus, PDF and index here")
    parser.add_argument("--runs", type=int, default=1, help="ingest runs, each into a fresh index")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="pdf-ingest-"))
    try:
        corpus = work / "corpus"
        (corpus / "policies").mkdir(parents=True, exist_ok=True)
        pdf = corpus / "policies" / "guangzhou-2012-talent-gathering.pdf"
        text = TEXT.read_text(encoding="utf-8")
        pages = build_pdf(text, pdf)
        check_pdf(pdf, text)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "CHROMA_"))}
        env.update(ASSISTANT_CORPUS_DIR=str(corpus), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
        runs = []
        for n in range(args.runs):
            index = work / f"index-{n}"
            shutil.rmtree(index, ignore_errors=True)
            env["ASSISTANT_INDEX_DIR"] = str(index)
            load = os.getloadavg()[0]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-m", "assistant.cli", "ingest"], env=env, cwd=ROOT, capture_output=True, text=True, check=True
            )
            wall = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            built = re.search(r"index built: (\d+) chunks", out.stdout + out.stderr)
            summary = next((line for line in (out.stdout + out.stderr).splitlines() if pdf.name in line), "")
            runs.append(
                {
                    "wall_s": round(wall, 2),
                    "cpu_s": round(cpu, 2),  # user + system of the ingest process, all threads: what other load cannot inflate
                    "load_average_1min": round(load, 1),
                    "chunks": int(built.group(1)) if built else None,
                    "summary": summary.strip(),
                }
            )
        print(
            json.dumps(
                {"pdf": str(pdf), "pages": pages, "bytes": pdf.stat().st_size, "characters": len(text), "runs": runs},
                ensure_ascii=False,
                indent=1,
            )
        )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
