"""Answerability report: does the assistant answer what the plans cover and decline what they don't?

Asks every question of ``eval/answerability/<set>.jsonl`` (with its history) through
``PolicyAssistant.ask`` on the default corpus and index, and writes ``<set>-report.md`` and
``<set>-report.json`` beside it: a confusion table per language, the same table for the retrieval-only
baselines of the harness (BM25-only, dense-only), and the partial-answer checks.

    PYTHONPATH=$PWD .venv/bin/python eval/answerability/run.py calibration
    PYTHONPATH=$PWD .venv/bin/python eval/answerability/run.py heldout      # frozen: run it once

Confusion cells (one per question):

* ``right``: an in-scope question answered with the right item (``items[0]`` among the expected items;
  for a unit lookup, the same item set) and, when ``check_units``, the right lead and responsible units;
* ``wrong_referral``: an in-scope question answered with the wrong item or unit set, or an out-of-scope
  question answered with an item (the worst outcome: it sends a person to the wrong office);
* ``declined_in_scope``: an in-scope question that cited no item (refused, or asked to rephrase);
* ``declined_rightly``: an out-of-scope question answered ``out_of_scope``;
* ``other``: an out-of-scope question that cited no item but was not declined (a ``clarify``).

Partial-answer check (rows with ``uncovered``): the answer says, in a sentence that also echoes words of
the uncovered ask, that the plan does not cover it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CELLS = ("right", "wrong_referral", "declined_in_scope", "declined_rightly", "other")
LABELS = {
    "right": "right answer",
    "wrong_referral": "wrong item or unit (wrong referral)",
    "declined_in_scope": "declined an in-scope question",
    "declined_rightly": "declined rightly",
    "other": "out of scope, asked to rephrase",
}
# How an answer says the plan leaves something out (the checker's vocabulary, not the engine's).
NOT_COVERED = re.compile(
    r"没有涉及|未涉及|没有写|未写明|没有提到|未提及|没有规定|未规定|没有给出|未给出|不涉及|没有说明|未说明|"
    r"does not (?:cover|say|mention|give|name|state|include)|doesn't (?:cover|say|mention|give|name|state)|gives no|names no|no mention",
    re.IGNORECASE,
)
_EN_STOP = set("the a an and or of for to in on at is are be it its there what which who how where when does do can any".split())


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def in_scope(q: dict[str, Any]) -> bool:
    return q["status"] != "out_of_scope"


def cell(q: dict[str, Any], items: list[int], status: str, lead: list[str] | None, resp: list[str] | None) -> str:
    """The confusion cell of one answer. ``lead``/``resp`` None: a baseline, which names no units. Pure."""
    if not in_scope(q):
        if items and status != "out_of_scope":
            return "wrong_referral"
        return "declined_rightly" if status == "out_of_scope" else "other"
    if not items or status == "out_of_scope":
        return "declined_in_scope"
    expected = q["items"]
    if q.get("category") == "unit_lookup":
        ok = set(items[: len(expected)] if lead is None else items) == set(expected)
    else:
        ok = items[0] in expected
    if ok and q["check_units"] and lead is not None:
        ok = set(lead) == set(q["lead_units"]) and set(resp or ()) == set(q["responsible_units"])
    return "right" if ok else "wrong_referral"


def _tokens(phrase: str) -> set[str]:
    zh = {phrase[i : i + 2] for i in range(len(phrase) - 1) if re.fullmatch(r"[\u4e00-\u9fff]{2}", phrase[i : i + 2])}
    en = {w[:5] for w in re.findall(r"[a-z]{3,}", phrase.lower()) if w not in _EN_STOP}
    return zh | en


def says_uncovered(answer: str, uncovered: list[str]) -> bool:
    """Every uncovered ask is named in a sentence of the answer that says the plan does not cover it."""
    sentences = [s for s in re.split(r"(?<=[。！？.!?\n])", answer) if NOT_COVERED.search(s)]
    lowered = [s.lower() for s in sentences]
    return bool(sentences) and all(any(t in s for s in lowered for t in _tokens(u)) or u.lower() in " ".join(lowered) for u in uncovered)


def table(rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for lang in ("all", "zh", "en"):
        counts = Counter(r["cell"] for r in rows if lang == "all" or r["lang"] == lang)
        out[lang] = {c: counts.get(c, 0) for c in CELLS}
    return out


def summary(rows: list[dict[str, Any]]) -> dict[str, dict[str, float | int | None]]:
    out = {}
    for lang in ("all", "zh", "en"):
        sel = [r for r in rows if lang == "all" or r["lang"] == lang]
        ins = [r for r in sel if r["in_scope"]]
        oos = [r for r in sel if not r["in_scope"]]
        out[lang] = {
            "n": len(sel),
            "in_scope": len(ins),
            "out_of_scope": len(oos),
            "wrong_referral_rate": sum(r["cell"] == "wrong_referral" for r in sel) / len(sel) if sel else None,
            "oos_declined_rate": sum(r["cell"] == "declined_rightly" for r in oos) / len(oos) if oos else None,
            "oos_wrong_referral": sum(r["cell"] == "wrong_referral" for r in oos),
            "in_scope_declined_rate": sum(r["cell"] == "declined_in_scope" for r in ins) / len(ins) if ins else None,
            "in_scope_right_rate": sum(r["cell"] == "right" for r in ins) / len(ins) if ins else None,
        }
    return out


def run(name: str, baselines: bool = True) -> dict[str, Any]:
    from assistant.answering.assistant import PolicyAssistant
    from assistant.settings import Settings

    questions = load(HERE / f"{name}.jsonl")
    assistant = PolicyAssistant.from_settings(Settings.from_env())
    for text in ("你好", "hello", "临沂的政策"):  # load the lazy parts before timing
        assistant.ask(text, [])
    rows = []
    for q in questions:
        start = time.perf_counter()
        answer = assistant.ask(q["question"], list(q.get("history") or []))
        seconds = time.perf_counter() - start
        data = answer.to_dict()
        row = {
            "id": q["id"],
            "lang": q["lang"],
            "class": q.get("class"),
            "in_scope": in_scope(q),
            "question": q["question"],
            "history": q.get("history") or [],
            "expected": {k: q[k] for k in ("status", "items", "lead_units", "responsible_units", "eligibility", "facts")},
            "status": data["status"],
            "items": data["items"],
            "lead_units": data["lead_units"],
            "responsible_units": data["responsible_units"],
            "eligibility": data["eligibility"],
            "coverage": data.get("coverage"),
            "answer": data["answer"],
            "seconds": round(seconds, 4),
        }
        row["cell"] = cell(q, data["items"], data["status"], data["lead_units"], data["responsible_units"])
        row["facts_ok"] = all(f in data["answer"] for f in q["facts"]) if q["facts"] else None
        row["eligibility_ok"] = (data["eligibility"] == q["eligibility"]) if q["eligibility"] is not None else None
        row["status_ok"] = data["status"] == q["status"]
        if q.get("uncovered"):
            row["uncovered"] = q["uncovered"]
            row["says_uncovered"] = says_uncovered(data["answer"], q["uncovered"])
        rows.append(row)

    base_tables: dict[str, Any] = {}
    if baselines:
        try:
            from assistant.evaluation import Baselines
        except ImportError:  # the harness moved out of the package
            sys.path.insert(0, str(ROOT / "eval"))
            from harness import Baselines  # type: ignore[no-redef]
        base = Baselines(assistant)
        labelled = [{**q, "category": q.get("category", "")} for q in questions]
        for bname in ("bm25", "dense"):
            preds, threshold = base.run(bname, labelled)
            brows = [
                {"lang": q["lang"], "in_scope": in_scope(q), "cell": cell(q, list(p.items), p.status, None, None)}
                for q, p in zip(questions, preds, strict=True)
            ]
            base_tables[bname] = {"threshold": threshold, "table": table(brows), "summary": summary(brows)}

    latencies = sorted(r["seconds"] for r in rows)
    result = {
        "set": name,
        "generated": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "n": len(rows),
        "table": table(rows),
        "summary": summary(rows),
        "baselines": base_tables,
        "partial": {
            "n": sum("uncovered" in r for r in rows),
            "said_uncovered": sum(bool(r.get("says_uncovered")) for r in rows),
            "right_item": sum(r["cell"] == "right" for r in rows if "uncovered" in r),
        },
        "secondary": {
            "facts_ok": [sum(r["facts_ok"] is True for r in rows), sum(r["facts_ok"] is not None for r in rows)],
            "eligibility_ok": [sum(r["eligibility_ok"] is True for r in rows), sum(r["eligibility_ok"] is not None for r in rows)],
            "status_ok": [sum(r["status_ok"] for r in rows), len(rows)],
        },
        "latency_ms": {"p50": 1000 * latencies[len(latencies) // 2], "p95": 1000 * latencies[int(len(latencies) * 0.95) - 1]},
        "rows": rows,
    }
    return result


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{100 * v:.1f}%"


def _confusion_table(result: dict) -> list[str]:
    """The per-language confusion table (system or a baseline) as Markdown rows."""
    lines = [
        "| lang | " + " | ".join(LABELS[c] for c in CELLS) + " | wrong referrals | out-of-scope declined | in-scope declined |",
        "|---|" + "---:|" * (len(CELLS) + 3),
    ]
    for lang in ("all", "zh", "en"):
        t, s = result["table"][lang], result["summary"][lang]
        lines.append(
            f"| {lang} | "
            + " | ".join(str(t[c]) for c in CELLS)
            + f" | {_pct(s['wrong_referral_rate'])} | {_pct(s['oos_declined_rate'])} | {_pct(s['in_scope_declined_rate'])} |"
        )
    return lines


def render(result: dict[str, Any]) -> str:
    name = result["set"]
    lines = [
        f"# Answerability report: `{name}.jsonl`",
        "",
        f"Generated by `eval/answerability/run.py {name}` on {result['generated']} over {result['n']} questions "
        "(definitions in the module docstring). Latency per ask p50 / p95: "
        f"{result['latency_ms']['p50']:.0f} / {result['latency_ms']['p95']:.0f} ms.",
        "",
        "## Confusion table (system)",
        "",
        *_confusion_table(result),
        "",
    ]
    for bname, b in result["baselines"].items():
        lines += [
            f"## Baseline: {bname} only (out of scope below {b['threshold']:.4f}, calibrated on these same questions; no units)",
            "",
            *_confusion_table(b),
            "",
        ]
    p, sec = result["partial"], result["secondary"]
    lines += [
        "## Partial answers and other checks",
        "",
        f"- Partial questions (with `uncovered`): {p['n']}; right item {p['right_item']}; the answer says the plan does not cover "
        f"the uncovered ask: {p['said_uncovered']}.",
        f"- Facts present: {sec['facts_ok'][0]}/{sec['facts_ok'][1]}; eligibility verdict right: "
        f"{sec['eligibility_ok'][0]}/{sec['eligibility_ok'][1]}; status right: {sec['status_ok'][0]}/{sec['status_ok'][1]}.",
        "",
        "## Per class",
        "",
        "| class | n | " + " | ".join(CELLS) + " |",
        "|---|---:|" + "---:|" * len(CELLS),
    ]
    by_class: dict[str, Counter[str]] = defaultdict(Counter)
    for r in result["rows"]:
        by_class[str(r["class"])][r["cell"]] += 1
    for cls, counts in by_class.items():
        lines.append(f"| {cls} | {sum(counts.values())} | " + " | ".join(str(counts.get(c, 0)) for c in CELLS) + " |")
    lines += [
        "",
        "## Questions not right (and partial checks failed)",
        "",
        "| id | cell | question | got | answer (start) |",
        "|---|---|---|---|---|",
    ]
    for r in result["rows"]:
        if r["cell"] in ("right", "declined_rightly") and r.get("says_uncovered", True):
            continue
        q = r["question"] + (f" (history: {' / '.join(r['history'])})" if r["history"] else "")
        got = f"{r['status']} {r['items']} lead {r['lead_units']}"
        if "says_uncovered" in r and not r["says_uncovered"]:
            got += f"; did not say uncovered {r['uncovered']}"
        cov = r.get("coverage")
        if cov:
            got += f"; coverage {cov.get('decision')} unmatched {cov.get('unmatched')}"
        lines.append(f"| {r['id']} | {r['cell']} | {_cell(q[:110])} | {_cell(got)} | {_cell(r['answer'][:80])} |")
    lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ⏎ ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sets = sorted(p.stem for p in HERE.glob("*.jsonl"))
    parser.add_argument("set", choices=sets, help="a question file of eval/answerability/ (frozen held-out sets: run once)")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--out", default=None, help="report directory (default eval/answerability/)")
    args = parser.parse_args(argv)
    result = run(args.set, baselines=not args.no_baselines)
    out = Path(args.out) if args.out else HERE
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{args.set}-report.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / f"{args.set}-report.md").write_text(render(result), encoding="utf-8")
    for lang in ("all", "zh", "en"):
        t, s = result["table"][lang], result["summary"][lang]
        print(
            f"{lang:>3} " + " ".join(f"{c}={t[c]}" for c in CELLS) + f" | wrong {_pct(s['wrong_referral_rate'])} "
            f"oos-declined {_pct(s['oos_declined_rate'])} in-declined {_pct(s['in_scope_declined_rate'])}"
        )
    print(f"partial: {result['partial']}; latency {result['latency_ms']}; report {out / (args.set + '-report.md')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
