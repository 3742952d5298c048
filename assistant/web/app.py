"""The web app: a Gradio UI (residents' chat, staff lookup) and an HTTP JSON API in one FastAPI app.

Gradio is imported here and nowhere else in the package. Nothing is built at import: the
assistant is built on first use (or by :func:`serve` before the server starts).
Every piece of text that reaches HTML built here goes through :func:`html.escape`.
Residents' endpoints need nothing; staff endpoints need ``Authorization: Bearer <ASSISTANT_STAFF_TOKEN>``
(see ``guard.py`` for the token, limits and headers). Site text comes from ``assistant.sitetext``.
"""

from __future__ import annotations

import html
import logging
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from fastapi import Depends, FastAPI, File, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, StrictInt, StrictStr

from assistant.corpus.loading import POLICY_SUFFIXES
from assistant.plan_store import PlanError, PlanNotFound, PlanStore, PublishError
from assistant.querylog import QueryLog, insights, questions_per_item_per_day
from assistant.settings import Settings
from assistant.sitetext import SiteText, site_text
from assistant.web import guard, staff

if TYPE_CHECKING:
    from assistant.answering.assistant import PolicyAssistant

log = logging.getLogger(__name__)

RATE_MESSAGE = "提问太频繁，请稍后再试。/ Too many questions in a short time; please try again in a minute."
ERROR_MESSAGE = "抱歉，系统暂时出错，请稍后再试。/ Sorry, something went wrong. Please try again later."
LOOKUP_RATIO = 0.25  # staff lookup lists further items scoring at least this share of the best
KIND_LABEL = {
    "item": ("条款原文", "clause"),
    "faq": ("常见问题", "FAQ"),
    "text": ("相关原文", "matching text"),
}


class AskRequest(BaseModel):
    question: StrictStr
    history: list[StrictStr] | None = None


class FeedbackRequest(BaseModel):
    question: StrictStr = Field(max_length=20000)
    vote: Literal["up", "down"]
    answer_item: StrictInt | None = None  # the item the answer cited first
    document: StrictStr | None = None


class AssistantHolder:
    """Builds the assistant once, on first use, from the settings; thread-safe."""

    def __init__(self, settings: Settings | None = None, assistant: PolicyAssistant | None = None) -> None:
        self._settings = settings
        self._assistant = assistant
        self._lock = threading.Lock()

    @property
    def settings(self) -> Settings:
        """The settings given (web limits, staff token), else the assistant's, else the environment's."""
        if self._settings is None:
            self._settings = self._assistant.settings if self._assistant is not None else Settings.from_env()
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

    def embeddings(self) -> Any:
        """The loaded embedding model, for a publish build (the assistant is built first if it is not yet)."""
        return self.get().retriever.embeddings

    def refresh(self) -> None:
        """Serve a build that was just swapped in (a publish through this process)."""
        if self._assistant is not None:
            self._assistant.refresh(force=True)

    def documents(self) -> list[Any]:
        """The indexed plans (the parsed corpus when the assistant is not built yet)."""
        if self._assistant is not None:
            return list(self._assistant.corpus.documents)
        from assistant.corpus.loading import load_documents

        return list(load_documents(self.settings.corpus_dir))

    def site(self) -> SiteText:
        """Title, plan titles and example questions; generic text when the corpus cannot be read."""
        try:
            return site_text(self.settings.corpus_dir, self.documents())
        except Exception:  # noqa: BLE001 - a broken corpus is reported by /api/health, not by the page title
            log.exception("site text failed")
            return SiteText(title="政策问答 · Policy Assistant", plans=(), examples=())

    def item_titles(self) -> dict[tuple[str, int], str]:
        try:
            return {(d.doc_id, it.number): it.title for d in self.documents() for it in d.items}
        except Exception:  # noqa: BLE001
            return {}

    def health(self) -> dict[str, Any]:
        """The index status; never builds anything and never raises."""
        try:
            from assistant.search.index import health

            if self._assistant is not None:
                return health(self._assistant.settings, self._assistant.corpus)
            from assistant.corpus.loading import load_corpus

            return health(self.settings, load_corpus(self.settings.corpus_dir))
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
            + (f'<div class="src-doc">《{_e(source.document_title)}》</div>' if source.document_title else "")
            + "</details>"
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


