"""Evaluation harness: score the assistant on labelled questions beside retrieval-only baselines.

Lives outside the shipped package: ``eval/run.py`` (and ``policy-assistant eval``, which runs it) is
the command; ``eval/report.py`` renders what this module computes. Layout:

* loading: ``load_questions`` (validates the schema of eval/README.md) and ``check_question_files``;
* pure scoring: ``rank_scores``, ``score_row``, ``aggregate``, ``breakdown``, ``calibrate_threshold``,
  ``gate_failures`` -- no I/O, no engine (tested by eval/test_harness.py);
* running: ``run_system`` (``PolicyAssistant.ask`` with history, timed) and ``Baselines`` (BM25-only,
  dense-only and a LangChain-style RRF ensemble over the same index).

Metric definitions (see also eval/README.md, "Harness"):

* item hit@1 / hit@3 / MRR over rows with expected status ``answered`` and non-empty ``items``; a hit
  at k means any expected item is among the first k predicted. For ``unit_lookup`` rows hit@1 means
  the predicted item set equals the expected set (``set_exact``; for a baseline ranking: its first
  ``len(expected)`` items);
* unit exactness over ``check_units`` rows: lead and responsible unit sets both equal;
* facts: every fact a substring of the answer text (all-present rate and per-fact rate);
* eligibility accuracy over rows with a non-null verdict, plus ``eligibility``-category rows labelled
  ``clarify`` (correct when the status is ``clarify``);
* out-of-scope and clarify precision / recall of the predicted status;
* follow-up accuracy: item hit@1 over rows with a non-empty history;
* status accuracy; latency p50 / p95 per ``ask`` (warm: the model is loaded and a few questions
  outside the set were asked first).
"""

from __future__ import annotations

import json
import math
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

EVAL_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = EVAL_DIR.parent
DEFAULT_QUESTIONS = EVAL_DIR / "questions.jsonl"
HELDOUT_QUESTIONS = EVAL_DIR / "heldout.jsonl"
THRESHOLDS_FILE = EVAL_DIR / "thresholds.json"

REQUIRED_FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "question": str,
    "history": list,
    "lang": str,
    "category": str,
    "items": list,
    "lead_units": list,
    "responsible_units": list,
    "check_units": bool,
    "facts": list,
    "eligibility": (str, type(None)),
    "status": str,
}
LANGS = ("zh", "en")
CATEGORIES = ("department", "figure", "content", "document", "unit_lookup", "eligibility", "followup", "out_of_scope", "bad_input")
STATUSES = ("answered", "out_of_scope", "clarify")
VERDICTS = ("eligible", "not_eligible", "uncertain")

SYSTEM = "system"
BASELINES = ("bm25", "dense", "ensemble")
LABELS = {SYSTEM: "System", "bm25": "BM25 only", "dense": "Dense only", "ensemble": "BM25+dense RRF"}
# The metrics the regression gate reads (keys of ``aggregate``).
GATED = ("item_hit1", "unit_exact", "oos_recall")


class QuestionFileError(ValueError):
    pass


# ---------------------------------------------------------------- loading


def validate_question(row: Any, where: str = "") -> dict[str, Any]:
    """Check one labelled row against the schema; returns it unchanged or raises QuestionFileError."""
    if not isinstance(row, dict):
        raise QuestionFileError(f"{where}: not a JSON object")
    for name, kind in REQUIRED_FIELDS.items():
        if name not in row:
            raise QuestionFileError(f"{where}: missing field {name!r}")
        if not isinstance(row[name], kind):
            raise QuestionFileError(f"{where}: field {name!r} has type {type(row[name]).__name__}")
    if row["lang"] not in LANGS:
        raise QuestionFileError(f"{where}: lang {row['lang']!r}")
    if row["category"] not in CATEGORIES:
        raise QuestionFileError(f"{where}: category {row['category']!r}")
    if row["status"] not in STATUSES:
        raise QuestionFileError(f"{where}: status {row['status']!r}")
    if row["eligibility"] is not None and row["eligibility"] not in VERDICTS:
        raise QuestionFileError(f"{where}: eligibility {row['eligibility']!r}")
    if not all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i <= 10 for i in row["items"]):
        raise QuestionFileError(f"{where}: items must be integers 0-10")
    for name in ("history", "lead_units", "responsible_units", "facts"):
        if not all(isinstance(v, str) for v in row[name]):
            raise QuestionFileError(f"{where}: {name} must be a list of strings")
    return row


