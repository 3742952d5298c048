"""The labelled question file: parses, follows the schema, covers the plan, and does not copy the FAQ.

Near-duplicate rule (documented in eval/README.md): a question is a near-duplicate of an FAQ question
when ``difflib.SequenceMatcher`` gives a ratio >= 0.8 on the two normalised texts (NFKC, lower case,
every character that is not a letter or digit removed). Only the question itself is compared, not
its history.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher

import pytest
import yaml

from assistant.evaluation import CATEGORIES, DEFAULT_QUESTIONS, REQUIRED_FIELDS, load_questions, validate_question
from assistant.settings import PROJECT_ROOT

NEAR_DUPLICATE_RATIO = 0.8


def normalise(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())


def near_duplicate(a: str, b: str) -> float:
    a, b = normalise(a), normalise(b)
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return load_questions(DEFAULT_QUESTIONS)


def test_every_line_parses_and_ids_are_unique() -> None:
    ids = []
    for n, line in enumerate(DEFAULT_QUESTIONS.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"line {n} is blank"
        row = json.loads(line)
        validate_question(row, f"line {n}")
        ids.append(row["id"])
    assert [i for i, c in Counter(ids).items() if c > 1] == []


def test_required_fields_and_values(rows: list[dict]) -> None:
    for row in rows:
        assert set(REQUIRED_FIELDS) <= set(row), row["id"]
        assert re.fullmatch(rf"{row['lang']}-[a-z]+-\d{{3}}", row["id"]), row["id"]
        assert row["category"] in CATEGORIES
        if row["status"] == "out_of_scope":
            assert row["items"] == [], row["id"]
        if row["check_units"]:
            assert row["items"] and row["responsible_units"], row["id"]
        else:
            assert row["lead_units"] == [] and row["responsible_units"] == [], row["id"]
        if row["category"] == "followup":
            assert row["history"], row["id"]
        if row["eligibility"] is not None:
            assert row["status"] == "answered", row["id"]


def test_size_and_language_mix(rows: list[dict]) -> None:
    langs = Counter(r["lang"] for r in rows)
    assert len(rows) >= 150
    assert langs["zh"] >= 100
    assert langs["en"] >= 40


def test_every_item_is_covered(rows: list[dict]) -> None:
    covered = {i for r in rows for i in r["items"]}
    assert set(range(1, 11)) <= covered, sorted(set(range(1, 11)) - covered)


def test_every_category_is_present(rows: list[dict]) -> None:
    assert set(CATEGORIES) == {r["category"] for r in rows}


def test_no_question_is_a_near_duplicate_of_the_faq(rows: list[dict]) -> None:
    faq = yaml.safe_load((PROJECT_ROOT / "corpus" / "faq.yaml").read_text(encoding="utf-8"))["faq"]
    flagged = [
        (row["id"], row["question"], entry["id"], entry["question"], round(ratio, 2))
        for row in rows
        for entry in faq
        if (ratio := near_duplicate(row["question"], entry["question"])) >= NEAR_DUPLICATE_RATIO
    ]
    assert flagged == [], "rephrase these questions (keep their labels):\n" + "\n".join(map(str, flagged))


def test_near_duplicate_rule_itself() -> None:
    assert near_duplicate("这个通知是发给哪些单位的？", "这个通知，是发给哪些单位的") == 1.0
    assert near_duplicate("Who runs the Hope Cabin project?", "who runs the hope cabin project") == 1.0
    assert near_duplicate("两癌筛查是哪个单位牵头的？", "希望小屋建多少处？") < NEAR_DUPLICATE_RATIO
    assert near_duplicate("", "anything") == 0.0


HELDOUT = PROJECT_ROOT / "eval" / "heldout.jsonl"


def test_heldout_set_is_valid_and_not_a_copy_of_the_faq_or_the_tuned_set() -> None:
    """eval/heldout.jsonl was written without seeing the tuned set or the engine; keep it apart from both."""
    held = load_questions(HELDOUT)
    for n, row in enumerate(held, start=1):
        validate_question(row, f"heldout line {n}")
    assert len(held) >= 60 and {i for r in held for i in r["items"]} >= set(range(1, 11))
    faq = yaml.safe_load((PROJECT_ROOT / "corpus" / "faq.yaml").read_text(encoding="utf-8"))["faq"]
    tuned = load_questions(DEFAULT_QUESTIONS)
    others = [("faq", e["id"], e["question"]) for e in faq] + [("tuned", r["id"], r["question"]) for r in tuned]
    flagged = [
        (row["id"], row["question"], where, other_id, round(ratio, 2))
        for row in held
        for where, other_id, question in others
        if (ratio := near_duplicate(row["question"], question)) >= NEAR_DUPLICATE_RATIO
    ]
    assert flagged == [], "\n".join(map(str, flagged))
