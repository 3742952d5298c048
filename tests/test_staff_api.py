"""Staff API and public limits: the token, plans (upload → draft → publish → unpublish), insights,
feedback, body and upload limits, the rate limit, security headers and site text."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.settings import PROJECT_ROOT, Settings, SettingsError

CORPUS = PROJECT_ROOT / "corpus"
DATA = Path(__file__).parent / "data"
SECOND = DATA / "mouxian-2023-education-twelve-things.txt"  # a second plan in the same format
ONLY_SECOND = "乡村少年宫由哪个单位负责？"  # item 4 of the second plan; the first plan has no such item
TOKEN = "staff-token-for-tests-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _workspace(root: Path, built: Settings, **extra: object) -> Settings:
    """A writable corpus and a copy of the session's built index (so a publish re-embeds only the new plan)."""
    shutil.copytree(CORPUS, root / "corpus")
    shutil.copytree(built.index_dir, root / "index", symlinks=True)
    values = {"corpus_dir": root / "corpus", "index_dir": root / "index", "log_dir": root / "logs", "staff_token": TOKEN}
    values.update(extra)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def staff(tmp_path_factory: pytest.TempPathFactory, built_settings: Settings):
    """(client, settings, assistant) over a private corpus + index, with the staff token set."""
    from assistant.answering.assistant import PolicyAssistant
    from assistant.web.app import create_app

    settings = _workspace(tmp_path_factory.mktemp("staff"), built_settings, rate_limit="100000/minute")
    assistant = PolicyAssistant.from_settings(settings, build_if_missing=False)
    return TestClient(create_app(settings=settings, assistant=assistant), raise_server_exceptions=False), settings, assistant


def _upload(client: TestClient, name: str, data: bytes, headers: dict | None = AUTH):
    return client.post("/api/plans", files={"file": (name, data, "text/plain")}, headers=headers or {})


# ---------------------------------------------------------------- the token