def _anchor(assistant: PolicyAssistant, doc_id: str, number: int) -> str:
    """The full-text anchor of an item: ``item-N`` for the first plan, ``<plan>-item-N`` for the others (ids stay unique)."""
    documents = assistant.corpus.documents
    return f"item-{number}" if not documents or documents[0].doc_id == doc_id else f"{doc_id}-item-{number}"


def items_table(assistant: PolicyAssistant, rows: list[tuple[Any, Any, str]], *, role: bool = False) -> str:
    """rows: (document, item, extra) -> an HTML table (item, measure, figures, lead, responsible[, role])."""
    if not rows:
        return '<p class="muted">没有找到相关条目。/ No matching items.</p>'
    head = "<th>项 / Item</th><th>措施 / Measure</th><th>数字 / Figures</th><th>牵头单位 / Lead</th><th>责任单位 / Responsible</th>"
    if role:
        head += "<th>角色 / Role</th>"
    body = []
    several = len(assistant.corpus.documents) > 1
    for doc, item, extra in rows:
        plan = f'<br><span class="muted">《{_e(doc.title)}》</span>' if several else ""
        cells = (
            f'<td><a href="#{_e(_anchor(assistant, doc.doc_id, item.number))}">第{_e(item.numeral)}项</a></td>'
            f"<td>{_e(item.title)}{plan}</td><td>{_e(_figures(item))}</td>"
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
                f'<section class="policy-item" id="{_e(_anchor(assistant, doc.doc_id, item.number))}"><h4>第{_e(item.numeral)}项（{item.number}）{_e(item.title)}</h4>'
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
    holder: AssistantHolder,
    message: str,
    chat: list[Any] | None,
    questions: list[str] | None,
    cited: list[Any] | None = None,
    *,
    allowed: bool = True,
) -> tuple[list[Any], str, list[str], list[Any]]:
    """One chat turn: the new chat, an empty input box, the questions asked so far, and per chat message
    what it cited (``None`` for a question; ``{"question", "document", "item"}`` for an answer) for feedback.
    ``allowed=False`` (the client is over the rate limit) answers so without asking the engine."""
    chat = list(chat or [])
    questions = list(questions or [])
    cited = list(cited or [])
    cited += [None] * (len(chat) - len(cited))
    message = message if isinstance(message, str) else ""
    if not message.strip():
        return chat, "", questions, cited
    chat.append({"role": "user", "content": _e(message)})
    cited.append(None)
    if not allowed:
        chat.append({"role": "assistant", "content": _e(RATE_MESSAGE)})
        cited.append(None)
        return chat, message, questions, cited  # the question stays in the box, to send again later
    try:
        assistant = holder.get()
        answer = assistant.ask(message, questions)
        chat.append({"role": "assistant", "content": answer_html(assistant, answer)})
        cited.append({"question": message, "document": answer.document, "item": answer.items[0] if answer.items else None})
    except Exception:
        log.exception("ask failed in the chat")
        chat.append({"role": "assistant", "content": _e(ERROR_MESSAGE)})
        cited.append({"question": message, "document": None, "item": None})
    questions.append(message)
    return chat, "", questions, cited


def record_feedback(query_log: QueryLog | None, cited: list[Any] | None, index: Any, liked: Any) -> bool:
    """A 👍/👎 on the chat message at ``index``: logged with the question and the item it cited."""
    if query_log is None or not isinstance(index, int) or isinstance(liked, str) or not isinstance(liked, bool):
        return False
    entry = (cited or [])[index] if 0 <= index < len(cited or []) else None
    if not isinstance(entry, dict):
        return False
    try:
        query_log.record_feedback(entry["question"], "up" if liked else "down", entry.get("item"), entry.get("document"))
    except OSError:
        log.exception("could not write feedback to the question log")
        return False
    return True


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


STAFF_LOGIN_JS = """async (token) => {
  try { await fetch('/api/staff/session', {method: 'POST', headers: {Authorization: 'Bearer ' + token}, credentials: 'same-origin'}); }
  catch (e) {}
  return token;
}"""


def heading_md(site: SiteText) -> str:
    return f"## {site.title}"


