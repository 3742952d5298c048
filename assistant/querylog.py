"""Question log with personal data removed before anything is written.

``redact`` masks phone numbers (mainland mobiles with optional +86 and spaces/dashes, landlines such as
0539-1234567), ID-card numbers (18 digits with a final X, and the old 15-digit form) and self-given names
(我叫/我是/本人/我的名字是 + 2–4 CJK characters, "my name is X"). Plan figures (3000名, 2022年, 40万,
35-64岁, 90%) are left alone. ``QueryLog`` appends one JSON line per question, redacted, thread-safe, and residents' 👍/👎 as
``kind: feedback`` lines; ``insights`` reads it back for staff: declined and clarified questions, the
items asked about, the feedback, and questions per item per day.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

PHONE = "[电话]"
ID_CARD = "[身份证号]"
NAME = "[姓名]"

_NOT_DIGIT_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_DIGIT_AFTER = r"(?![0-9])"
_ID18 = re.compile(
    _NOT_DIGIT_BEFORE + r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]" + r"(?![0-9A-Za-z])"
)
_ID15 = re.compile(_NOT_DIGIT_BEFORE + r"[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}" + _NOT_DIGIT_AFTER)
_MOBILE = re.compile(_NOT_DIGIT_BEFORE + r"(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}" + _NOT_DIGIT_AFTER)
_LANDLINE = re.compile(_NOT_DIGIT_BEFORE + r"(?:\(?0\d{2,3}\)?[\s-]?)\d{7,8}(?:[\s-]?(?:转|ext\.?|x)\s?\d{1,5})?" + _NOT_DIGIT_AFTER)
# A name the asker gives: the 2–4 CJK characters after the cue. Common words that follow 我是 and are not
# names (我是农村妇女, 我是残疾人) are kept, so the question stays readable.
_CJK = "\u4e00-\u9fff"
_NAME_CUE = re.compile(rf"(我的名字是|我的名字叫|我名叫|我叫|本人叫|本人是|本人|我是)\s*([{_CJK}]{{2,4}})")
_EN_NAME = re.compile(r"\b(my name is|i am called|i'm called|this is)\s+([A-Z][a-zA-Z'-]+(?:\s+[A-Z][a-zA-Z'-]+){0,2})", re.IGNORECASE)
_NOT_A_NAME = re.compile(
    r"^(?:一[个名位]|个|市|县|区|镇|村|农村|城镇|城市|本地|外地|残疾|低收入|困难|单亲|孤|留守|独生|妇女|女性|男性|男的|女的|家长|母亲|父亲|妈妈|爸爸|"
    r"孩子|学生|老师|教师|村民|居民|市民|党员|退役|军人|职工|工人|农民|贫困|低保|离婚|丧偶|出嫁|外出|打工|务工|"
    r"想|要|在|从|来|去|问|咨询|否|不是|不|也|的|已|刚|现在|今年|负责|社区|街道|工作|一名|第|怎么|什么|哪|谁|患|有|没|"
    r"[0-9一二三四五六七八九十]+岁)"
)
_EN_STOP = {
    "a",
    "an",
    "the",
    "not",
    "from",
    "in",
    "at",
    "looking",
    "asking",
    "trying",
    "wondering",
    "disabled",
    "rural",
    "single",
    "mother",
    "father",
}


# 我是XX市民 / 我是XX人 say where the asker is from, not who: a place suffix or a final 人 is not a name
_PLACE_OR_ORIGIN = re.compile(r"[省市县区镇乡村]|人$")


def _name_sub(m: re.Match[str]) -> str:
    cue, name = m.group(1), m.group(2)
    if cue in ("我是", "本人", "本人是") and (_NOT_A_NAME.match(name) or _PLACE_OR_ORIGIN.search(name)):
        return m.group(0)
    return cue + NAME


def _en_name_sub(m: re.Match[str]) -> str:
    if m.group(2).split()[0].lower() in _EN_STOP:
        return m.group(0)
    return m.group(1) + " " + NAME


def redact(text: str) -> str:
    """The text with phone numbers, ID-card numbers and self-given names masked."""
    if not isinstance(text, str) or not text:
        return text if isinstance(text, str) else ""
    text = _ID18.sub(ID_CARD, text)
    text = _ID15.sub(ID_CARD, text)
    text = _MOBILE.sub(PHONE, text)
    text = _LANDLINE.sub(PHONE, text)
    text = _NAME_CUE.sub(_name_sub, text)
    text = _EN_NAME.sub(_en_name_sub, text)
    return text


class QueryLog:
    """Appends ``{time, question, status, items}`` JSON lines to ``path``; the question is redacted first."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Any) -> QueryLog | None:
        """The log under ``settings.log_dir`` (ASSISTANT_LOG_DIR), or None when no log dir is configured."""
        log_dir = getattr(settings, "log_dir", None)
        return cls(Path(log_dir) / "questions.jsonl") if log_dir else None

    def record(self, question: str, status: str, items: Sequence[int] = (), **extra: Any) -> None:
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "question": redact(question if isinstance(question, str) else ""),
            "status": status,
            "items": [int(i) for i in items],
        }
        entry.update({k: redact(v) if isinstance(v, str) else v for k, v in extra.items()})
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self._lock, open(self.path, "a", encoding="utf-8") as fh:
            fh.write(line)

    def record_answer(self, answer: Any) -> None:
        """Log an engine ``Answer`` (its question, status, cited items and the plan they belong to)."""
        self.record(answer.question, answer.status, answer.items, document=getattr(answer, "document", None))

    def record_feedback(self, question: str, vote: str, answer_item: int | None = None, document: str | None = None) -> None:
        """A resident's 👍 (``up``) or 👎 (``down``) on an answer, with the item it cited."""
        items = [answer_item] if answer_item is not None else []
        self.record(question, "feedback", items, kind="feedback", vote=vote, document=document)

    def entries(self) -> Iterator[dict[str, Any]]:
        """Every well-formed line (a damaged line is skipped, not fatal)."""
        try:
            handle = open(self.path, encoding="utf-8")
        except FileNotFoundError:
            return
        with handle:
            for line in handle:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if isinstance(entry, dict) and isinstance(entry.get("question"), str):
                    entry["_time"] = _parse_time(entry.get("time"))
                    yield entry