def test_staff_endpoints_are_403_without_a_configured_token(built_settings, assistant):
    from assistant.web.app import create_app

    client = TestClient(create_app(settings=built_settings, assistant=assistant))
    for method, path in [("get", "/api/plans"), ("get", "/api/insights"), ("post", "/api/plans/x/publish"), ("delete", "/api/plans/x")]:
        assert getattr(client, method)(path, headers=AUTH).status_code == 403, path
    assert _upload(client, "a.txt", b"x").status_code == 403
    assert client.post("/gradio_api/upload", files={"files": ("a.txt", b"x")}).status_code == 403
    config = client.get("/config").text
    assert "staff-token" not in config and "plan-upload" not in config, "no management panel without a token"
    assert "staff-search" in config


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong-token-wrong-token-00"}, {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"}]
)
def test_staff_endpoints_are_401_without_the_token(staff, headers):
    client, _, _ = staff
    response = client.get("/api/plans", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert _upload(client, "a.txt", SECOND.read_bytes(), headers=headers or {"X": "y"}).status_code == 401
    assert client.get("/api/insights", headers=headers).status_code == 401


def test_gradio_upload_route_is_staff_only(staff):
    client, _, _ = staff
    fresh = TestClient(client.app)
    assert fresh.post("/gradio_api/upload", files={"files": ("a.txt", b"hello")}).status_code == 401
    assert fresh.post("/gradio_api/upload/", files={"files": ("a.txt", b"hello")}).status_code == 401
    assert fresh.post("/api/staff/session").status_code == 401
    assert fresh.post("/api/staff/session", headers=AUTH).status_code == 204
    assert "staff_session" in fresh.cookies
    assert fresh.post("/gradio_api/upload", files={"files": ("a.txt", b"hello")}).status_code == 200


def test_management_panel_exists_with_a_token(staff):
    client, _, _ = staff
    config = client.get("/config").text
    assert "staff-token" in config and "plan-upload" in config


# ---------------------------------------------------------------- plans


def test_upload_is_a_draft_and_never_touches_the_serving_index(staff):
    from assistant.search.index import active_build, read_manifest

    client, settings, assistant = staff
    build, manifest = active_build(settings), read_manifest(settings)
    policies = sorted(p.name for p in (settings.corpus_dir / "policies").iterdir())
    before = client.post("/api/ask", json={"question": ONLY_SECOND}).json()

    response = _upload(client, SECOND.name, SECOND.read_bytes())
    assert response.status_code == 200, response.text
    draft = response.json()
    assert set(draft) == {"plan", "title", "status", "items", "warnings"}
    assert draft["plan"] == SECOND.stem and draft["status"] == "draft"
    assert draft["title"] == "某市2023年教育惠民十二件实事工作计划"
    assert len(draft["items"]) == 12
    assert draft["items"][3] == {"number": 4, "key": "4", "title": "建设乡村少年宫30所", "lead_units": [], "responsible_units": ["团市委"]}
    assert draft["items"][0]["lead_units"] == ["市教育局"]
    assert any("glossary" in w for w in draft["warnings"]), "units missing from the glossary are pointed out"

    assert active_build(settings) == build and read_manifest(settings) == manifest
    assert sorted(p.name for p in (settings.corpus_dir / "policies").iterdir()) == policies
    assert client.get("/api/health").status_code == 200
    after = client.post("/api/ask", json={"question": ONLY_SECOND}).json()
    assert after["document"] != SECOND.stem and after["status"] == before["status"]
    listed = {p["plan"]: p for p in client.get("/api/plans", headers=AUTH).json()["plans"]}
    assert listed[SECOND.stem]["status"] == "draft" and listed[SECOND.stem]["published_at"] is None
    assert listed["linyi-2022-women-children-ten-things"]["status"] == "published"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("plan.pdf", b"%PDF-1.4 not really", "not a readable .pdf file"),
        ("plan.exe", b"MZ", "unsupported file type"),
        ("plan.txt", "随便写的一段话，没有编号条目。".encode(), "no numbered items"),
        ("plan.txt", "一、某项工作\n".encode("gb18030") + "没有单位".encode("gb18030"), "not UTF-8"),
        ("plan.txt", b"   ", "empty"),
    ],
)
def test_unreadable_upload_is_422_with_the_reason(staff, name, data, reason):
    client, settings, _ = staff
    response = _upload(client, name, data)
    assert response.status_code == 422
    assert reason in response.json()["error"]


def test_upload_without_a_file_is_422(staff):
    client, _, _ = staff
    assert client.post("/api/plans", headers=AUTH, data={"x": "y"}).status_code == 422


def test_upload_over_the_limit_is_413(tmp_path, built_settings):
    from assistant.web.app import create_app

    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path / "idx", staff_token=TOKEN, max_upload_bytes=4096)
    client = TestClient(create_app(settings=settings))
    big = SECOND.read_bytes() * 10
    response = _upload(client, SECOND.name, big)
    assert response.status_code == 413
    huge = b"x" * (4096 + 70 * 1024)
    assert _upload(client, "big.txt", huge).status_code == 413, "refused before the body is read"
    assert client.post("/api/staff/session", headers=AUTH).status_code == 204
    assert client.post("/gradio_api/upload", files={"files": ("big.txt", huge)}).status_code == 413, "Gradio's upload is capped too"
    assert client.post("/gradio_api/upload", files={"files": ("big.txt", big)}).status_code == 413, "by Gradio's max_file_size"
    assert not (tmp_path / "idx").exists()


