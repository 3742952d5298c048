"""``python eval/run.py``: score the assistant on labelled questions and write the report.

    python eval/run.py [--questions F] [--out DIR] [--no-baselines] [--corpus DIR] [--index DIR]
    python eval/run.py check [FILE ...]     # validate question files (schema, labels, near-duplicates)

``policy-assistant eval`` runs this script. Exit code 1 when a gated metric is below
eval/thresholds.json (or a checked file has problems), else 0.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # this checkout's package, after eval/ itself

from harness import EVAL_DIR, SYSTEM, check_question_files, evaluate, gate_failures, load_questions, load_thresholds
from report import plot, render_markdown, summary_lines


def run(questions: str | Path | None, out: str | Path | None, baselines: bool, corpus: str | None, index: str | None) -> int:
    from assistant.answering.assistant import PolicyAssistant
    from assistant.settings import Settings

    settings = Settings.from_env(corpus_dir=Path(corpus) if corpus else None, index_dir=Path(index) if index else None)
    rows = load_questions(questions)
    assistant = PolicyAssistant.from_settings(settings)
    result = evaluate(assistant, rows, baselines=baselines)
    try:
        thresholds = load_thresholds()
    except (OSError, KeyError, ValueError):
        thresholds = {}
    gate = gate_failures(result.metrics(SYSTEM), thresholds)
    out_dir = Path(out) if out else EVAL_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.md").write_text(render_markdown(result, gate, thresholds), encoding="utf-8")
    plot(result, out_dir / "report.png")
    for line in summary_lines(result):
        print(line)
    print(f"report: {out_dir / 'report.md'}, {out_dir / 'report.png'}; {len(result.failures())} failing questions")
    for line in gate:
        print(f"GATE FAIL: {line}", file=sys.stderr)
    return 1 if gate else 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["check"]:
        problems = check_question_files(argv[1:])
        for line in problems:
            print(line, file=sys.stderr)
        print(f"{len(problems)} problems" if problems else "question files ok")
        return 1 if problems else 0
    parser = argparse.ArgumentParser(prog="eval/run.py", description="Score the assistant on labelled questions.")
    parser.add_argument("--questions", default=None, help="JSONL file (default eval/questions.jsonl)")
    parser.add_argument("--out", default=None, help="report directory (default eval/)")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--corpus", default=None)
    parser.add_argument("--index", default=None)
    args = parser.parse_args(argv)
    return run(args.questions, args.out, not args.no_baselines, args.corpus, args.index)


if __name__ == "__main__":
    sys.exit(main())