def note_html(site: SiteText) -> str:
    return f'<div class="plan-note">{_e(site.note_zh)}<br>{_e(site.note_en)}</div>'


class StaffDesk:
    """The staff panel's handlers: every one checks the token the user entered (constant time) first."""

    def __init__(self, holder: AssistantHolder, store: PlanStore, query_log: QueryLog | None) -> None:
        self.holder = holder
        self.store = store
        self.query_log = query_log

    def allowed(self, token: str | None) -> bool:
        return guard.token_matches(self.holder.settings, token)

    def plan_choices(self) -> list[tuple[str, str]]:
        return [(f"{p['plan']} · {p.get('title') or ''} ({p['status']})", p["plan"]) for p in self.store.plans()]

    def insights(self, days: int) -> dict[str, Any]:
        return insights(self.query_log, days, self.holder.item_titles())

    def chart(self, days: int) -> Any:
        titles = self.holder.item_titles()
        series = questions_per_item_per_day(self.query_log, days)
        labels = {k: f"{k[1]}. {titles.get(k, '')[:14]}" for k in series}
        return staff.questions_chart(series, labels, days)


class ChatLimiter:
    """The API's per-client rate limit applied to the chat as well (Gradio's queue is reachable without the UI)."""

    def __init__(self, limiter: Any, rate: str) -> None:
        from limits import parse_many

        self._limiter = limiter
        self._items = parse_many(rate) if rate != "off" else []

    def allow(self, client: str | None) -> bool:
        if not client:  # no address to count against (a direct call, not an HTTP request)
            return True
        return all(self._limiter.limiter.hit(item, "chat", client) for item in self._items)


