"""Unit tier for the staff side: question-log insights, site text, the plan store's drafts, the staff
token and the body limit, all without the model, Chroma or Gradio."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.corpus.parsing import parse_policy
from assistant.plan_store import PlanError, PlanNotFound, PlanStore, plan_id
from assistant.querylog import QueryLog, insights, questions_per_item_per_day
from assistant.settings import Settings
from assistant.sitetext import GENERIC_TITLE, site_text

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
SECOND = Path(__file__).parent.parent / "data" / "mouxian-2023-education-twelve-things.txt"


def _log(tmp_path: Path, lines: list[dict]) -> QueryLog:
    log = QueryLog(tmp_path / "questions.jsonl")
    with open(log.path, "w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
        fh.write("not json\n")
    return log


def test_insights_counts_within_the_window(tmp_path):
    log = _log(
        tmp_path,
        [
            {"time": "2026-11-29T10:00:00+0000", "question": "社保卡在哪办？", "status": "out_of_scope", "items": []},
            {"time": "2026-11-28T10:00:00+0000", "question": "社保卡在哪办？ ", "status": "out_of_scope", "items": []},
            {"time": "2026-10-01T10:00:00+0000", "question": "很久以前", "status": "out_of_scope", "items": []},
            {"time": "2026-11-29T09:00:00+0000", "question": "能参加吗？", "status": "clarify", "items": []},
            {"time": "2026-11-29T09:00:00+0000", "question": "谁负责？", "status": "answered", "items": [5, 2], "document": "d"},
            {"time": "2026-11-27T09:00:00+0000", "question": "谁负责？", "status": "answered", "items": [5], "document": "d"},
            {
                "time": "2026-11-29T09:05:00+0000",
                "question": "谁负责？",
                "status": "feedback",
                "items": [5],
                "kind": "feedback",
                "vote": "down",
            },
        ],
    )
    data = insights(log, 7, {("d", 5): "第五项"}, now=NOW)
    assert data["declined"] == [{"question": "社保卡在哪办？", "count": 2, "last_seen": "2026-11-29T10:00:00+00:00"}]
    assert [r["question"] for r in data["clarified"]] == ["能参加吗？"]
    assert data["items"] == [{"document": "d", "item": 5, "title": "第五项", "count": 2}]
    assert data["feedback"] == [{"question": "谁负责？", "answer_item": 5, "vote": "down", "count": 1}]
    assert insights(log, 1, now=NOW)["items"][0]["count"] == 1
    series = questions_per_item_per_day(log, 7, now=NOW)
    assert series[("d", 5)] == {"2026-11-29": 1, "2026-11-27": 1}
    assert insights(None, 7)["declined"] == [] and insights(None, 7)["log"] is False


def test_feedback_is_redacted(tmp_path):
    log = QueryLog(tmp_path / "q.jsonl")
    log.record_feedback("我叫张三，电话13812345678，希望小屋谁负责？", "up", 5, "d")
    line = json.loads(log.path.read_text(encoding="utf-8"))
    assert line["kind"] == "feedback" and line["vote"] == "up" and line["items"] == [5]
    assert "张三" not in line["question"] and "13812345678" not in line["question"]


def test_site_text_is_derived_without_a_site_file(tmp_path):
    doc = parse_policy(SECOND.read_text(encoding="utf-8"), SECOND.stem)
    one = site_text(tmp_path, [doc])
    assert doc.title in one.title and one.plans == (doc.title,)
    assert one.examples[0] == f"「{doc.items[0].title}」由哪个单位负责？"
    assert site_text(tmp_path, [doc, doc]).title == GENERIC_TITLE
    (tmp_path / "site.yaml").write_text(f"title: 某某问答\nexamples:\n  {doc.doc_id}: [问一, 问二]\n", encoding="utf-8")
    configured = site_text(tmp_path, [doc])
    assert configured.title == "某某问答" and configured.examples == ("问一", "问二")
    assert site_text(tmp_path, []).note_zh.startswith("尚未发布")
    (tmp_path / "site.yaml").write_text("- a list\n", encoding="utf-8")
    with pytest.raises(ValueError, match="site.yaml"):
        site_text(tmp_path, [doc])


def test_plan_ids_are_safe():
    assert plan_id("Mouxian-2023 Plan.txt", b"x") == "mouxian-2023-plan"
    assert plan_id("../../etc/passwd.txt", b"x") == "passwd"
    chinese = plan_id("某市方案.txt", b"abc")
    assert chinese.startswith("plan-") and chinese == plan_id("另一个.txt", b"abc")


def test_drafts_are_kept_listed_and_removed_without_touching_policies(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "policies").mkdir(parents=True)
    store = PlanStore(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"))
    preview = store.add_draft(SECOND.name, SECOND.read_bytes())
    assert preview["status"] == "draft" and len(preview["items"]) == 12
    assert not any("文号" in w for w in preview["warnings"]), "the plan has a 文号"
    assert list((corpus / "policies").iterdir()) == []
    assert [p["plan"] for p in store.plans()] == [SECOND.stem]
    assert store.add_draft(SECOND.name, SECOND.read_bytes())["plan"] == SECOND.stem, "uploading again replaces the draft"
    with pytest.raises(PlanError, match="unsupported"):
        store.add_draft("x.exe", b"MZ")
    with pytest.raises(PlanNotFound):
        store.draft("../corpus")
    assert store.delete(SECOND.stem) == {"plan": SECOND.stem, "unpublished": False, "draft_removed": True}
    assert store.plans() == []
    with pytest.raises(PlanNotFound):
        store.delete(SECOND.stem)
    assert not (tmp_path / "index").exists()


def test_staff_status_and_body_limit():
    from assistant.web.guard import Guard, session_value, staff_status

    off, on = Settings(), Settings(staff_token="t" * 20, max_body_bytes=1024)
    assert staff_status(off, "Bearer " + "t" * 20) == 403
    assert staff_status(on, None) == 401 and staff_status(on, "Bearer wrong") == 401 and staff_status(on, "t" * 20) == 401
    assert staff_status(on, "Bearer " + "t" * 20) is None and staff_status(on, "bearer " + "t" * 20) is None
    assert staff_status(on, None, session_value(on)) is None and staff_status(on, None, "forged") == 401

    reached: list[bytes] = []

    async def app(scope, receive, send):
        reached.append((await receive())["body"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    def call(body: bytes, chunked: bool) -> tuple[int, dict]:
        sent: list[dict] = []
        parts = [body[i : i + 300] for i in range(0, len(body), 300)] or [b""]
        messages = [{"type": "http.request", "body": p, "more_body": i < len(parts) - 1} for i, p in enumerate(parts)]
        headers = [] if chunked else [(b"content-length", str(len(body)).encode())]
        scope = {"type": "http", "method": "POST", "path": "/api/ask", "headers": headers}

        async def receive():
            return messages.pop(0)

        async def send(message):
            sent.append(message)

        asyncio.run(Guard(app, on)(scope, receive, send))
        return sent[0]["status"], dict(sent[0]["headers"])

    assert call(b"x" * 1000, chunked=False)[0] == 200 and call(b"x" * 1000, chunked=True)[0] == 200
    assert reached == [b"x" * 300, b"x" * 1000], "a counted chunked body reaches the app whole"
    status, headers = call(b"x" * 2000, chunked=False)
    assert status == 413 and headers[b"x-content-type-options"] == b"nosniff"
    assert call(b"x" * 2000, chunked=True)[0] == 413
    assert len(reached) == 2, "an oversized body never reaches the app"
