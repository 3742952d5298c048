"""The labelled question files, checked by ``eval/run.py check`` run as a subprocess (tests never
import eval code): they parse, follow the schema, cover the plan, and do not copy the FAQ or each other.
The near-duplicate rule itself is documented in eval/README.md and tested in eval/test_harness.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from assistant.settings import PROJECT_ROOT

RUN = PROJECT_ROOT / "eval" / "run.py"


def check(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(RUN), "check", *map(str, files)], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120
    )


def test_tuned_and_heldout_files_pass_the_check() -> None:
    done = check()
    assert done.returncode == 0, done.stderr
    assert "question files ok" in done.stdout


def _row(**kw) -> dict:
    base = {
        "id": "zh-test-001",
        "question": "农村妇女的筛查由哪个单位牵头？",
        "history": [],
        "lang": "zh",
        "category": "department",
        "items": [1],
        "lead_units": ["市妇联"],
        "responsible_units": ["市医保局"],
        "check_units": True,
        "facts": [],
        "eligibility": None,
        "status": "answered",
    }
    return {**base, **kw}


def test_check_names_file_and_line_of_each_problem(tmp_path: Path) -> None:
    faq_question = yaml.safe_load((PROJECT_ROOT / "corpus" / "faq.yaml").read_text(encoding="utf-8"))["faq"][0]["question"]
    rows = [
        _row(),
        _row(id="zh-test-001"),  # duplicate id
        _row(id="zh-test-003", status="out_of_scope"),  # out of scope but lists items
        _row(id="zh-test-004", question=faq_question.rstrip("？?") + "呢"),  # near-duplicate of the FAQ
        {"id": "zh-test-005"},  # missing fields
    ]
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\nnot json\n", encoding="utf-8")
    done = check(path)
    assert done.returncode == 1
    err = done.stderr
    assert f"{path}:2: duplicate id" in err
    assert f"{path}:3: an out_of_scope row lists items" in err
    assert f"{path}:4: near-duplicate" in err
    assert f"{path}:5: missing field" in err
    assert f"{path}:6: not JSON" in err
    assert f"{path}:1:" not in err
