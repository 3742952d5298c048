"""The HTTP JSON API (/api/ask, /api/health) and the UI handlers behind the Gradio app."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from servers import serve_in_thread

from assistant.answering.answers import CONTRACT_KEYS
from assistant.settings import PROJECT_ROOT, Settings
from assistant.web.app import ERROR_MESSAGE, AssistantHolder, chat_turn, create_app, lookup, unit_lookup

ALL_KEYS = set(CONTRACT_KEYS) | {"missing_facts", "document", "document_title", "intent", "notice", "coverage"}
SOURCE_KEYS = {"item", "kind", "text", "score", "document", "document_title", "lead_units", "responsible_units"}


@pytest.fixture(scope="module")
def app(built_settings, assistant):
    # these tests ask many questions from one client: the rate limit has its own tests (test_staff_api.py)
    return create_app(settings=built_settings.with_(rate_limit="100000/minute"), assistant=assistant)


@pytest.fixture(scope="module")
def client(app):
    return TestClient(app, raise_server_exceptions=False)


def ask(client: TestClient, question, history=None) -> dict:
    payload = {"question": question} if history is None else {"question": question, "history": history}
    response = client.post("/api/ask", json=payload)
    assert response.status_code == 200, response.text
    return response.json()


# ---------------------------------------------------------------- contract


def test_contract_keys_and_types(client):
    data = ask(client, "希望小屋一共要建多少处？")
    assert set(data) == ALL_KEYS
    assert isinstance(data["question"], str) and data["language"] in ("zh", "en")
    assert data["status"] in ("answered", "out_of_scope", "clarify")
    assert isinstance(data["answer"], str) and data["answer"]
    assert all(isinstance(i, int) for i in data["items"])
    assert all(isinstance(u, str) for u in data["lead_units"] + data["responsible_units"])
    assert data["eligibility"] in (None, "eligible", "not_eligible", "uncertain")
    assert data["sources"]
    for source in data["sources"]:
        assert set(source) == SOURCE_KEYS
        assert isinstance(source["item"], int) and isinstance(source["score"], float) and isinstance(source["text"], str)
        assert isinstance(source["lead_units"], list) and isinstance(source["responsible_units"], list)
    assert data["items"][0] == 5


def test_matches_engine_to_dict(client, assistant):
    question = "残疾儿童康复由哪个单位牵头？"
    assert ask(client, question) == assistant.ask(question, []).to_dict()


def test_chinese_department_question(client):
    data = ask(client, "村里的农家书屋归谁管？")
    assert data["status"] == "answered"
    assert data["language"] == "zh"
    assert data["items"][0] == 10
    assert data["responsible_units"] == ["市文化和旅游局"]
    assert "市文化和旅游局" in data["answer"]


def test_english_question(client):
    data = ask(client, "Which department leads the cancer screening for women?")
    assert data["status"] == "answered"
    assert data["language"] == "en"
    assert data["items"][0] == 1
    assert data["lead_units"] == ["市妇联", "市卫生健康委"]
    assert "Women's Federation" in data["answer"]


def test_follow_up_uses_history(client):
    data = ask(client, "那它由谁负责？", ["希望小屋是给哪些孩子建的？"])
    assert data["status"] == "answered"
    assert data["items"][0] == 5
    assert data["responsible_units"] == ["团市委"]


def test_out_of_scope(client):
    data = ask(client, "社保卡在哪里办？")
    assert data["status"] == "out_of_scope"
    assert data["items"] == [] and data["sources"] == []


def test_empty_question_clarifies(client):
    assert ask(client, "")["status"] == "clarify"
    assert ask(client, "   ")["status"] == "clarify"


def test_oversized_question_has_notice(client):
    data = ask(client, "希望小屋由谁负责？" + "啊" * 5000)
    assert data["status"] in ("answered", "clarify")
    assert data["notice"]


def test_html_payload_not_echoed(client):
    data = ask(client, "<script>alert(1)</script>希望小屋由谁负责？")
    assert data["status"] == "answered"
    assert "<script>" not in data["answer"]
    data = ask(client, "<img src=x onerror=alert(1)>")
    assert data["status"] in ("clarify", "out_of_scope")
    assert "<img" not in data["answer"]


@pytest.mark.parametrize(
    "payload",
    [{}, {"question": 1}, {"question": None}, {"question": "x", "history": "not a list"}, {"question": "x", "history": [1, 2]}, [1, 2]],
)
def test_invalid_payload_is_422(client, payload):
    response = client.post("/api/ask", json=payload)
    assert response.status_code == 422
    assert "Traceback" not in response.text


def test_history_optional_or_null(client):
    assert client.post("/api/ask", json={"question": "希望小屋由谁负责？", "history": None}).status_code == 200


def test_engine_error_is_500_json_without_traceback(built_settings, caplog):
    class Broken:
        settings = built_settings

        def ask(self, question, history):
            raise RuntimeError("secret internal detail")

    client = TestClient(create_app(settings=built_settings, assistant=Broken()), raise_server_exceptions=False)
    with caplog.at_level("ERROR", logger="assistant.web.app"):
        response = client.post("/api/ask", json={"question": "希望小屋由谁负责？"})
    assert response.status_code == 500
    assert set(response.json()) == {"error"}
    assert "secret internal detail" not in response.text and "Traceback" not in response.text
    assert any(r.exc_info for r in caplog.records), "the exception is logged with its traceback"


# ---------------------------------------------------------------- health


def test_health_ok(client, assistant):
    response = client.get("/api/health")
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True and data["built"] is True
    assert data["item_count"] == 10 and data["items"] == 10
    assert data["corpus_hash"] == assistant.corpus.content_hash
    assert data["backend"]


def test_health_503_when_index_missing(tmp_path: Path):
    settings = Settings(corpus_dir=PROJECT_ROOT / "corpus", index_dir=tmp_path / "no-index")
    app = create_app(settings=settings)
    response = TestClient(app).get("/api/health")
    assert response.status_code == 503
    data = response.json()
    assert data["ok"] is False and data["built"] is False and data["error"]
    assert not app.state.assistant_holder.built, "health never builds the index"
    assert not (tmp_path / "no-index").exists() or not any((tmp_path / "no-index").iterdir())


def test_create_app_builds_nothing(tmp_path: Path):
    app = create_app(settings=Settings(corpus_dir=PROJECT_ROOT / "corpus", index_dir=tmp_path / "idx"))
    assert not app.state.assistant_holder.built
    assert not (tmp_path / "idx").exists()


def test_ui_is_mounted(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "<html" in response.text.lower()


# ---------------------------------------------------------------- UI handlers


def test_chat_turn_escapes_and_cites(assistant):
    holder = AssistantHolder(assistant=assistant)
    chat, box, questions, _ = chat_turn(holder, "<img src=x onerror=alert(1)>希望小屋由谁负责？", [], [])
    assert box == "" and questions == ["<img src=x onerror=alert(1)>希望小屋由谁负责？"]
    user, bot = chat
    assert "<img" not in user["content"] and "&lt;img" in user["content"]
    assert "<img" not in bot["content"]
    assert "<details" in bot["content"] and "第五项" in bot["content"] and "团市委" in bot["content"]


def test_source_cards_highlight_instead_of_repeating(assistant):
    from assistant.web.app import sources_html

    answer = assistant.ask("希望小屋由哪个单位负责？", [])
    assert any(s.kind == "text" for s in answer.sources), "the engine cites matching sentences"
    cards = sources_html(assistant, answer)
    assert cards.count('<details class="src-card"') == sum(1 for s in answer.sources if s.kind != "text")
    assert "<mark>" in cards and "第五项" in cards


def test_chat_turn_passes_history(assistant):
    holder = AssistantHolder(assistant=assistant)
    chat, _, questions, cited = chat_turn(holder, "希望小屋是给哪些孩子建的？", [], [])
    chat, _, questions, cited = chat_turn(holder, "那它由谁负责？", chat, questions, cited)
    assert len(chat) == 4 and "团市委" in chat[-1]["content"]


def test_chat_turn_shows_notice(assistant):
    chat, _, _, _ = chat_turn(AssistantHolder(assistant=assistant), "希望小屋由谁负责？" + "啊" * 3000, [], [])
    assert 'class="notice"' in chat[-1]["content"]


def test_chat_turn_engine_error(built_settings, caplog):
    class Broken:
        settings = built_settings

        def ask(self, question, history):
            raise RuntimeError("boom")

    with caplog.at_level("ERROR", logger="assistant.web.app"):
        chat, _, _, _ = chat_turn(AssistantHolder(assistant=Broken()), "希望小屋由谁负责？", [], [])
    assert chat[-1]["content"] == ERROR_MESSAGE.replace("'", "&#x27;")
    assert "boom" not in chat[-1]["content"] and "Traceback" not in chat[-1]["content"]
    assert caplog.records


def test_staff_lookup(assistant):
    table, script = lookup(AssistantHolder(assistant=assistant), "两癌筛查")
    assert 'data-item="1"' in table and "市妇联" in table and "40万名" in table
    assert "第一项" in script or "40万" in script


def test_unit_lookup_lists_every_item(assistant):
    html = unit_lookup(AssistantHolder(assistant=assistant), "市民政局")
    for n in (1, 4, 6, 7):
        assert f'data-item="{n}"' in html
    assert html.count("<tr data-item=") == 4
    assert "牵头 / lead" in html and "责任 / responsible" in html


# ---------------------------------------------------------------- concurrency on a live server


@pytest.fixture(scope="module")
def live_url(app):
    with serve_in_thread(app) as url:
        yield url


CONCURRENT = [
    ("村里的农家书屋归谁管？", 10, "市文化和旅游局"),
    ("希望小屋由哪个单位负责？", 5, "团市委"),
    ("残疾儿童康复救助由哪个部门牵头？", 7, "市残联"),
    ("Which department leads the cancer screening for women?", 1, "市妇联"),
]


def test_concurrent_requests(live_url):
    def one(n: int) -> tuple[dict, int, str]:
        question, item, unit = CONCURRENT[n % len(CONCURRENT)]
        response = httpx.post(f"{live_url}/api/ask", json={"question": question, "history": []}, timeout=60)
        assert response.status_code == 200
        return response.json(), item, unit

    barrier = threading.Barrier(16)

    def synced(n: int):
        barrier.wait(10)
        return one(n)

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(synced, range(16)))
    for data, item, unit in results:
        assert data["status"] == "answered"
        assert data["items"][0] == item
        assert unit in data["lead_units"] + data["responsible_units"]
    assert httpx.get(f"{live_url}/api/health", timeout=10).status_code == 200