def build_ui(holder: AssistantHolder, desk: StaffDesk | None = None, chat_limit: ChatLimiter | None = None) -> Any:
    import gradio as gr

    site = holder.site()
    query_log = desk.query_log if desk else QueryLog.from_settings(holder.settings)

    def respond(
        message: str, chat: list[Any], questions: list[str], cited: list[Any], request: Any = None
    ) -> tuple[list[Any], str, list[str], list[Any]]:
        client = getattr(getattr(request, "client", None), "host", None)
        allowed = chat_limit.allow(client) if chat_limit is not None and isinstance(message, str) and message.strip() else True
        return chat_turn(holder, message, chat, questions, cited, allowed=allowed)

    def ask_example(sample: list[str], chat: list[Any], questions: list[str], cited: list[Any], request: Any = None) -> Any:
        return respond(sample[0], chat, questions, cited, request)

    for handler in (respond, ask_example):
        handler.__annotations__["request"] = gr.Request  # Gradio passes the request by the (evaluated) annotation

    def on_like(cited: list[Any], data: Any) -> None:
        record_feedback(query_log, cited, data.index, data.liked)

    on_like.__annotations__["data"] = gr.LikeData  # Gradio injects event data by the (evaluated) annotation

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

    def site_update() -> tuple[str, str, Any]:
        now = holder.site()
        return heading_md(now), note_html(now), gr.update(samples=[[q] for q in now.examples])

    with gr.Blocks(title=site.title, analytics_enabled=False) as ui:
        heading = gr.Markdown(heading_md(site), elem_id="site-title")
        note = gr.HTML(note_html(site), elem_id="site-note")
        with gr.Tabs():
            with gr.Tab("咨询 / Ask", id="ask"):
                questions = gr.State([])
                cited = gr.State([])
                chatbot = gr.Chatbot(
                    label="政策问答 / Chat",
                    height=520,
                    elem_id="chat",
                    sanitize_html=True,
                    buttons=["copy"],
                    feedback_options=("Like", "Dislike"),
                    placeholder="请用中文或英文提问 · Ask in Chinese or English",
                )
                with gr.Row():
                    box = gr.Textbox(
                        placeholder="请输入问题 / Type your question",
                        show_label=False,
                        scale=8,
                        elem_id="question",
                        max_length=holder.settings.max_question_chars * 10,
                    )
                    send = gr.Button("发送 / Send", variant="primary", scale=1, elem_id="send")
                    clear = gr.Button("新话题 / New topic", scale=1, elem_id="new-topic")
                examples = gr.Dataset(
                    components=[gr.Textbox(visible=False)],
                    samples=[[q] for q in site.examples],
                    label="示例问题 / Example questions（点击即问 / click to ask）",
                    elem_id="examples",
                    type="values",
                    samples_per_page=20,
                )
                examples.click(ask_example, [examples, chatbot, questions, cited], [chatbot, box, questions, cited])
                box.submit(respond, [box, chatbot, questions, cited], [chatbot, box, questions, cited])
                send.click(respond, [box, chatbot, questions, cited], [chatbot, box, questions, cited])
                clear.click(lambda: ([], "", [], []), None, [chatbot, box, questions, cited])
                chatbot.clear(lambda: ([], []), None, [questions, cited])
                chatbot.like(on_like, [cited], None)

            with gr.Tab("热线速查 / Staff lookup", id="staff"):
                with gr.Row():
                    search = gr.Textbox(
                        label="搜索 / Search",
                        placeholder="关键词或来电问题 / keyword or caller's question",
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
                changes = _staff_panel(gr, desk) if desk is not None else []  # only with ASSISTANT_STAFF_TOKEN set
                with gr.Accordion("方案全文 / Full policy text", open=True):
                    full_text = gr.HTML(elem_id="policy-text")
        for change in changes:  # a plan published or unpublished: the page shows the plans now served
            change.then(site_update, None, [heading, note, examples]).then(policy_text, None, full_text).then(units_update, None, unit)
        ui.load(units_update, None, unit)
        ui.load(policy_text, None, full_text)
        ui.load(site_update, None, [heading, note, examples])
    return ui


def _staff_panel(gr: Any, desk: StaffDesk) -> list[Any]:
    """Upload → preview → publish; the plan list with unpublish; insights. Shown after the token is entered.
    Returns the publish and unpublish events, for the page to refresh what depends on the plans."""
    denied = "口令无效 / Invalid staff token."

    def plans_out() -> tuple[str, Any]:
        return staff.plans_html(desk.store.plans()), gr.update(choices=desk.plan_choices(), value=None)

    def enter(token: str) -> tuple[Any, ...]:
        if not desk.allowed(token):
            return "", gr.update(visible=False), denied, gr.update(), gr.update(), gr.update(), gr.update()
        days = 30
        return (token, gr.update(visible=True), "", *plans_out(), desk.chart(days), staff.insights_html(desk.insights(days)))

    def upload(token: str, path: str | None) -> tuple[Any, ...]:
        if not desk.allowed(token):
            return "", "", denied, gr.update(interactive=False)
        if not path:
            return "", "", "", gr.update(interactive=False)
        from pathlib import Path

        file = Path(path)
        try:
            preview = desk.store.add_draft(file.name, file.read_bytes())
        except PlanError as exc:
            return f'<p class="error">{_e(exc)}</p>', "", f"无法读取 / Cannot read: {exc}", gr.update(interactive=False)
        finally:
            file.unlink(missing_ok=True)  # Gradio's temp copy: the draft folder keeps the file
        return (
            staff.preview_html(preview),
            preview["plan"],
            "草稿已保存，核对后发布。/ Draft saved; check it, then publish.",
            gr.update(interactive=True),
        )

    def publish(token: str, plan: str) -> tuple[Any, ...]:
        if not desk.allowed(token):
            return denied, gr.update(), gr.update(), gr.update(interactive=False)
        if not plan:
            return "请先上传方案。/ Upload a plan first.", gr.update(), gr.update(), gr.update(interactive=False)
        try:
            result = desk.store.publish(plan)
        except PlanNotFound:
            return f"没有草稿 {plan} / no draft {plan}", *plans_out(), gr.update(interactive=False)
        except PublishError as exc:
            return f"发布失败，原索引继续服务 / Publish failed, the previous index keeps serving: {exc}", *plans_out(), gr.update()
        return f"已发布《{result['title']}》({plan})。/ Published.", *plans_out(), gr.update(interactive=False)

    def remove(token: str, plan: str | None) -> tuple[Any, ...]:
        if not desk.allowed(token):
            return denied, gr.update(), gr.update()
        if not plan:
            return "请选择方案。/ Pick a plan.", gr.update(), gr.update()
        try:
            result = desk.store.delete(plan)
        except PlanNotFound:
            return f"没有方案 {plan} / no plan {plan}", *plans_out()
        except PublishError as exc:
            return f"撤下失败，原索引继续服务 / Unpublish failed, the previous index keeps serving: {exc}", *plans_out()
        done = "已撤下 / unpublished" if result["unpublished"] else "草稿已删除 / draft removed"
        return f"{plan}: {done}", *plans_out()

    def refresh(token: str, days: float | None) -> tuple[Any, Any]:
        if not desk.allowed(token):
            return gr.update(), denied
        n = max(1, min(int(days or 30), 3650))
        return desk.chart(n), staff.insights_html(desk.insights(n))

    with gr.Accordion("管理 / Management", open=False, elem_id="staff-admin"):
        with gr.Row():
            token_box = gr.Textbox(label="员工口令 / Staff token", type="password", scale=6, elem_id="staff-token")
            enter_btn = gr.Button("进入 / Enter", scale=1, elem_id="staff-enter")
        token_state = gr.State("")
        enter_msg = gr.Markdown(elem_id="staff-enter-status")
        with gr.Column(visible=False, elem_id="staff-panel") as panel:
            gr.Markdown("### 上传方案 / Upload a plan")
            accepted = list(POLICY_SUFFIXES)
            file = gr.File(
                label=f"方案文件 / Plan file ({' '.join(accepted)})", type="filepath", file_types=accepted, elem_id="plan-upload"
            )
            preview = gr.HTML(elem_id="plan-preview")
            draft = gr.State("")
            publish_btn = gr.Button("发布 / Publish", variant="primary", interactive=False, elem_id="plan-publish")
            status = gr.Markdown(elem_id="plan-status")
            gr.Markdown("### 方案列表 / Plans")
            plans = gr.HTML(elem_id="plans-list")
            with gr.Row():
                pick = gr.Dropdown(label="方案 / Plan", choices=[], elem_id="plan-pick", interactive=True, scale=6)
                remove_btn = gr.Button("撤下 / Unpublish", variant="stop", scale=1, elem_id="plan-remove")
            gr.Markdown("### 问题洞察 / Insights")
            with gr.Row():
                days = gr.Number(value=30, label="最近天数 / last N days", precision=0, elem_id="insights-days", scale=2)
                refresh_btn = gr.Button("刷新 / Refresh", scale=1, elem_id="insights-refresh")
            chart = gr.Plot(elem_id="insights-chart", label="每天被问到的条目 / Questions per item per day", show_label=False)
            tables = gr.HTML(elem_id="insights")
        enter_btn.click(enter, token_box, [token_state, panel, enter_msg, plans, pick, chart, tables], js=STAFF_LOGIN_JS)
        file.upload(upload, [token_state, file], [preview, draft, status, publish_btn])
        published = publish_btn.click(publish, [token_state, draft], [status, plans, pick, publish_btn])
        removed = remove_btn.click(remove, [token_state, pick], [status, plans, pick])
        refresh_btn.click(refresh, [token_state, days], [chart, tables])
    return [published, removed]


# ---------------------------------------------------------------- the FastAPI app


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_app(settings: Settings | None = None, assistant: PolicyAssistant | None = None) -> FastAPI:
    """One FastAPI app: the residents' API, the staff API and the Gradio UI at ``/``. Builds nothing now."""
    import gradio as gr
    from slowapi.errors import RateLimitExceeded

    holder = AssistantHolder(settings, assistant)
    settings = holder.settings
    query_log = QueryLog.from_settings(settings)
    store = PlanStore(settings, embeddings=holder.embeddings, on_swap=holder.refresh)
    desk = StaffDesk(holder, store, query_log) if settings.staff_token else None
    limiter = guard.make_limiter(settings)
    rate = settings.rate_limit if settings.rate_limit != "off" else "1000000/second"

    app = FastAPI(title="Policy assistant", docs_url="/api/docs", openapi_url="/api/openapi.json", redoc_url=None)
    app.state.assistant_holder = holder
    app.state.settings = settings
    app.state.plan_store = store
    app.state.limiter = limiter
    app.add_exception_handler(RateLimitExceeded, guard.rate_limited)
    staff_only = [Depends(guard.require_staff)]

    @app.post("/api/ask")
    @limiter.limit(rate)
    def api_ask(request: Request, body: AskRequest) -> Any:
        try:
            data = holder.get().ask(body.question, list(body.history or [])).to_dict()
        except Exception as exc:
            log.exception("/api/ask failed")
            return _error(500, f"internal error ({type(exc).__name__})")
        data["question"] = body.question.strip()[: settings.max_question_chars]  # never echo more than was read
        return data

    @app.post("/api/feedback")
    @limiter.limit(rate)
    def api_feedback(request: Request, body: FeedbackRequest) -> Any:
        if query_log is None:
            return {"recorded": False, "reason": "the question log is off (ASSISTANT_LOG_DIR)"}
        try:
            query_log.record_feedback(body.question[: settings.max_question_chars], body.vote, body.answer_item, body.document)
        except OSError:
            log.exception("could not write feedback")
            return _error(500, "could not record the feedback")
        return {"recorded": True}

    @app.get("/api/health")
    def api_health() -> JSONResponse:
        status = holder.health()
        return JSONResponse(status, status_code=200 if status.get("ok") else 503)

    @app.post("/api/staff/session", dependencies=staff_only, status_code=204)
    def api_staff_session() -> Response:
        """Sets the staff cookie that Gradio's upload route accepts (the UI calls this when the token is entered)."""
        response = Response(status_code=204)
        response.set_cookie(guard.STAFF_COOKIE, guard.session_value(settings), httponly=True, samesite="strict", path="/")
        return response

    @app.get("/api/plans", dependencies=staff_only)
    def api_plans() -> Any:
        return {"plans": store.plans()}

    @app.post("/api/plans", dependencies=staff_only)
    async def api_upload(file: UploadFile = File(...)) -> Any:
        data = await file.read(settings.max_upload_bytes + 1)
        if len(data) > settings.max_upload_bytes:
            return _error(413, f"the file is over {settings.max_upload_bytes} bytes")
        try:  # parsing a large PDF or DOCX takes a while: off the event loop
            preview = await run_in_threadpool(store.add_draft, file.filename or "", data)
        except PlanError as exc:
            return _error(422, str(exc))
        return {k: preview[k] for k in ("plan", "title", "status", "items", "warnings")}

    @app.post("/api/plans/{plan}/publish", dependencies=staff_only)
    def api_publish(plan: str) -> Any:
        try:
            result = store.publish(plan)
        except PlanNotFound:
            return _error(404, f"no draft {plan!r}")
        except PublishError as exc:
            log.exception("publishing %s failed", plan)
            return _error(409, str(exc))
        return {k: result[k] for k in ("plan", "title", "status", "items", "published_at", "warnings")}

    @app.delete("/api/plans/{plan}", dependencies=staff_only)
    def api_delete(plan: str) -> Any:
        try:
            return store.delete(plan)
        except PlanNotFound:
            return _error(404, f"no plan {plan!r}")
        except PublishError as exc:
            log.exception("unpublishing %s failed", plan)
            return _error(409, str(exc))

    @app.get("/api/insights", dependencies=staff_only)
    def api_insights(days: int = Query(30, ge=1, le=3650)) -> Any:
        return insights(query_log, days, holder.item_titles())

    theme = gr.themes.Default(
        font=["Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "sans-serif"],
        font_mono=["Noto Sans Mono CJK SC", "DejaVu Sans Mono", "monospace"],
    )
    mounted = gr.mount_gradio_app(
        app,
        build_ui(holder, desk, ChatLimiter(limiter, settings.rate_limit)),
        path="/",
        ssr_mode=False,
        theme=theme,
        css=CSS,
        footer_links=["api"],
        max_file_size=settings.max_upload_bytes,
    )
    mounted.add_middleware(guard.Guard, settings=settings)  # outermost: limits and headers before anything else
    return mounted


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
    staff_note = "staff API on" if settings.staff_token else "staff API off (ASSISTANT_STAFF_TOKEN unset)"
    print(f"serving http://{host}:{port}/  (API: POST /api/ask, GET /api/health; {staff_note})", file=sys.stderr, flush=True)
    uvicorn.run(create_app(settings, assistant), host=host, port=port, log_level="info")
