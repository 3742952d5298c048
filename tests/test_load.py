"""Bounded load test on loopback: 32 concurrent clients against /api/ask, zero errors.

Runs eval/loadgen.py as a subprocess (tests do not import eval code): once against one app process
over the embedded index, once against two app processes sharing one ``chroma run`` server.
Duration per run: LOAD_SECONDS (default 15 s here; eval/bench.py uses 60 s).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from servers import ROOT, base_env


def _loadgen(tmp_path: Path, *flags: str) -> dict:
    seconds = float(os.environ.get("LOAD_SECONDS", "15"))
    done = subprocess.run(
        [sys.executable, str(ROOT / "eval" / "loadgen.py"), "--seconds", str(seconds), "--workdir", str(tmp_path), *flags],
        env=base_env(PYTHONPATH=ROOT),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=seconds + 900,
    )
    assert done.stdout.strip(), done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_load_one_app(tmp_path: Path) -> None:
    result = _loadgen(tmp_path)
    print("\none app, embedded index:", json.dumps(result, ensure_ascii=False))
    assert result["errors"] == 0, result["error_samples"]
    assert result["requests"] >= 32


@pytest.mark.slow
def test_load_two_apps_one_chroma_server(tmp_path: Path) -> None:
    result = _loadgen(tmp_path, "--shared-server")
    print("\ntwo apps, one chroma server:", json.dumps(result, ensure_ascii=False))
    assert result["errors"] == 0, result["error_samples"]
    assert result["requests"] >= 32
