"""``python eval/plans/run.py``: ingest every real plan in tests/data/real/ (plus the Linyi plan) and score it.

Per plan: items parsed / expected (an expected item is found when an item with its number exists and
the titles agree, one a prefix of the other), lead/responsible units exact against the sidecar
<id>.yaml, document facts (place, level, year), and the labelled questions eval/plans/<id>.jsonl
asked through PolicyAssistant.ask. Writes eval/plans/report.md. Nothing here edits a label file.

    python eval/plans/run.py [--out eval/plans/report.md] [--no-questions]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

REAL = ROOT / "tests" / "data" / "real"
PLANS = ROOT / "eval" / "plans"
SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")


def _norm(text: str | None) -> str:
    from assistant.corpus.text import normalise, simplified_view

    return simplified_view(normalise(text or "")).replace(" ", "").rstrip("。.;:,")


def _titles_agree(want: str | None, got: str) -> bool:
    a, b = _norm(want), _norm(got)
    if not a:
        return True  # the sidecar has no title for this item (an unnamed group)
    return bool(b) and (a.startswith(b) or b.startswith(a))


def _same_fact(got, want) -> bool:
    """A document fact as labelled: a name compared in its simplified form (a mirror page's 鹹陽 is 咸阳)."""
    if isinstance(got, str) and isinstance(want, str):
        return _norm(got) == _norm(want)
    return got == want


def plan_files(folder: Path = REAL) -> list[Path]:
    """The plans of a folder that have a sidecar of labels beside them."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.with_suffix(".yaml").exists() and p.name != "README.md")


def _rel(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def score_parse(doc, side: dict) -> dict:
    expected = side.get("items") or []
    found = units_exact = 0
    misses: list[str] = []
    for want in expected:
        key = str(want["number"])
        # an int label is the number printed before the item (a plan numbered straight through: "5." under (二)),
        # a string its place in the plan's numbering ("1.2.5")
        got = doc.item_as_printed(key) if isinstance(want["number"], int) else doc.item_by_key(key)
        if got is None or not _titles_agree(want.get("title"), got.title):
            misses.append(f"item {key}: {'missing' if got is None else 'title ' + repr(got.title[:30])}")
            continue
        found += 1
        if _as_read(got.lead_units) == _as_read(want.get("lead_units")) and _as_read(got.responsible_units) == _as_read(
            want.get("responsible_units")
        ):
            units_exact += 1
        else:
            misses.append(f"item {key}: units {list(got.lead_units)}/{list(got.responsible_units)}")
    facts = {k: (getattr(doc, k), side.get(k)) for k in ("place", "level", "year")}
    return {
        "expected": len(expected),
        "found": found,
        "units_exact": units_exact,
        "parsed": len(doc.items),
        "facts": facts,
        "misses": misses,
    }


def _as_read(names) -> list[str]:
    """Labels and answers compared as the parser reads text (assistant.corpus.text.normalise): NFKC, and a mirror
    page's inserted pinyin readings dropped (a sidecar keeps 縣住房和城鄉(xiāng)建設局 as returned; the parser reads
    縣住房和城鄉建設局), and spaces a page printed inside a name dropped (a sidecar keeps 新密's "市 财政局" as
    returned; the parser reads 市财政局). Names are otherwise compared exactly."""
    from assistant.corpus.text import join_cjk_spaces, normalise

    return [join_cjk_spaces(normalise(n)) for n in (names or [])]


def score_question(q: dict, answer, doc) -> tuple[bool, list[str]]:
    why: list[str] = []
    if answer.status != q["status"]:
        why.append(f"status {answer.status} (want {q['status']})")
    keys = []
    for number in answer.items:
        if int(number) == 0:  # the document as a whole (issuer, 文号, date, notice text)
            keys.append("0")
            continue
        it = doc.item(int(number)) if doc is not None and answer.document == doc.doc_id else None
        keys.append(it.key or str(it.number) if it else f"?{number}")
        if it and it.printed and it.key not in map(str, q["items"]) and it.printed in map(str, q["items"]):
            keys[-1] = it.printed  # labelled by the number printed before it
    want = [str(i) for i in q["items"]]
    if want and q["status"] == "answered":
        ok = set(keys) == set(want) if q["category"] == "unit_lookup" else (keys[:1] == want[:1])
        if not ok or answer.document != q["document"]:
            why.append(f"items {keys[:4]} in {answer.document} (want {want} in {q['document']})")
    if q["check_units"] and (
        set(_as_read(answer.lead_units)) != set(_as_read(q["lead_units"]))
        or set(_as_read(answer.responsible_units)) != set(_as_read(q["responsible_units"]))
    ):
        why.append(f"units {list(answer.lead_units)}/{list(answer.responsible_units)}")
    answered = _as_read([answer.answer or ""])[0]
    missing = [f for f in q["facts"] if _as_read([f])[0] not in answered]
    if missing:
        why.append(f"facts missing {missing}")
    if q["eligibility"] is not None:
        got = getattr(answer.eligibility, "verdict", answer.eligibility)
        if got != q["eligibility"]:
            why.append(f"eligibility {got} (want {q['eligibility']})")
    return not why, why


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(PLANS / "report.md"))
    parser.add_argument("--no-questions", action="store_true", help="parse and score items only (no index, no model)")
    parser.add_argument(
        "--plans-dir",
        action="append",
        default=[],
        type=Path,
        help="another folder of plans with sidecars (a fresh set), indexed beside tests/data/real/; repeatable",
    )
    parser.add_argument(
        "--questions-dir",
        type=Path,
        default=PLANS,
        help="where the <plan>.jsonl question files are read from (default eval/plans/)",
    )
    args = parser.parse_args(argv)

    from assistant.corpus.loading import load_corpus
    from assistant.corpus.yamlfile import load_yaml

    work = Path(tempfile.mkdtemp(prefix="plans-eval-"))
    corpus_dir = work / "corpus"
    shutil.copytree(ROOT / "corpus", corpus_dir)
    files = plan_files() + [p for folder in args.plans_dir for p in plan_files(folder)]
    for path in files:
        shutil.copy(path, corpus_dir / "policies" / path.name)
    start = time.perf_counter()
    corpus = load_corpus(corpus_dir)
    load_seconds = time.perf_counter() - start
    by_id = {d.doc_id: d for d in corpus.documents}

    rows = []
    for path in files:
        side = load_yaml(path.with_suffix(".yaml"))
        doc = by_id.get(path.stem)
        rows.append((path, side, doc, score_parse(doc, side) if doc else None))

    answers: dict[str, list[tuple[dict, bool, list[str]]]] = {}
    if not args.no_questions:
        from assistant.answering.assistant import PolicyAssistant
        from assistant.settings import Settings

        settings = Settings(corpus_dir=corpus_dir, index_dir=work / "index")
        assistant = PolicyAssistant.from_settings(settings)
        for path, _side, _doc, _ in rows:
            qfile = args.questions_dir / f"{path.stem}.jsonl"
            if not qfile.exists():
                continue
            for line in qfile.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                q = json.loads(line)
                answer = assistant.ask(q["question"], q.get("history") or [])
                answer_doc = by_id.get(answer.document or "")
                ok, why = score_question(q, answer, answer_doc)
                answers.setdefault(path.stem, []).append((q, ok, why))

    lines = [
        "# Real plans: parse and answer, per plan",
        "",
        f"Run by `python eval/plans/run.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: a temporary corpus of the",
        f"{len(files)} real plans ({', '.join(sorted({_rel(p.parent) for p in files}))}) plus corpus/policies/, loaded in",
        f"{load_seconds:.1f} s; questions from {_rel(args.questions_dir)}. Labels (sidecars, questions) were written before any run.",
        "",
        "| plan | type | items found / expected | units exact | parsed | place | level | year | questions right |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    total = {"expected": 0, "found": 0, "units": 0, "q": 0, "q_ok": 0}
    for path, _side, _doc, s in rows:
        qs = answers.get(path.stem, [])
        q_ok = sum(ok for _, ok, _ in qs)
        total["q"] += len(qs)
        total["q_ok"] += q_ok
        if s is None:
            lines.append(f"| {path.stem} | {path.suffix} | NOT READ | | | | | | {q_ok}/{len(qs)} |")
            continue
        total["expected"] += s["expected"]
        total["found"] += s["found"]
        total["units"] += s["units_exact"]
        facts = " | ".join(("✓ " if _same_fact(got, want) else "✗ ") + str(got) for got, want in s["facts"].values())
        lines.append(
            f"| {path.stem} | {path.suffix} | {s['found']}/{s['expected']} | {s['units_exact']}/{s['expected']} | {s['parsed']} | {facts} | {q_ok}/{len(qs)} |"
        )
    pct = lambda a, b: f"{a / b:.1%}" if b else "n/a"  # noqa: E731
    lines += [
        "",
        f"**Total:** items found {total['found']}/{total['expected']} ({pct(total['found'], total['expected'])}), "
        f"units exact {total['units']}/{total['expected']} ({pct(total['units'], total['expected'])}), "
        f"questions right {total['q_ok']}/{total['q']} ({pct(total['q_ok'], total['q'])}). "
        "Targets: ≥95% items and units exact, ≥90% questions right.",
        "",
        "`parsed` counts every item the parser found, including items the sidecars leave out because the stored",
        "page text cuts them off (they are in the text, so the parser keeps them).",
        "",
        "## Misses",
        "",
    ]
    for path, _side, _doc, s in rows:
        for miss in (s or {}).get("misses", []):
            lines.append(f"- {path.stem}: {miss}")
        for q, ok, why in answers.get(path.stem, []):
            if not ok:
                lines.append(f"- {q['id']} ({q['category']}, {q['lang']}): {q['question']} — {'; '.join(why)}")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[6 : 8 + len(rows) + 3]))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