def test_failed_publish_leaves_the_previous_index_serving(staff, monkeypatch):
    import assistant.search.index as index_module
    from assistant.search.index import active_build

    client, settings, _ = staff
    assert _upload(client, SECOND.name, SECOND.read_bytes()).status_code == 200
    build = active_build(settings)
    policies = sorted(p.name for p in (settings.corpus_dir / "policies").iterdir())

    def broken(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(index_module, "build_index", broken)
    response = client.post(f"/api/plans/{SECOND.stem}/publish", headers=AUTH)
    assert response.status_code == 409
    assert "No space left on device" in response.json()["error"]
    assert active_build(settings) == build
    assert sorted(p.name for p in (settings.corpus_dir / "policies").iterdir()) == policies, "the file was taken back out"
    assert client.get("/api/health").json()["ok"] is True
    assert client.post("/api/ask", json={"question": "村里的农家书屋归谁管？"}).json()["items"][:1] == [10]
    statuses = {p["plan"]: p["status"] for p in client.get("/api/plans", headers=AUTH).json()["plans"]}
    assert statuses[SECOND.stem] == "draft", "the draft is kept for another try"


def test_publish_then_answer_then_unpublish(staff):
    from assistant.answering.assistant import PolicyAssistant
    from assistant.plan_store import PlanStore
    from assistant.search.index import active_build
    from assistant.web.app import policy_html

    client, settings, _ = staff
    assert _upload(client, SECOND.name, SECOND.read_bytes()).status_code == 200
    build = active_build(settings)
    response = client.post(f"/api/plans/{SECOND.stem}/publish", headers=AUTH)
    assert response.status_code == 200, response.text
    published = response.json()
    assert published["status"] == "published" and published["published_at"]
    assert active_build(settings) != build
    assert client.get("/api/health").json()["ok"] is True

    answer = client.post("/api/ask", json={"question": ONLY_SECOND}).json()
    assert answer["status"] == "answered" and answer["document"] == SECOND.stem
    assert answer["items"][:1] == [4] and answer["responsible_units"] == ["团市委"]
    assert client.post("/api/ask", json={"question": "村里的农家书屋归谁管？"}).json()["items"][:1] == [10]
    full_text = policy_html(client.app.state.assistant_holder.get())
    anchors = re.findall(r'<section class="policy-item" id="([^"]+)"', full_text)
    assert len(anchors) == len(set(anchors)) == 10 + 12, "one unique anchor per item of both plans"
    assert "item-10" in anchors and f"{SECOND.stem}-item-4" in anchors

    # survives a restart: a new store and a new assistant read the same corpus and index
    listed = {p["plan"]: p for p in PlanStore(settings).plans()}
    assert listed[SECOND.stem]["status"] == "published" and listed[SECOND.stem]["published_at"] == published["published_at"]
    fresh = PolicyAssistant.from_settings(settings, build_if_missing=False)
    assert fresh.ask(ONLY_SECOND).document == SECOND.stem

    assert client.post(f"/api/plans/{SECOND.stem}/publish", headers=AUTH).status_code == 404, "no draft left"
    response = client.delete(f"/api/plans/{SECOND.stem}", headers=AUTH)
    assert response.status_code == 200 and response.json()["unpublished"] is True
    assert SECOND.stem not in {p["plan"] for p in client.get("/api/plans", headers=AUTH).json()["plans"]}
    assert client.post("/api/ask", json={"question": ONLY_SECOND}).json()["document"] != SECOND.stem
    assert client.delete(f"/api/plans/{SECOND.stem}", headers=AUTH).status_code == 404
    assert client.get("/api/health").json()["ok"] is True


def test_unpublishing_the_last_plan_is_refused_and_says_why(tmp_path, built_settings):
    from assistant.web.app import create_app

    settings = _workspace(tmp_path, built_settings)
    client = TestClient(create_app(settings=settings))
    response = client.delete("/api/plans/linyi-2022-women-children-ten-things", headers=AUTH)
    assert response.status_code == 409
    assert "faq.yaml" in response.json()["error"] or "no policy files" in response.json()["error"]
    assert (settings.corpus_dir / "policies" / "linyi-2022-women-children-ten-things.txt").exists()


# ---------------------------------------------------------------- insights and feedback


def test_insights_and_feedback(staff):
    client, settings, _ = staff
    for question in [
        "社保卡在哪里办？",
        "社保卡在哪里办？",
        "公积金怎么提取？",
        "",
        "村里的农家书屋归谁管？",
        "希望小屋由哪个单位负责？",
        "希望小屋由哪个单位负责？",
    ]:
        assert client.post("/api/ask", json={"question": question}).status_code == 200
    vote = {
        "question": "希望小屋由哪个单位负责？我叫张三，电话13812345678",
        "vote": "down",
        "answer_item": 5,
        "document": "linyi-2022-women-children-ten-things",
    }
    assert client.post("/api/feedback", json=vote).json() == {"recorded": True}
    assert client.post("/api/feedback", json={**vote, "vote": "meh"}).status_code == 422
    assert client.post("/api/feedback", json={"vote": "up"}).status_code == 422

    response = client.get("/api/insights?days=7", headers=AUTH)
    assert response.status_code == 200
    data = response.json()
    assert {"declined", "clarified", "items", "feedback"} <= set(data)
    declined = {r["question"]: r for r in data["declined"]}
    assert declined["社保卡在哪里办？"]["count"] == 2 and declined["社保卡在哪里办？"]["last_seen"]
    assert data["clarified"] and all(set(r) == {"question", "count", "last_seen"} for r in data["clarified"])
    items = {(r["document"], r["item"]): r for r in data["items"]}
    hope = items[("linyi-2022-women-children-ten-things", 5)]
    assert hope["count"] >= 2 and hope["title"] == "建设希望小屋1000处"
    feedback = data["feedback"][0]
    assert feedback["vote"] == "down" and feedback["answer_item"] == 5 and feedback["count"] == 1
    assert "13812345678" not in feedback["question"] and "张三" not in feedback["question"], "feedback is redacted"
    assert "13812345678" not in (settings.log_dir / "questions.jsonl").read_text(encoding="utf-8")
    assert client.get("/api/insights?days=0", headers=AUTH).status_code == 422


def test_chart_is_a_picture(staff):
    from assistant.web.app import StaffDesk
    from assistant.web.staff import questions_chart

    client, settings, _ = staff
    holder = client.app.state.assistant_holder
    desk = StaffDesk(
        holder, client.app.state.plan_store, __import__("assistant.querylog", fromlist=["QueryLog"]).QueryLog.from_settings(settings)
    )
    figure = desk.chart(30)
    assert figure.axes[0].patches and figure.axes[0].get_legend_handles_labels()[1], "a bar segment per item asked about"
    assert questions_chart({}, {}, 7).axes[0].texts, "an empty chart says so"


# ---------------------------------------------------------------- public limits and headers


def test_body_over_16kb_is_413_before_parsing(staff):
    client, _, _ = staff
    response = client.post("/api/ask", content=b'{"question": "' + b"a" * 17000 + b'"}', headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and "16384" in response.json()["error"]

    def chunks():
        yield b'{"question": "'
        for _ in range(20):
            yield b"a" * 1000
        yield b'"}'

    response = client.post("/api/ask", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413, "a chunked body without Content-Length is counted too"


def test_echoed_question_is_the_trimmed_one(staff):
    client, settings, _ = staff
    data = client.post("/api/ask", json={"question": "  希望小屋由谁负责？" + "啊" * 3000}).json()
    assert data["notice"]
    assert len(data["question"]) == settings.max_question_chars and data["question"].startswith("希望小屋")


def test_rate_limit_429_with_retry_after(tmp_path, built_settings, assistant):
    from assistant.web.app import create_app

    client = TestClient(create_app(settings=built_settings.with_(rate_limit="3/minute"), assistant=assistant))
    codes = [client.post("/api/ask", json={"question": "希望小屋由谁负责？"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.post("/api/ask", json={"question": "希望小屋由谁负责？"})
    assert response.status_code == 429
    assert 1 <= int(response.headers["retry-after"]) <= 60
    assert client.post("/api/feedback", json={"question": "x", "vote": "up"}).status_code in (200, 429)
    assert client.get("/api/health").status_code == 200, "health is not rate limited"


def test_security_headers(staff):
    client, _, _ = staff
    for path in ("/api/health", "/"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert client.post("/api/ask", content=b"x" * 20000).headers["x-content-type-options"] == "nosniff"


# ---------------------------------------------------------------- settings, site text, the web extra


def test_settings_from_env():
    settings = Settings.from_env(
        {
            "ASSISTANT_STAFF_TOKEN": TOKEN,
            "ASSISTANT_RATE_LIMIT": "10/second",
            "ASSISTANT_MAX_BODY_BYTES": "4096",
            "ASSISTANT_MAX_UPLOAD_BYTES": "1048576",
        }
    )
    assert settings.staff_token == TOKEN and settings.rate_limit == "10/second"
    assert settings.max_body_bytes == 4096 and settings.max_upload_bytes == 1048576
    assert TOKEN not in repr(settings)
    assert Settings.from_env({}).staff_token is None and Settings.from_env({}).rate_limit == "60/minute"
    assert Settings.from_env({}).max_body_bytes == 16 * 1024 and Settings.from_env({}).max_upload_bytes == 20 * 1024 * 1024
    with pytest.raises(SettingsError, match="16 characters"):
        Settings.from_env({"ASSISTANT_STAFF_TOKEN": "short"})
    with pytest.raises(SettingsError, match="not a rate"):
        Settings.from_env({"ASSISTANT_RATE_LIMIT": "fast"})
    with pytest.raises(SettingsError, match="bytes"):
        Settings.from_env({"ASSISTANT_MAX_BODY_BYTES": "lots"})
    assert Settings.from_env({"ASSISTANT_RATE_LIMIT": "off"}).rate_limit == "off"


def test_site_text_lists_every_plan(tmp_path):
    from assistant.corpus.loading import load_documents
    from assistant.corpus.parsing import parse_policy
    from assistant.sitetext import site_text

    first = load_documents(CORPUS)
    second = parse_policy(SECOND.read_text(encoding="utf-8"), SECOND.stem)
    configured = site_text(CORPUS, first)
    assert configured.examples and all(isinstance(q, str) for q in configured.examples)
    both = site_text(CORPUS, [*first, second])
    assert both.plans == (first[0].title, second.title)
    assert first[0].title in both.note_zh and second.title in both.note_zh
    assert "「新建改扩建中小学校20所左右」由哪个单位负责？" in both.examples, "a plan without configured examples gets derived ones"
    bare = site_text(tmp_path, [second])  # no site.yaml
    assert second.title in bare.title and bare.banner.startswith(bare.title)
    assert site_text(tmp_path, [*first, second]).title != bare.title


def test_web_package_names_the_extra_when_missing():
    code = "import sys; sys.modules['slowapi'] = None\ntry:\n import assistant.web\nexcept ImportError as e:\n print(e)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=60).stdout
    assert "pip install 'policy-assistant[web]'" in out and "slowapi" in out


def test_chat_has_the_same_rate_limit(assistant):
    from assistant.web import guard
    from assistant.web.app import RATE_MESSAGE, AssistantHolder, ChatLimiter, chat_turn

    limit = ChatLimiter(guard.make_limiter(Settings(rate_limit="2/minute")), "2/minute")
    assert [limit.allow("10.0.0.1") for _ in range(3)] == [True, True, False]
    assert limit.allow("10.0.0.2"), "per client"
    assert ChatLimiter(guard.make_limiter(Settings(rate_limit="off")), "off").allow("10.0.0.1")

    class Refuses:
        settings = Settings()

        def ask(self, question, history):
            raise AssertionError("the engine is not asked over the limit")

    chat, box, questions, cited = chat_turn(AssistantHolder(assistant=Refuses()), "希望小屋由谁负责？", [], [], [], allowed=False)
    assert chat[-1]["content"] == RATE_MESSAGE.replace("'", "&#x27;") and box == "希望小屋由谁负责？" and questions == []