def _parse_time(value: Any) -> datetime | None:
    try:
        return datetime.strptime(str(value), "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return None


def _recent(entries: Iterator[dict[str, Any]], days: int, now: datetime | None) -> list[dict[str, Any]]:
    now = now or datetime.now(UTC)
    since = now - timedelta(days=days)
    return [e for e in entries if e["_time"] is not None and since <= e["_time"] <= now + timedelta(minutes=5)]


def _top_questions(entries: list[dict[str, Any]], status: str, limit: int) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter()
    last: dict[str, datetime] = {}
    for e in entries:
        if e.get("kind", "question") == "question" and e.get("status") == status:
            q = " ".join(e["question"].split())
            counts[q] += 1
            last[q] = max(last.get(q, e["_time"]), e["_time"])
    return [{"question": q, "count": n, "last_seen": last[q].isoformat()} for q, n in counts.most_common(limit)]


def insights(
    log: QueryLog | None,
    days: int = 30,
    titles: Mapping[tuple[str, int], str] | None = None,
    *,
    limit: int = 20,
    now: datetime | None = None,
) -> dict[str, Any]:
    """What staff read: the top declined / clarified questions, items asked about, feedback (last ``days``).

    ``titles`` maps (document, item) to the item's title for the ``items`` rows.
    """
    entries = _recent(log.entries(), days, now) if log is not None else []
    titles = titles or {}
    asked: Counter[tuple[str, int]] = Counter()
    votes: Counter[tuple[str, int | None, str]] = Counter()
    for e in entries:
        items = [i for i in e.get("items") or [] if isinstance(i, int)]
        if e.get("kind", "question") == "question":
            if e.get("status") == "answered" and items and items[0]:
                asked[(str(e.get("document") or ""), items[0])] += 1
        elif e.get("kind") == "feedback" and e.get("vote") in ("up", "down"):
            votes[(" ".join(e["question"].split()), items[0] if items else None, e["vote"])] += 1
    return {
        "days": days,
        "log": bool(log),
        "declined": _top_questions(entries, "out_of_scope", limit),
        "clarified": _top_questions(entries, "clarify", limit),
        "items": [
            {"document": doc, "item": item, "title": titles.get((doc, item), ""), "count": n} for (doc, item), n in asked.most_common(limit)
        ],
        "feedback": [{"question": q, "answer_item": item, "vote": vote, "count": n} for (q, item, vote), n in votes.most_common(limit)],
    }


def questions_per_item_per_day(log: QueryLog | None, days: int = 30, *, now: datetime | None = None) -> dict[tuple[str, int], Counter[str]]:
    """(document, item) -> {YYYY-MM-DD: answered questions citing it first}, for the staff chart."""
    series: dict[tuple[str, int], Counter[str]] = {}
    for e in _recent(log.entries(), days, now) if log is not None else []:
        items = e.get("items") or []
        if e.get("kind", "question") == "question" and e.get("status") == "answered" and items and isinstance(items[0], int) and items[0]:
            series.setdefault((str(e.get("document") or ""), items[0]), Counter())[e["_time"].date().isoformat()] += 1
    return series
