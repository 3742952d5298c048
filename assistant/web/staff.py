"""Staff views: a draft's preview, the plan list, insights tables and the questions-per-item chart.

Pure renderers over the plan store's and the question log's plain dicts; every text is escaped.
"""

from __future__ import annotations

import html
from collections import Counter
from datetime import date, timedelta
from typing import Any


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _units(units: list[str]) -> str:
    return _e("、".join(units) or "—")


def preview_html(preview: dict[str, Any]) -> str:
    """A draft: title, warnings, then one row per item (number, title, lead and responsible units)."""
    rows = "".join(
        f'<tr data-item="{_e(it["number"])}"><td>{_e(it.get("key") or it["number"])}</td><td>{_e(it["title"])}</td>'
        f"<td>{_units(it['lead_units'])}</td><td>{_units(it['responsible_units'])}</td></tr>"
        for it in preview.get("items") or []
    )
    warnings = "".join(f"<li>{_e(w)}</li>" for w in preview.get("warnings") or [])
    status = "草稿 / draft" if preview.get("status") == "draft" else "已发布 / published"
    return (
        f'<div class="plan-preview" data-plan="{_e(preview.get("plan", ""))}">'
        f"<h4>《{_e(preview.get('title', ''))}》</h4>"
        f'<p class="muted">{_e(preview.get("plan", ""))} · {status} · {len(preview.get("items") or [])} 项 / items</p>'
        + (f'<div class="notice"><b>请核对 / Please check</b><ul class="plan-warnings">{warnings}</ul></div>' if warnings else "")
        + '<table class="items-table preview-table"><thead><tr><th>项 / Item</th><th>标题 / Title</th>'
        f"<th>牵头单位 / Lead</th><th>责任单位 / Responsible</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )


def plans_html(plans: list[dict[str, Any]]) -> str:
    if not plans:
        return '<p class="muted">没有方案。/ No plans.</p>'
    rows = "".join(
        f'<tr data-plan="{_e(p["plan"])}"><td>{_e(p["plan"])}</td><td>{_e(p.get("title") or "")}</td>'
        f"<td>{'已发布 / published' if p.get('status') == 'published' else '草稿 / draft'}</td>"
        f"<td>{len(p.get('items') or [])}</td><td>{_e(p.get('published_at') or '—')}</td></tr>"
        for p in plans
    )
    return (
        '<table class="items-table plans-table"><thead><tr><th>编号 / Plan</th><th>标题 / Title</th><th>状态 / Status</th>'
        f"<th>项数 / Items</th><th>发布时间 / Published</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _question_table(rows: list[dict[str, Any]], css: str) -> str:
    if not rows:
        return '<p class="muted">暂无。/ None yet.</p>'
    body = "".join(f"<tr><td>{_e(r['question'])}</td><td>{_e(r['count'])}</td><td>{_e(r['last_seen'][:16])}</td></tr>" for r in rows)
    return (
        f'<table class="items-table {css}"><thead><tr><th>问题 / Question</th><th>次数 / Count</th>'
        f"<th>最近 / Last seen</th></tr></thead><tbody>{body}</tbody></table>"
    )


def insights_html(data: dict[str, Any]) -> str:
    parts = []
    if not data.get("log"):
        parts.append('<div class="notice">问题日志未开启：设置 ASSISTANT_LOG_DIR。/ The question log is off: set ASSISTANT_LOG_DIR.</div>')
    parts.append(f"<h4>未能回答的问题 / Declined (out of scope) · {data.get('days')} 天 / days</h4>")
    parts.append('<p class="muted">可考虑为这些问题补充常见问题或方案。/ Candidates for a new FAQ entry or plan.</p>')
    parts.append(_question_table(data.get("declined") or [], "declined-table"))
    parts.append("<h4>需要追问的问题 / Clarified</h4>")
    parts.append(_question_table(data.get("clarified") or [], "clarified-table"))
    items = data.get("items") or []
    parts.append("<h4>被问到的条目 / Items asked about</h4>")
    if items:
        rows = "".join(
            f"<tr><td>{_e(r['document'])}</td><td>{_e(r['item'])}</td><td>{_e(r['title'])}</td><td>{_e(r['count'])}</td></tr>"
            for r in items
        )
        parts.append(
            '<table class="items-table asked-table"><thead><tr><th>方案 / Plan</th><th>项 / Item</th><th>标题 / Title</th>'
            f"<th>次数 / Count</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    else:
        parts.append('<p class="muted">暂无。/ None yet.</p>')
    feedback = data.get("feedback") or []
    parts.append("<h4>居民反馈 / Residents' feedback</h4>")
    if feedback:
        rows = "".join(
            f'<tr data-vote="{_e(r["vote"])}"><td>{_e(r["question"])}</td><td>{_e(r["answer_item"] if r["answer_item"] is not None else "—")}</td>'
            f"<td>{'赞 / up' if r['vote'] == 'up' else '踩 / down'}</td><td>{_e(r['count'])}</td></tr>"
            for r in feedback
        )
        parts.append(
            '<table class="items-table feedback-table"><thead><tr><th>问题 / Question</th><th>引用条目 / Item</th>'
            f"<th>评价 / Vote</th><th>次数 / Count</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    else:
        parts.append('<p class="muted">暂无。/ None yet.</p>')
    return "".join(parts)


def questions_chart(series: dict[tuple[str, int], Counter[str]], labels: dict[tuple[str, int], str], days: int, *, top: int = 8) -> Any:
    """A matplotlib figure: answered questions per day, stacked by item (the ``top`` most-asked items)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    cjk = [f.name for f in font_manager.fontManager.ttflist if "CJK" in f.name or "WenQuanYi" in f.name or "Noto Sans SC" in f.name]
    if cjk:
        plt.rcParams["font.sans-serif"] = [cjk[0], "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    from matplotlib.ticker import MaxNLocator

    fig, ax = plt.subplots(figsize=(9, 3.8), dpi=100)
    end = date.today()
    span = max(1, min(days, 90))
    days_axis = [end - timedelta(days=span - 1 - i) for i in range(span)]
    ranked = sorted(series.items(), key=lambda kv: -sum(kv[1].values()))[:top]
    bottom = [0] * span
    for key, counts in ranked:  # one stacked bar segment per item and day
        heights = [counts.get(d.isoformat(), 0) for d in days_axis]
        ax.bar(days_axis, heights, bottom=bottom, width=0.8, label=labels.get(key, f"{key[0]} #{key[1]}"))
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_title(f"每天被问到的条目 / Questions per item per day (last {span} days)")
    ax.set_ylabel("问题数 / questions")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3, axis="y")
    if ranked:
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    else:
        ax.text(0.5, 0.5, "暂无数据 / no questions yet", ha="center", va="center", transform=ax.transAxes)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig
