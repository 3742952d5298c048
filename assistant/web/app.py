"""The web app: a Gradio UI (residents' chat, staff lookup) and an HTTP JSON API in one FastAPI app.

Gradio is imported here and nowhere else in the package. Nothing is built at import: the
assistant is built on first use (or by :func:`serve` before the server starts).
Every piece of text that reaches HTML built here goes through :func:`html.escape`.
"""

from __future__ import annotations

import html
import logging
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel, StrictStr

from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.answering.assistant import PolicyAssistant

log = logging.getLogger(__name__)

PLAN_TITLE = "临沂市2022年关爱妇女儿童十件实事工作方案"
ERROR_MESSAGE = "抱歉，系统暂时出错，请稍后再试。/ Sorry, something went wrong. Please try again later."
EXAMPLES = (
    "村里的农家书屋归谁管？",
    "“两癌”筛查一共有多少名额？",
    "希望小屋是给哪些孩子建的？",
    "残疾儿童康复救助由哪个部门牵头？",
    "孤困儿童救助有哪些单位参与？",
    "Who is responsible for the Hope House project?",
    "How many disabled children will receive rehabilitation aid?",
    "What does the plan say about women's rights in rural collective property reform?",
)
LOOKUP_RATIO = 0.25  # staff lookup lists further items scoring at least this share of the best
KIND_LABEL = {
    "item": ("条款原文", "clause"),
    "faq": ("常见问题", "FAQ"),
    "text": ("相关原文", "matching text"),
}


class AskRequest(BaseModel):
    question: StrictStr
    history: list[StrictStr] | None = None


class AssistantHolder:
    """Builds the assistant once, on first use, from the settings; thread-safe."""

    def __init__(self, settings: Settings | None = None, assistant: PolicyAssistant | None = None) -> None:
        self._settings = settings
        self._assistant = assistant
        self._lock = threading.Lock()

    @property
    def settings(self) -> Settings:
        if self._assistant is not None:
            return self._assistant.settings
        if self._settings is None:
            self._settings = Settings.from_env()
        return self._settings

    @property
    def built(self) -> bool:
        return self._assistant is not None

    def get(self, progress: Callable[[int, int], None] | None = None) -> PolicyAssistant:
        if self._assistant is None:
            with self._lock:
                if self._assistant is None:
                    from assistant.answering.assistant import PolicyAssistant

                    self._assistant = PolicyAssistant.from_settings(self.settings, progress=progress)
        return self._assistant

    def health(self) -> dict[str, Any]:
        """The index status; never builds anything and never raises."""
        try:
            if self._assistant is not None:
                return self._assistant.health()
            from assistant.corpus.loading import load_corpus
            from assistant.search.embeddings import backend_name
            from assistant.search.index import index_status

            corpus = load_corpus(self.settings.corpus_dir)
            status = index_status(self.settings, backend_name(self.settings.embeddings), corpus.content_hash)
            status["documents"] = len(corpus.documents)
            status["items"] = sum(len(d.items) for d in corpus.documents)
            status["faq"] = len(corpus.faq)
            return status
        except Exception as exc:  # noqa: BLE001 - health reports, it does not fail
            log.exception("health check failed")
            return {"built": False, "ok": False, "error": f"{type(exc).__name__}: {exc}"}


# ---------------------------------------------------------------- HTML pieces (all escaped)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _text_html(text: str) -> str:
    return "<br>".join(_e(line) for line in text.split("\n"))


def _unit_names(units: Any, glossary: Any, language: str) -> str:
    if not units:
        return "— (none named)" if language == "en" else "—（本项未列）"
    if language == "en":
        return "、".join(f"{_e(u)} ({_e(glossary.english(u))})" for u in units)
    return "、".join(_e(u) for u in units)


def _item_label(assistant: PolicyAssistant, document: str, number: int, language: str) -> str:
    doc = assistant.documents.get(document)
    item = doc.item(number) if doc and number else None
    if item is None:
        return "全文 / whole plan" if number == 0 else f"第{number}项"
    zh = f"第{item.numeral}项"
    title = _e(item.title)
    return f"{zh} · Item {item.number} · {title}" if language == "en" else f"{zh} · {title}"


def sources_html(assistant: PolicyAssistant, answer: Any) -> str:
    """Expandable source cards (<details>) for an answer's citations.

    A matching sentence of an item already shown as a whole is highlighted in that card
    instead of repeated as a card of its own.
    """
    glossary = assistant.corpus.glossary
    lang = answer.language
    sources = list(answer.sources)
    whole = {(s.document, s.item): s.text for s in sources if s.kind == "item"}
    marks: dict[tuple[str, int], list[str]] = {}
    shown = []
    for source in sources:
        key = (source.document, source.item)
        if source.kind == "text" and key in whole and source.text.strip() and source.text.strip() in whole[key]:
            marks.setdefault(key, []).append(source.text.strip())
        else:
            shown.append(source)
    cards = []
    for n, source in enumerate(shown):
        zh_kind, en_kind = KIND_LABEL.get(source.kind, (source.kind, source.kind))
        kind = f"{zh_kind} / {en_kind}" if lang == "en" else zh_kind
        units = ""
        if source.lead_units or source.responsible_units:
            units = (
                f'<div class="src-units"><b>牵头单位</b>：{_unit_names(source.lead_units, glossary, lang)}'
                f"<br><b>责任单位</b>：{_unit_names(source.responsible_units, glossary, lang)}</div>"
            )
        text = _text_html(source.text)
        if source.kind == "item":
            for sentence in marks.get((source.document, source.item), []):
                escaped = _text_html(sentence)
                if escaped != text:
                    text = text.replace(escaped, f"<mark>{escaped}</mark>", 1)
        cards.append(
            f'<details class="src-card"{" open" if n == 0 else ""}><summary>{_item_label(assistant, source.document, source.item, lang)}'
            f' <span class="src-kind">（{_e(kind)}）</span></summary>'
            f'<div class="src-text">{text}</div>{units}'
            f'<div class="src-doc">《{_e(source.document_title or PLAN_TITLE)}》</div></details>'
        )
    if not cards:
        return ""
    head = "Sources" if lang == "en" else "出处"
    return f'<div class="src-cards"><div class="src-head">{head}</div>{"".join(cards)}</div>'


def answer_html(assistant: PolicyAssistant, answer: Any) -> str:
    parts = []
    if answer.notice:
        parts.append(f'<div class="notice">注意 / Notice：{_e(answer.notice)}</div>')
    parts.append(f'<div class="answer-text">{_text_html(answer.answer)}</div>')
    parts.append(sources_html(assistant, answer))
    return "".join(parts)


def _figures(item: Any) -> str:
    return "、".join(dict.fromkeys(f.text for f in item.figures)) or "—"


def items_table(assistant: PolicyAssistant, rows: list[tuple[Any, Any, str]], *, role: bool = False) -> str:
    """rows: (document, item, extra) -> an HTML table (item, measure, figures, lead, responsible[, role])."""
    if not rows:
        return '<p class="muted">没有找到相关条目。/ No matching items.</p>'
    head = "<th>项 / Item</th><th>措施 / Measure</th><th>数字 / Figures</th><th>牵头单位 / Lead</th><th>责任单位 / Responsible</th>"
    if role:
        head += "<th>角色 / Role</th>"
    body = []
    for _doc, item, extra in rows:
        cells = (
            f'<td><a href="#item-{item.number}">第{_e(item.numeral)}项</a></td><td>{_e(item.title)}</td><td>{_e(_figures(item))}</td>'
            f"<td>{_e('、'.join(item.lead_units) or '—')}</td><td>{_e('、'.join(item.responsible_units) or '—')}</td>"
        )
        if role:
            cells += f"<td>{_e(extra)}</td>"
        body.append(f'<tr data-item="{item.number}">{cells}</tr>')
    return f'<table class="items-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def policy_html(assistant: PolicyAssistant) -> str:
    parts = []
    for doc in assistant.corpus.documents:
        parts.append(f'<h3 class="doc-title">《{_e(doc.title)}》</h3>')
        meta = " · ".join(_e(x) for x in (doc.issuer, doc.doc_number, doc.issue_date) if x)
        if meta:
            parts.append(f'<p class="muted">{meta}</p>')
        for item in doc.items:
            parts.append(
                f'<section class="policy-item" id="item-{item.number}"><h4>第{_e(item.numeral)}项（{item.number}）{_e(item.title)}</h4>'
                f"<p>{_e(item.body)}</p><p class='unit-clause'>{_e(item.unit_clause)}</p></section>"
            )
    return "".join(parts)


def unit_choices(assistant: PolicyAssistant) -> list[tuple[str, str]]:
    used = {u for d in assistant.corpus.documents for it in d.items for u in it.units}
    return [(f"{u.name} · {u.en}", u.name) for u in assistant.corpus.glossary.units if u.name in used]


# ---------------------------------------------------------------- UI handlers


def _history_content(message: Any) -> str:
    content = message.get("content") if isinstance(message, dict) else getattr(message, "content", "")
    return content if isinstance(content, str) else str(content)


def chat_turn(
    holder: AssistantHolder, message: str, chat: list[Any] | None, questions: list[str] | None
) -> tuple[list[Any], str, list[str]]:
    """One chat turn: returns the new chat, an empty input box and the questions asked so far."""
    chat = list(chat or [])
    questions = list(questions or [])
    message = message if isinstance(message, str) else ""
    if not message.strip():
        return chat, "", questions
    chat.append({"role": "user", "content": _e(message)})
    try:
        assistant = holder.get()
        answer = assistant.ask(message, questions)
        chat.append({"role": "assistant", "content": answer_html(assistant, answer)})
    except Exception:
        log.exception("ask failed in the chat")
        chat.append({"role": "assistant", "content": _e(ERROR_MESSAGE)})
    questions.append(message)
    return chat, "", questions


def lookup(holder: AssistantHolder, text: str) -> tuple[str, str]:
    """Staff search: (table of best-matching items, ready-to-read answer script)."""
    text = text if isinstance(text, str) else ""
    if not text.strip():
        return '<p class="muted">请输入关键词或问题。/ Type a keyword or question.</p>', ""
    try:
        assistant = holder.get()
        answer = assistant.ask(text, [])
        order: list[tuple[str, int]] = []
        if answer.status != "out_of_scope":
            doc_id = answer.document or ""
            order += [(doc_id, n) for n in answer.items if n]
            ranked = assistant.retrieve(assistant.understand(text)).ranked
            best = ranked[0].score if ranked else 0.0
            for r in ranked:
                # other items only when they match a fair share as well as the best one does
                if r.item and (r.document, r.item) not in order and r.score >= best * LOOKUP_RATIO:
                    order.append((r.document, r.item))
        rows = []
        for doc_id, number in order[:5]:
            doc = assistant.documents.get(doc_id)
            item = doc.item(number) if doc else None
            if item is not None:
                rows.append((doc, item, ""))
        table = items_table(assistant, rows)
        if answer.notice:
            table = f'<div class="notice">注意 / Notice：{_e(answer.notice)}</div>' + table
        return table, answer.answer
    except Exception:
        log.exception("staff lookup failed")
        return f'<p class="error">{_e(ERROR_MESSAGE)}</p>', ""


def unit_lookup(holder: AssistantHolder, unit: str | None) -> str:
    if not unit:
        return '<p class="muted">请选择单位。/ Pick a unit.</p>'
    try:
        assistant = holder.get()
        rows = []
        for doc_id, number, role in assistant.unit_items(unit):
            doc = assistant.documents[doc_id]
            item = doc.item(number)
            if item is not None:
                rows.append((doc, item, "牵头 / lead" if role == "lead" else "责任 / responsible"))
        name = f"<p><b>{_e(unit)}</b> · {_e(assistant.corpus.glossary.english(unit))}：{len(rows)} 项 / items</p>"
        return name + items_table(assistant, rows, role=True)
    except Exception:
        log.exception("unit lookup failed")
        return f'<p class="error">{_e(ERROR_MESSAGE)}</p>'


# ---------------------------------------------------------------- the Gradio UI

CSS = """
.gradio-container, .gradio-container * { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
.plan-note { padding: 10px 14px; border-left: 4px solid #c0392b; background: #fdf3f2; border-radius: 6px; color: #333; }
.src-cards { margin-top: 10px; }
.src-head { font-weight: 600; margin-bottom: 4px; }
.src-card { border: 1px solid #d9d9d9; border-radius: 8px; margin: 6px 0; padding: 6px 10px; background: #fafafa; color: #222; }
.src-card summary { cursor: pointer; font-weight: 600; }
.src-kind { font-weight: 400; color: #666; font-size: 0.9em; }
.src-text { margin: 6px 0; line-height: 1.6; }
.src-text mark { background: #fff1a8; color: inherit; padding: 0 1px; }
.src-units { font-size: 0.95em; }
.src-doc { font-size: 0.85em; color: #666; margin-top: 4px; }
.notice { padding: 6px 10px; background: #fff7e0; border: 1px solid #f0c36d; border-radius: 6px; margin-bottom: 6px; color: #5a4500; }
.items-table { width: 100%; border-collapse: collapse; font-size: 0.95em; }
.items-table th, .items-table td { border: 1px solid #ddd; padding: 6px 8px; text-align: left; vertical-align: top; }
.items-table th { background: #f2f2f2; }
.items-table td:first-child, .items-table th:first-child { white-space: nowrap; }
.policy-item { border-top: 1px solid #eee; padding: 8px 0; scroll-margin-top: 12px; }
.policy-item:target { background: #fffbe6; }
.unit-clause { color: #444; font-weight: 600; }
.muted { color: #777; }
.error { color: #b00020; }
"""


def build_ui(holder: AssistantHolder) -> Any:
    import gradio as gr

    def respond(message: str, chat: list[Any], questions: list[str]) -> tuple[list[Any], str, list[str]]:
        return chat_turn(holder, message, chat, questions)

    def policy_text() -> str:
        try:
            return policy_html(holder.get())
        except Exception:
            log.exception("policy text failed")
            return f'<p class="error">{_e(ERROR_MESSAGE)}</p>'

    def units_update() -> Any:
        try:
            return gr.update(choices=unit_choices(holder.get()))
        except Exception:
            log.exception("unit list failed")
            return gr.update(choices=[])

    with gr.Blocks(title="临沂市关爱妇女儿童政策问答 · Policy Assistant", analytics_enabled=False) as ui:
        gr.Markdown("## 临沂市关爱妇女儿童政策问答 · Linyi Women & Children Policy Assistant")
        gr.HTML(
            f'<div class="plan-note">本助手的回答全部来自2022年方案《{PLAN_TITLE}》，并附上原文出处。'
            "方案未涉及的问题，请咨询相关主管部门。<br>"
            f"Answers come only from the 2022 plan 《{PLAN_TITLE}》, with the clause cited. "
            "For anything the plan does not cover, please contact the relevant government department.</div>"
        )
        with gr.Tabs():
            with gr.Tab("咨询 / Ask", id="ask"):
                questions = gr.State([])
                chatbot = gr.Chatbot(
                    label="政策问答 / Chat",
                    height=520,
                    elem_id="chat",
                    sanitize_html=True,
                    buttons=["copy"],
                    feedback_options=None,
                    placeholder="请用中文或英文提问 · Ask in Chinese or English",
                )
                with gr.Row():
                    box = gr.Textbox(
                        placeholder="例如：希望小屋由哪个单位负责？ / e.g. How many disabled children will be helped?",
                        show_label=False,
                        scale=8,
                        elem_id="question",
                        max_length=20000,
                    )
                    send = gr.Button("发送 / Send", variant="primary", scale=1, elem_id="send")
                    clear = gr.Button("新话题 / New topic", scale=1, elem_id="new-topic")
                gr.Markdown("**示例问题 / Example questions**（点击即问 / click to ask）")
                with gr.Row(elem_id="examples"):
                    for example in EXAMPLES:
                        btn = gr.Button(example, size="sm", variant="secondary")
                        btn.click(lambda c, q, e=example: respond(e, c, q), [chatbot, questions], [chatbot, box, questions])
                box.submit(respond, [box, chatbot, questions], [chatbot, box, questions])
                send.click(respond, [box, chatbot, questions], [chatbot, box, questions])
                clear.click(lambda: ([], "", []), None, [chatbot, box, questions])
                chatbot.clear(lambda: [], None, questions)

            with gr.Tab("热线速查 / Staff lookup", id="staff"):
                with gr.Row():
                    search = gr.Textbox(
                        label="搜索 / Search",
                        placeholder="关键词或来电问题，如：两癌筛查、希望小屋、残疾儿童 / keyword or caller's question",
                        scale=8,
                        elem_id="staff-search",
                        max_length=20000,
                    )
                    go = gr.Button("查询 / Look up", variant="primary", scale=1, elem_id="staff-go")
                results = gr.HTML(elem_id="staff-results")
                script = gr.Textbox(
                    label="答复口径（可直接朗读）/ Answer script", lines=4, interactive=False, buttons=["copy"], elem_id="staff-script"
                )
                search.submit(lambda t: lookup(holder, t), search, [results, script])
                go.click(lambda t: lookup(holder, t), search, [results, script])
                gr.Markdown("### 按单位查看 / Items by unit")
                unit = gr.Dropdown(label="单位 / Unit", choices=[], elem_id="unit-picker", interactive=True)
                unit_rows = gr.HTML(elem_id="unit-results")
                unit.change(lambda u: unit_lookup(holder, u), unit, unit_rows)
                with gr.Accordion("方案全文 / Full policy text", open=True):
                    full_text = gr.HTML(elem_id="policy-text")
        ui.load(units_update, None, unit)
        ui.load(policy_text, None, full_text)
    return ui


