"""``policy-assistant``: ingest, ask, chat, serve, eval, status. argv lives here and nowhere else."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.settings import Settings, SettingsError


def _progress_bar(desc: str) -> Any:
    """A tqdm bar created on the first report, so nothing is drawn when no work is done."""
    bars: list[Any] = []

    def update(done: int, total: int) -> None:
        if not bars:
            from tqdm import tqdm

            bars.append(tqdm(total=total, desc=desc, unit="chunk", file=sys.stderr, dynamic_ncols=True))
        bar = bars[0]
        bar.total = total
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return update


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        corpus_dir=Path(args.corpus) if getattr(args, "corpus", None) else None,
        index_dir=Path(args.index) if getattr(args, "index", None) else None,
    )


def _assistant(args: argparse.Namespace) -> Any:
    from assistant.answering.assistant import PolicyAssistant

    return PolicyAssistant.from_settings(_settings(args), progress=_progress_bar("building index"))


def cmd_ingest(args: argparse.Namespace) -> int:
    from assistant.corpus.loading import load_corpus
    from assistant.search.embeddings import backend_name, make_embeddings
    from assistant.search.index import build_index

    settings = _settings(args)
    corpus = load_corpus(settings.corpus_dir)
    for report in corpus.reports:
        print(report.summary())
        for warning in report.warnings:
            print(f"  warning: {warning}")
    for problem in corpus.problems:
        if not any(problem in r.warnings for r in corpus.reports):
            print(f"  check: {problem}")
    manifest = build_index(
        settings,
        corpus,
        make_embeddings(settings.embeddings),
        backend_name(settings.embeddings),
        rebuild=args.rebuild,
        progress=_progress_bar("embedding"),
    )
    print(
        f"index built: {manifest.chunk_count} chunks ({manifest.reused_embeddings} reused), {manifest.item_count} items "
        f"from {len(manifest.documents)} plan(s), backend {manifest.backend}, corpus {manifest.corpus_hash}"
    )
    unread = [r for r in corpus.reports if r.error]
    for report in unread:
        print(f"policy-assistant: {report.path}: could not be read: {report.error}", file=sys.stderr)
    return 2 if unread else 0


def cmd_check(args: argparse.Namespace) -> int:
    """Preview what ingest would index (one file), or validate the whole corpus; never touches the index."""
    import json
    from pathlib import Path

    from assistant.corpus.loading import FileReport, load_corpus, parse_file
    from assistant.corpus.reading import UnreadableFile

    if args.file:
        path = Path(args.file)
        try:
            doc = parse_file(path)
        except UnreadableFile as exc:
            print(f"policy-assistant: {exc}", file=sys.stderr)
            return 2
        units = {u for it in doc.items for u in it.units}
        report = FileReport(str(path), doc.doc_id, len(doc.items), len(units), len(doc.sections), doc.warnings)
        print(report.summary())
        meta = {
            "title": doc.title,
            "place": doc.place,
            "level": doc.level,
            "year": doc.year,
            "issuer": doc.issuer,
            "doc_number": doc.doc_number,
            "issue_date": doc.issue_date,
            "file_type": doc.file_type,
        }
        print(json.dumps(meta, ensure_ascii=False))
        for it in doc.items:
            parent = f" (under {it.parent})" if it.parent else ""
            where = f"{path}:{it.line}" if it.line else f"{path}, table"
            print(f"  {it.key or it.number}{parent} [{where}] {it.title}")
            if it.lead_units:
                print(f"      牵头: {'、'.join(it.lead_units)}")
            if it.responsible_units:
                print(f"      责任: {'、'.join(it.responsible_units)}")
        for section in doc.sections[:20]:
            print(f"  第{section.number}段 [{path}:{section.line}] {section.text[:60]}")
        for warning in doc.warnings:
            print(f"  warning: {warning}")
        return 0
    settings = _settings(args)
    corpus = load_corpus(settings.corpus_dir)
    for report in corpus.reports:
        print(report.summary())
    for problem in corpus.problems:
        print(problem)
    unread = [r for r in corpus.reports if r.error]
    print(f"{len(corpus.documents)} plan(s) readable, {len(unread)} unreadable, {len(corpus.problems)} finding(s)")
    return 2 if unread else 0


def _render(answer: Any, as_json: bool) -> str:
    if as_json:
        return json.dumps(answer.to_dict(), ensure_ascii=False)
    lines = [answer.answer]
    if answer.notice:
        lines.insert(0, f"[{answer.notice}]")
    return "\n".join(lines)


def cmd_ask(args: argparse.Namespace) -> int:
    if args.question is None and not args.batch:
        print("ask needs a QUESTION or --batch FILE", file=sys.stderr)
        return 2
    assistant = _assistant(args)
    if args.batch:
        source = sys.stdin if args.batch == "-" else open(args.batch, encoding="utf-8")
        with source:
            for n, line in enumerate(source, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    if not isinstance(record, dict):
                        raise ValueError("not an object")
                except ValueError as exc:
                    print(json.dumps({"error": f"line {n}: not a JSON object ({exc})", "line": n}, ensure_ascii=False), flush=True)
                    continue
                answer = assistant.ask(record.get("question", ""), record.get("history") or [])
                print(_render(answer, True), flush=True)
        return 0
    print(_render(assistant.ask(args.question, args.history or []), args.json))
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    assistant = _assistant(args)
    try:
        import readline  # noqa: F401  (line editing and history at the prompt)
    except ImportError:
        pass
    history: list[str] = []
    from assistant.sitetext import site_text

    print(site_text(assistant.settings.corpus_dir, assistant.corpus.documents).banner)
    while True:
        try:
            question = input("问> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not question:
            return 0
        if question == "/new":
            history = []
            continue
        answer = assistant.ask(question, history)
        print(_render(answer, False))
        print()
        history.append(question)


def cmd_status(args: argparse.Namespace) -> int:
    from assistant.corpus.loading import load_corpus
    from assistant.search.index import health

    settings = _settings(args)
    status = health(settings, load_corpus(settings.corpus_dir))
    print(json.dumps(status, ensure_ascii=False, indent=2))
    return 0 if status.get("ok") else 1


def cmd_serve(args: argparse.Namespace) -> int:
    from assistant.web.app import serve

    serve(_settings(args), host=args.host, port=args.port)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Runs eval/run.py of the source checkout: the harness is not part of the shipped package."""
    import subprocess

    from assistant.settings import PROJECT_ROOT

    script = PROJECT_ROOT / "eval" / "run.py"
    if not script.is_file():
        print(f"policy-assistant eval needs a source checkout ({script} not found).", file=sys.stderr)
        return 2
    flags = [f for name in ("corpus", "index", "questions", "out") if getattr(args, name, None) for f in (f"--{name}", getattr(args, name))]
    return subprocess.call([sys.executable, str(script), *flags, *(["--no-baselines"] if args.no_baselines else [])])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-assistant", description="Answers questions about policy plans, with the clause it comes from."
    )
    parser.add_argument("--corpus", help="corpus directory (default: ASSISTANT_CORPUS_DIR or ./corpus)")
    parser.add_argument("--index", help="index directory (default: ASSISTANT_INDEX_DIR or ./index)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="parse the corpus and build the index")
    p.add_argument("--rebuild", action="store_true", help="re-embed everything instead of reusing unchanged chunks")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("check", help="preview what ingest would make of FILE, or validate the whole corpus (no index change)")
    p.add_argument("file", nargs="?", help="a plan file (.txt .md .html .docx .pdf); without it, check corpus/")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("ask", help="answer one question (or a JSONL batch)")
    p.add_argument("question", nargs="?")
    p.add_argument("--json", action="store_true", help="print the JSON contract")
    p.add_argument(
        "--batch", metavar="FILE", help='JSONL lines {"question": ..., "history": [...]}; "-" for stdin; writes one JSON line each'
    )
    p.add_argument("--history", action="append", metavar="TURN", help="an earlier question in the conversation (repeatable)")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", help="interactive prompt in the terminal")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("status", help="show the index manifest and whether it matches the corpus")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("serve", help="start the web app and HTTP API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("eval", help="score the labelled questions against baselines and write the report")
    p.add_argument("--questions", default=None, help="JSONL file (default eval/questions.jsonl)")
    p.add_argument("--out", default=None, help="report directory (default eval/)")
    p.add_argument("--no-baselines", action="store_true")
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "json", False) or getattr(args, "batch", None):
        import logging

        logging.disable(logging.WARNING)
    from assistant.corpus.loading import CorpusError
    from assistant.search.index import IndexError_

    try:
        return int(args.func(args))
    except (SettingsError, CorpusError, IndexError_) as exc:
        print(f"policy-assistant: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