def load_questions(path: str | Path | None = None) -> list[dict[str, Any]]:
    path = Path(path) if path else DEFAULT_QUESTIONS
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise QuestionFileError(f"{path}:{n}: not JSON ({exc})") from exc
            validate_question(row, f"{path}:{n}")
            if row["id"] in seen:
                raise QuestionFileError(f"{path}:{n}: duplicate id {row['id']!r}")
            seen.add(row["id"])
            rows.append(row)
    return rows


NEAR_DUPLICATE_RATIO = 0.8


def normalise(text: str) -> str:
    """NFKC, lower case, every character that is not a letter or digit removed."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())


def near_duplicate(a: str, b: str) -> float:
    """``difflib.SequenceMatcher`` ratio of the normalised texts (eval/README.md: >= 0.8 is a near-duplicate)."""
    a, b = normalise(a), normalise(b)
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


def faq_questions(corpus_dir: Path = PROJECT_ROOT / "corpus") -> list[tuple[str, str]]:
    import yaml

    data = yaml.safe_load((corpus_dir / "faq.yaml").read_text(encoding="utf-8")) or {}
    return [(f"faq {e['id']}", e["question"]) for e in data.get("faq", [])]


def check_question_file(
    path: str | Path,
    against: Sequence[tuple[str, str]] = (),
    min_rows: int = 0,
    min_per_lang: dict[str, int] | None = None,
    all_categories: bool = False,
    items: Iterable[int] = range(1, 11),
    id_pattern: str = r"{lang}-[a-z]+-\d{{3}}",
) -> list[str]:
    """Every problem of one labelled file, as ``file:line: what`` lines (empty when it is valid):
    it parses line by line, follows the schema, ids are unique and well-formed, labels are consistent,
    every item is covered, and no question is a near-duplicate of one in ``against`` (label, question)."""
    path = Path(path)
    problems: list[str] = []
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{path}:{n}"
        if not line.strip():
            problems.append(f"{where}: blank line")
            continue
        try:
            row = validate_question(json.loads(line), where)
        except ValueError as exc:  # QuestionFileError and json's errors
            problems.append(str(exc) if isinstance(exc, QuestionFileError) else f"{where}: not JSON ({exc})")
            continue
        rid = row["id"]
        if rid in seen:
            problems.append(f"{where}: duplicate id {rid!r}")
        seen.add(rid)
        if not re.fullmatch(id_pattern.format(lang=row["lang"]), rid):
            problems.append(f"{where}: id {rid!r} does not match {id_pattern!r}")
        if row["status"] == "out_of_scope" and row["items"]:
            problems.append(f"{where}: an out_of_scope row lists items")
        if row["check_units"] and not (row["items"] and row["responsible_units"]):
            problems.append(f"{where}: check_units without items and responsible_units")
        if not row["check_units"] and (row["lead_units"] or row["responsible_units"]):
            problems.append(f"{where}: units given but check_units is false")
        if row["category"] == "followup" and not row["history"]:
            problems.append(f"{where}: a followup without history")
        if row["eligibility"] is not None and row["status"] != "answered":
            problems.append(f"{where}: a verdict on a row whose status is not answered")
        for label, other in against:
            if (ratio := near_duplicate(row["question"], other)) >= NEAR_DUPLICATE_RATIO:
                problems.append(f"{where}: near-duplicate ({ratio:.2f}) of {label}: {other!r}")
        rows.append(row)
    if len(rows) < min_rows:
        problems.append(f"{path}: {len(rows)} rows, at least {min_rows} wanted")
    langs = defaultdict(int)
    for row in rows:
        langs[row["lang"]] += 1
    for lang, least in (min_per_lang or {}).items():
        if langs[lang] < least:
            problems.append(f"{path}: {langs[lang]} {lang} rows, at least {least} wanted")
    missing = sorted(set(items) - {i for r in rows for i in r["items"]})
    if missing:
        problems.append(f"{path}: no question about items {missing}")
    if all_categories and (absent := [c for c in CATEGORIES if c not in {r["category"] for r in rows}]):
        problems.append(f"{path}: no question of categories {absent}")
    return problems


def check_question_files(files: Sequence[str | Path] = ()) -> list[str]:
    """The checks of ``eval/run.py check``: with no files, the tuned set (size, language mix, every
    category, apart from the FAQ) and the held-out set (apart from the FAQ and the tuned set)."""
    faq = faq_questions()
    if files:
        return [p for f in files for p in check_question_file(f, faq)]
    tuned = load_questions(DEFAULT_QUESTIONS)
    problems = check_question_file(DEFAULT_QUESTIONS, faq, min_rows=150, min_per_lang={"zh": 100, "en": 40}, all_categories=True)
    tuned_questions = [(f"tuned {r['id']}", r["question"]) for r in tuned]
    problems += check_question_file(HELDOUT_QUESTIONS, faq + tuned_questions, min_rows=60, id_pattern=r"ho-{lang}-\d{{3}}")
    return problems


def load_thresholds(path: str | Path | None = None) -> dict[str, float]:
    data = json.loads(Path(path or THRESHOLDS_FILE).read_text(encoding="utf-8"))
    return {k: float(v) for k, v in data["thresholds"].items()}


# ---------------------------------------------------------------- pure scoring


@dataclass(frozen=True)
class Prediction:
    """What one system said for one question. Baselines fill only ``items`` and ``status``."""

    id: str
    items: tuple[int, ...]
    status: str
    answer: str = ""
    lead_units: tuple[str, ...] = ()
    responsible_units: tuple[str, ...] = ()
    eligibility: str | None = None
    latency: float | None = None
    ranking_only: bool = False  # a baseline: items are a full ranking, nothing else is predicted
    confidence: float | None = None


@dataclass(frozen=True)
class RowScore:
    id: str
    lang: str
    category: str
    followup: bool
    checks: dict[str, float | bool]  # only the checks that apply to this row
    expected_status: str
    predicted_status: str
    latency: float | None = None
    failed: tuple[str, ...] = ()
    detail: dict[str, str] = field(default_factory=dict)


def rank_scores(
    expected: Sequence[int], predicted: Sequence[int], as_set: bool = False, ranking_only: bool = False
) -> tuple[bool, bool, float]:
    """(hit@1, hit@3, reciprocal rank). ``as_set``: hit@1 is set equality (unit_lookup)."""
    exp = set(expected)
    rank = next((n for n, item in enumerate(predicted, start=1) if item in exp), None)
    hit1 = rank == 1
    if as_set:
        hit1 = set_exact(expected, predicted, ranking_only)
    return hit1, rank is not None and rank <= 3, 1.0 / rank if rank else 0.0


def set_exact(expected: Sequence[int], predicted: Sequence[int], ranking_only: bool = False) -> bool:
    """The predicted item set equals the expected one; for a ranking, its first len(expected) items."""
    got = list(predicted)[: len(expected)] if ranking_only else list(predicted)
    return set(got) == set(expected) and len(set(got)) == len(got)


def score_row(q: dict[str, Any], p: Prediction) -> RowScore:
    """Every check that applies to one labelled row, and which of them failed. Pure."""
    checks: dict[str, float | bool] = {}
    detail: dict[str, str] = {}
    failed: list[str] = []
    unit_lookup = q["category"] == "unit_lookup"
    if q["items"] and q["status"] == "answered":
        hit1, hit3, rr = rank_scores(q["items"], p.items, as_set=unit_lookup, ranking_only=p.ranking_only)
        checks.update(item_hit1=hit1, item_hit3=hit3, item_mrr=rr)
        if unit_lookup:
            checks["set_exact"] = hit1
        if q["history"]:
            checks["followup_hit1"] = hit1
        if not hit1:
            failed.append("items")
            detail["items"] = f"expected {q['items']} got {list(p.items)[:5]}"
    checks["oos_pred"] = p.status == "out_of_scope"
    checks["oos_true"] = q["status"] == "out_of_scope"
    checks["clarify_pred"] = p.status == "clarify"
    checks["clarify_true"] = q["status"] == "clarify"
    if not p.ranking_only:
        ok = p.status == q["status"]
        checks["status"] = ok
        if not ok:
            failed.append("status")
            detail["status"] = f"expected {q['status']} got {p.status}"
        if q["check_units"]:
            ok = set(p.lead_units) == set(q["lead_units"]) and set(p.responsible_units) == set(q["responsible_units"])
            checks["unit_exact"] = ok
            if not ok:
                failed.append("units")
                detail["units"] = (
                    f"lead {q['lead_units']} / resp {q['responsible_units']} got lead {list(p.lead_units)} / resp {list(p.responsible_units)}"
                )
        if q["facts"]:
            present = [f for f in q["facts"] if f in p.answer]
            checks["facts_all"] = len(present) == len(q["facts"])
            checks["facts_rate"] = len(present) / len(q["facts"])
            if len(present) < len(q["facts"]):
                failed.append("facts")
                detail["facts"] = f"missing {[f for f in q['facts'] if f not in present]}"
        if q["eligibility"] is not None or (q["category"] == "eligibility" and q["status"] == "clarify"):
            ok = p.eligibility == q["eligibility"] if q["eligibility"] is not None else p.status == "clarify"
            checks["eligibility"] = ok
            if not ok:
                failed.append("eligibility")
                want = q["eligibility"] or "clarify"
                got = p.eligibility if q["eligibility"] is not None else p.status
                detail["eligibility"] = f"expected {want} got {got}"
    return RowScore(q["id"], q["lang"], q["category"], bool(q["history"]), checks, q["status"], p.status, p.latency, tuple(failed), detail)


def _mean(values: Iterable[float | bool]) -> float | None:
    values = [float(v) for v in values]
    return sum(values) / len(values) if values else None


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return None
    ordered = sorted(values)
    k = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[k - 1]


def aggregate(rows: Sequence[RowScore]) -> dict[str, float | int | None]:
    """Metrics over a set of scored rows; None where no row applies. Pure."""

    def col(name: str) -> list[float | bool]:
        return [r.checks[name] for r in rows if name in r.checks]

    oos_pred = sum(1 for r in rows if r.checks["oos_pred"])
    oos_true = sum(1 for r in rows if r.checks["oos_true"])
    oos_both = sum(1 for r in rows if r.checks["oos_pred"] and r.checks["oos_true"])
    cl_pred = sum(1 for r in rows if r.checks["clarify_pred"])
    cl_true = sum(1 for r in rows if r.checks["clarify_true"])
    cl_both = sum(1 for r in rows if r.checks["clarify_pred"] and r.checks["clarify_true"])
    latencies = [r.latency for r in rows if r.latency is not None]
    return {
        "n": len(rows),
        "item_n": len(col("item_hit1")),
        "item_hit1": _mean(col("item_hit1")),
        "item_hit3": _mean(col("item_hit3")),
        "item_mrr": _mean(col("item_mrr")),
        "set_exact_n": len(col("set_exact")),
        "set_exact": _mean(col("set_exact")),
        "unit_n": len(col("unit_exact")),
        "unit_exact": _mean(col("unit_exact")),
        "facts_n": len(col("facts_all")),
        "facts_all": _mean(col("facts_all")),
        "facts_rate": _mean(col("facts_rate")),
        "eligibility_n": len(col("eligibility")),
        "eligibility": _mean(col("eligibility")),
        "oos_n": oos_true,
        "oos_precision": _ratio(oos_both, oos_pred) if oos_pred else (None if not oos_true else 0.0),
        "oos_recall": _ratio(oos_both, oos_true),
        "clarify_n": cl_true,
        "clarify_precision": _ratio(cl_both, cl_pred) if cl_pred else (None if not cl_true else 0.0),
        "clarify_recall": _ratio(cl_both, cl_true),
        "followup_n": len(col("followup_hit1")),
        "followup_hit1": _mean(col("followup_hit1")),
        "status": _mean(col("status")),
        "latency_p50_ms": 1000 * percentile(latencies, 50) if latencies else None,
        "latency_p95_ms": 1000 * percentile(latencies, 95) if latencies else None,
    }


def breakdown(rows: Sequence[RowScore], key: Callable[[RowScore], str]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[RowScore]] = defaultdict(list)
    for r in rows:
        groups[key(r)].append(r)
    return {k: aggregate(v) for k, v in groups.items()}


def calibrate_threshold(confidences: Sequence[float], is_oos: Sequence[bool]) -> float:
    """The confidence below which a baseline says out of scope, chosen to maximise the F1 of that
    decision on the labelled rows (ties: the lower threshold). Best case for the baseline: it is
    fitted on the very questions it is scored on."""
    pairs = sorted(zip(confidences, is_oos, strict=True))
    values = sorted({c for c, _ in pairs})
    candidates = (
        [values[0] - 1e-9] + [(a + b) / 2 for a, b in zip(values, values[1:], strict=False)] + [values[-1] + 1e-9] if values else [0.0]
    )
    total_oos = sum(is_oos)
    best, best_f1 = candidates[0], -1.0
    for t in candidates:
        pred = [c < t for c, _ in pairs]
        tp = sum(1 for p, (_, o) in zip(pred, pairs, strict=True) if p and o)
        fp = sum(1 for p, (_, o) in zip(pred, pairs, strict=True) if p and not o)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / total_oos if total_oos else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if f1 > best_f1 + 1e-12:
            best, best_f1 = t, f1
    return best


def gate_failures(metrics: dict[str, Any], thresholds: dict[str, float]) -> list[str]:
    """Human-readable lines for every gated metric below its threshold (or missing). Pure."""
    out = []
    for name, floor in thresholds.items():
        value = metrics.get(name)
        if value is None or value < floor - 1e-12:
            out.append(f"{name} = {'n/a' if value is None else f'{value:.3f}'} < threshold {floor:.3f}")
    return out


# ---------------------------------------------------------------- running


def prediction_from_answer(qid: str, answer: Any, latency: float | None = None) -> Prediction:
    return Prediction(
        qid,
        tuple(int(i) for i in answer.items),
        str(answer.status),
        str(answer.answer or ""),
        tuple(answer.lead_units),
        tuple(answer.responsible_units),
        answer.eligibility,
        latency,
    )


WARMUP = ("你好", "hello", "临沂的政策")


def run_system(assistant: Any, questions: Sequence[dict[str, Any]], warmup: Sequence[str] = WARMUP) -> list[Prediction]:
    for text in warmup:  # load lazy parts (jieba dictionary, model session) before timing
        assistant.ask(text, [])
    out = []
    for q in questions:
        start = time.perf_counter()
        answer = assistant.ask(q["question"], list(q["history"]))
        out.append(prediction_from_answer(q["id"], answer, time.perf_counter() - start))
    return out


def _rank_items(scored: Iterable[tuple[int, float]]) -> list[tuple[int, float]]:
    best: dict[int, float] = {}
    for item, score in scored:
        best[item] = max(best.get(item, -math.inf), score)
    return sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))


class Baselines:
    """Retrieval-only baselines over the assistant's own index (same chunks, same embeddings).

    * ``bm25``: ``lexical.scores(raw question)`` (no glossary expansion), max per item;
    * ``dense``: the raw question embedded, Chroma search over item/text chunks, max per item;
    * ``ensemble``: like LangChain's ``EnsembleRetriever``: the BM25 and dense chunk rankings fused
      by weighted reciprocal rank (weights 0.5/0.5, c=60), items in order of first appearance.

    No structure, glossary, FAQ, history or intent is used. Each returns (items best first, confidence).
    """

    RRF_C = 60
    K = 30

    def __init__(self, assistant: Any) -> None:
        self.retriever = assistant.retriever
        self.chunks = self.retriever._chunks  # non-FAQ chunks, aligned with lexical.scores
        self._dense_cache: dict[str, list[Any]] = {}

    def _lexical(self, question: str) -> list[tuple[Any, float]]:
        scores = self.retriever.lexical.scores(question)
        order = sorted(range(len(scores)), key=lambda i: -float(scores[i]))[: self.K]
        return [(self.chunks[i], float(scores[i])) for i in order if scores[i] > 0]

    def _dense(self, question: str) -> list[Any]:
        if not question.strip():
            return []
        if question not in self._dense_cache:  # dense and ensemble share one search per question
            vector = self.retriever.embeddings.embed_query(question)
            self._dense_cache[question] = self.retriever.index.search(vector, self.K, {"kind": {"$in": ["item", "text"]}})
        return self._dense_cache[question]

    def bm25(self, question: str) -> tuple[list[int], float]:
        ranked = _rank_items((int(h.metadata["item"]), s) for h, s in self._lexical(question))
        return [i for i, _ in ranked], ranked[0][1] if ranked else 0.0

    def dense(self, question: str) -> tuple[list[int], float]:
        ranked = _rank_items((int(h.metadata["item"]), h.score) for h in self._dense(question))
        return [i for i, _ in ranked], ranked[0][1] if ranked else 0.0

    def ensemble(self, question: str) -> tuple[list[int], float]:
        fused: dict[str, float] = defaultdict(float)
        item_of: dict[str, int] = {}
        for weight, hits in ((0.5, [h for h, _ in self._lexical(question)]), (0.5, self._dense(question))):
            for rank, hit in enumerate(hits, start=1):
                fused[hit.chunk_id] += weight / (rank + self.RRF_C)
                item_of[hit.chunk_id] = int(hit.metadata["item"])
        order = sorted(fused, key=lambda c: -fused[c])
        items = list(dict.fromkeys(item_of[c] for c in order))
        return items, fused[order[0]] if order else 0.0

    def run(self, name: str, questions: Sequence[dict[str, Any]]) -> tuple[list[Prediction], float]:
        """Predictions of one baseline, out of scope below a threshold calibrated on these questions."""
        fn = getattr(self, name)
        ranked = [fn(q["question"]) for q in questions]
        threshold = calibrate_threshold([c for _, c in ranked], [q["status"] == "out_of_scope" for q in questions])
        preds = [
            Prediction(
                q["id"], tuple(items), "out_of_scope" if (not items or conf < threshold) else "answered", ranking_only=True, confidence=conf
            )
            for q, (items, conf) in zip(questions, ranked, strict=True)
        ]
        return preds, threshold


@dataclass
class EvalResult:
    questions: list[dict[str, Any]]
    rows: dict[str, list[RowScore]]  # system name -> scored rows
    thresholds: dict[str, float]  # baseline name -> calibrated out-of-scope threshold
    predictions: dict[str, list[Prediction]]
    seconds: float = 0.0
    system_seconds: float = 0.0  # wall time of the system pass
    system_cpu_seconds: float = 0.0  # CPU time of this process (all threads) during it

    def metrics(self, system: str = SYSTEM, lang: str | None = None, category: str | None = None) -> dict[str, Any]:
        rows = [r for r in self.rows[system] if (lang is None or r.lang == lang) and (category is None or r.category == category)]
        return aggregate(rows)

    def failures(self, system: str = SYSTEM) -> list[tuple[dict[str, Any], Prediction, RowScore]]:
        by_id = {q["id"]: q for q in self.questions}
        preds = {p.id: p for p in self.predictions[system]}
        return [(by_id[r.id], preds[r.id], r) for r in self.rows[system] if r.failed]


def evaluate(assistant: Any, questions: Sequence[dict[str, Any]], baselines: bool = True) -> EvalResult:
    start, cpu = time.perf_counter(), time.process_time()
    predictions = {SYSTEM: run_system(assistant, questions)}
    system_seconds, system_cpu = time.perf_counter() - start, time.process_time() - cpu
    thresholds: dict[str, float] = {}
    if baselines:
        base = Baselines(assistant)
        for name in BASELINES:
            predictions[name], thresholds[name] = base.run(name, questions)
    rows = {name: [score_row(q, p) for q, p in zip(questions, preds, strict=True)] for name, preds in predictions.items()}
    return EvalResult(list(questions), rows, thresholds, predictions, time.perf_counter() - start, system_seconds, system_cpu)