# ---------------------------------------------------------------- the FastAPI app


def create_app(settings: Settings | None = None, assistant: PolicyAssistant | None = None) -> FastAPI:
    """One FastAPI app: ``/api/ask``, ``/api/health`` and the Gradio UI at ``/``. Builds nothing now."""
    import gradio as gr

    holder = AssistantHolder(settings, assistant)
    app = FastAPI(title="Policy assistant", docs_url="/api/docs", openapi_url="/api/openapi.json", redoc_url=None)
    app.state.assistant_holder = holder

    @app.post("/api/ask")
    def api_ask(request: AskRequest) -> Any:
        try:
            answer = holder.get().ask(request.question, list(request.history or []))
            return answer.to_dict()
        except Exception as exc:
            log.exception("/api/ask failed")
            return JSONResponse({"error": f"internal error ({type(exc).__name__})"}, status_code=500)

    @app.get("/api/health")
    def api_health() -> JSONResponse:
        status = holder.health()
        return JSONResponse(status, status_code=200 if status.get("ok") else 503)

    theme = gr.themes.Default(
        font=["Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "sans-serif"],
        font_mono=["Noto Sans Mono CJK SC", "DejaVu Sans Mono", "monospace"],
    )
    return gr.mount_gradio_app(app, build_ui(holder), path="/", ssr_mode=False, theme=theme, css=CSS, footer_links=["api"])


def serve(settings: Settings | None = None, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Build the index if missing (with a progress line), then serve the app with uvicorn."""
    import uvicorn

    settings = settings or Settings.from_env()
    holder = AssistantHolder(settings)
    status = holder.health()
    if not status.get("ok"):
        print(f"index not ready ({status.get('error', 'missing')}); building it now ...", file=sys.stderr, flush=True)

    def progress(done: int, total: int) -> None:
        print(f"\rbuilding index: {done}/{total} chunks", end="\n" if done >= total else "", file=sys.stderr, flush=True)

    assistant = holder.get(progress=progress)
    print(f"serving http://{host}:{port}/  (API: POST /api/ask, GET /api/health)", file=sys.stderr, flush=True)
    uvicorn.run(create_app(settings, assistant), host=host, port=port, log_level="info")
