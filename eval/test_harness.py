"""The harness's pure scoring functions on hand-made rows, so a failing gate is about the engine,
not the harness. Lives beside the harness: tests/ never imports eval code."""

from __future__ import annotations

import pytest
from harness import Prediction, aggregate, calibrate_threshold, gate_failures, near_duplicate, percentile, rank_scores, score_row


def _row(**kw):
    base = {
        "id": "zh-test-001",
        "question": "q",
        "history": [],
        "lang": "zh",
        "category": "department",
        "items": [1],
        "lead_units": ["市妇联"],
        "responsible_units": ["市医保局"],
        "check_units": True,
        "facts": ["40万"],
        "eligibility": None,
        "status": "answered",
    }
    return {**base, **kw}


def test_rank_scores() -> None:
    assert rank_scores([5], [5, 1]) == (True, True, 1.0)
    assert rank_scores([5], [1, 2, 5]) == (False, True, pytest.approx(1 / 3))
    assert rank_scores([5], [1, 2, 3, 5]) == (False, False, 0.25)
    assert rank_scores([5], []) == (False, False, 0.0)
    assert rank_scores([6, 5], [5]) == (True, True, 1.0)  # any expected item counts
    # unit_lookup: hit@1 is set equality
    assert rank_scores([1, 4, 7], [7, 1, 4], as_set=True)[0] is True
    assert rank_scores([1, 4, 7], [1, 4], as_set=True)[0] is False
    assert rank_scores([1, 4, 7], [1, 4, 7, 9], as_set=True)[0] is False
    assert rank_scores([1, 4, 7], [4, 1, 7, 9, 2], as_set=True, ranking_only=True)[0] is True


def test_score_row_and_aggregate() -> None:
    good = Prediction("a", (1,), "answered", "……40万名……", ("市妇联",), ("市医保局",))
    bad = Prediction("b", (2,), "answered", "nothing", ("市妇联",), ())
    oos = Prediction("c", (), "out_of_scope")
    rows = [
        score_row(_row(id="a"), good),
        score_row(_row(id="b"), bad),
        score_row(_row(id="c", items=[], status="out_of_scope", check_units=False, lead_units=[], responsible_units=[], facts=[]), oos),
        score_row(_row(id="d", items=[], status="out_of_scope", check_units=False, lead_units=[], responsible_units=[], facts=[]), good),
    ]
    assert rows[0].failed == ()
    assert set(rows[1].failed) == {"items", "units", "facts"}
    m = aggregate(rows)
    assert m["item_hit1"] == 0.5 and m["unit_exact"] == 0.5 and m["facts_all"] == 0.5
    assert m["oos_recall"] == 0.5 and m["oos_precision"] == 1.0
    assert m["status"] == 0.75


def test_eligibility_counts_clarify_rows() -> None:
    clarify = _row(category="eligibility", status="clarify", check_units=False, lead_units=[], responsible_units=[], facts=[])
    assert score_row(clarify, Prediction("x", (1,), "clarify")).checks["eligibility"] is True
    assert score_row(clarify, Prediction("x", (1,), "answered", eligibility="eligible")).checks["eligibility"] is False
    verdict = _row(category="eligibility", eligibility="eligible", check_units=False, lead_units=[], responsible_units=[], facts=[])
    assert score_row(verdict, Prediction("x", (1,), "answered", eligibility="eligible")).checks["eligibility"] is True
    assert "eligibility" not in score_row(_row(), Prediction("x", (1,), "answered")).checks


def test_calibration_and_percentile() -> None:
    t = calibrate_threshold([0.1, 0.2, 0.8, 0.9], [True, True, False, False])
    assert 0.2 < t < 0.8
    assert percentile([1, 2, 3, 4], 50) == 2 and percentile([1, 2, 3, 4], 95) == 4
    assert gate_failures({"item_hit1": 0.95}, {"item_hit1": 0.9}) == []
    assert gate_failures({"item_hit1": 0.85}, {"item_hit1": 0.9})


def test_near_duplicate_rule() -> None:
    assert near_duplicate("这个通知是发给哪些单位的？", "这个通知，是发给哪些单位的") == 1.0
    assert near_duplicate("Who runs the Hope Cabin project?", "who runs the hope cabin project") == 1.0
    assert near_duplicate("两癌筛查是哪个单位牵头的？", "希望小屋建多少处？") < 0.8
    assert near_duplicate("", "anything") == 0.0
