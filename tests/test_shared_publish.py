"""Two app processes on one ``chroma run`` server and one corpus folder: a plan published through one
is answered by the other, and unpublished through the other, it is gone from the first."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from servers import CLI, HOST, ROOT, app_process, base_env, free_port, start_chroma, stop

pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data"
SECOND = DATA / "mouxian-2023-education-twelve-things.txt"  # a second plan in the same format
ONLY_SECOND = "乡村少年宫由哪个单位负责？"  # its item 4; the corpus's own plan has no such item
TOKEN = "shared-staff-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _document(url: str) -> str | None:
    return httpx.post(f"{url}/api/ask", json={"question": ONLY_SECOND}, timeout=60).json()["document"]


def _wait_for(url: str, serving: bool, seconds: float = 60.0) -> None:
    """Until ``url`` answers the question from the second plan (``serving``) or no longer does."""
    deadline = time.monotonic() + seconds
    while (_document(url) == SECOND.stem) != serving:
        assert time.monotonic() < deadline, f"{url} answers from {_document(url)!r} after {seconds:.0f} s"
        time.sleep(0.5)


def test_plan_published_through_one_app_is_answered_by_the_other(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    port = free_port()
    chroma = start_chroma(tmp_path / "chroma-data", port, tmp_path / "chroma.log")
    try:
        env = base_env(
            ASSISTANT_CORPUS_DIR=corpus,
            ASSISTANT_INDEX_DIR=tmp_path / "index",
            ASSISTANT_LOG_DIR=tmp_path / "logs",
            ASSISTANT_STAFF_TOKEN=TOKEN,
            CHROMA_HOST=HOST,
            CHROMA_PORT=str(port),
        )
        done = subprocess.run([CLI, "ingest"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        with app_process(env, tmp_path / "app1.log") as (one, _), app_process(env, tmp_path / "app2.log") as (two, _):
            assert _document(two) != SECOND.stem
            with SECOND.open("rb") as handle:
                response = httpx.post(f"{one}/api/plans", files={"file": (SECOND.name, handle, "text/plain")}, headers=AUTH, timeout=60)
            assert response.status_code == 200, response.text
            assert _document(two) != SECOND.stem, "a draft is served by nobody"
            response = httpx.post(f"{one}/api/plans/{SECOND.stem}/publish", headers=AUTH, timeout=600)
            assert response.status_code == 200, response.text
            assert _document(one) == SECOND.stem, "the publishing process serves it at once"
            _wait_for(two, serving=True)
            answer = httpx.post(f"{two}/api/ask", json={"question": ONLY_SECOND}, timeout=60).json()
            assert answer["status"] == "answered" and answer["items"][:1] == [4] and answer["responsible_units"] == ["团市委"]
            assert httpx.get(f"{two}/api/health", timeout=30).status_code == 200

            plans = {p["plan"]: p["status"] for p in httpx.get(f"{two}/api/plans", headers=AUTH, timeout=30).json()["plans"]}
            assert plans[SECOND.stem] == "published"
            response = httpx.delete(f"{two}/api/plans/{SECOND.stem}", headers=AUTH, timeout=600)
            assert response.status_code == 200, response.text
            assert _document(two) != SECOND.stem
            _wait_for(one, serving=False)
    finally:
        stop(chroma)
