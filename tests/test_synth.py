"""The synthetic plan generator (eval/synth.py, run as a subprocess): its plans parse, and parse to
what it intended (its plans.json), and the questions it writes are labelled from the plan."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.corpus.loading import load_corpus
from assistant.corpus.parsing import parse_policy
from assistant.settings import PROJECT_ROOT

_TRIGGER = r"(?:针对|对(?:全市)?|为(?:全市)?|救助|帮扶|做好|重点解决|提高|查找)[^，。；,;]*"


def synth(out: Path, plans: int, seed: int, per_plan: int = 2) -> tuple[list[SimpleNamespace], list[dict]]:
    """Runs eval/synth.py; returns the intended plans (with their text) and the questions."""
    subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "eval" / "synth.py"),
            str(out),
            "--plans",
            str(plans),
            "--seed",
            str(seed),
            "--per-plan",
            str(per_plan),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    intended = json.loads((out / "plans.json").read_text(encoding="utf-8"))
    result = []
    for p in intended:
        p["items"] = [SimpleNamespace(**it) for it in p["items"]]
        p["text"] = (out / "policies" / f"{p['doc_id']}.txt").read_text(encoding="utf-8")
        result.append(SimpleNamespace(**p))
    qs = [json.loads(line) for line in (out / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
    return result, qs


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[list, list[dict]]:
    return synth(tmp_path_factory.mktemp("synth"), 60, seed=11)


@pytest.fixture(scope="module")
def plans(generated) -> list:
    return generated[0]


def test_deterministic_per_seed(tmp_path: Path) -> None:
    a, qa = synth(tmp_path / "a", 5, seed=3)
    b, qb = synth(tmp_path / "b", 5, seed=3)
    c, _ = synth(tmp_path / "c", 5, seed=4)
    assert [p.text for p in a] == [p.text for p in b]
    assert [p.text for p in c] != [p.text for p in a]
    assert qa == qb


def test_titles_distinct_and_years_varied(plans: list) -> None:
    assert len({p.title for p in plans}) == len(plans)
    assert len({p.year for p in plans}) > 5
    assert len({u for p in plans for it in p.items for u in it.lead_units + it.responsible_units}) > 30


def test_plans_parse_to_what_was_intended(plans: list) -> None:
    for plan in plans:
        doc = parse_policy(plan.text, doc_id=plan.doc_id, source=plan.doc_id)
        assert doc.title == plan.title
        assert doc.year == plan.year
        assert doc.issuer == plan.issuer
        assert doc.doc_number == plan.doc_number
        assert doc.issue_date == plan.issue_date
        assert plan.coordinator in doc.coordinating_units, (plan.doc_id, doc.coordinating_units)
        assert len(doc.items) == len(plan.items)
        for got, want in zip(doc.items, plan.items, strict=True):
            where = f"{plan.doc_id} item {want.number}"
            assert got.numeral == want.numeral, where
            assert got.title == want.title, where
            assert list(got.lead_units) == want.lead_units, where
            assert list(got.responsible_units) == want.responsible_units, where
            assert [f.text for f in got.figures] == want.figures, where
            for group in want.target_groups:
                if re.search(_TRIGGER + re.escape(group), got.body):
                    assert any(group in g for g in got.target_groups), (where, got.target_groups)


def test_punctuation_is_mixed(plans: list) -> None:
    text = "".join(p.text for p in plans)
    for mark in ("(", "（", ":", "：", ",", "，", "％", "%"):
        assert mark in text, mark


def test_questions_are_labelled_from_the_plan(generated) -> None:
    plans, qs = generated
    by_id = {p.doc_id: p for p in plans}
    assert len(qs) == 2 * len(plans)
    assert {q["scope"] for q in qs} == {"title", "year"}
    assert {q["category"] for q in qs} == {"department", "figure"}
    for q in qs:
        plan = by_id[q["document"]]
        item = plan.items[q["items"][0] - 1]
        assert str(plan.year) in q["question"]
        if q["scope"] == "title":
            assert plan.title in q["question"]
        assert q["lead_units"] == item.lead_units and q["responsible_units"] == item.responsible_units
        for fact in q["facts"]:
            assert fact in item.text


def test_written_corpus_loads(tmp_path: Path) -> None:
    plans, qs = synth(tmp_path, 8, seed=5)
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == sorted(p.doc_id for p in plans)
    assert len(qs) == 2 * len(plans)
