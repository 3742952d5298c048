"""Question log with personal data removed before anything is written.

``redact`` masks phone numbers (mainland mobiles with optional +86 and spaces/dashes, landlines such as
0539-1234567), ID-card numbers (18 digits with a final X, and the old 15-digit form) and self-given names
(我叫/我是/本人/我的名字是 + 2–4 CJK characters, "my name is X"). Plan figures (3000名, 2022年, 40万,
35-64岁, 90%) are left alone. ``QueryLog`` appends one JSON line per question, redacted, thread-safe.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Sequence
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
    r"孩子|学生|老师|教师|村民|居民|市民|党员|退役|军人|职工|工人|农民|贫困|低保|离婚|丧偶|出嫁|外出|打工|务工|临沂|山东|"
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


def _name_sub(m: re.Match[str]) -> str:
    cue, name = m.group(1), m.group(2)
    if cue in ("我是", "本人", "本人是") and _NOT_A_NAME.match(name):
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
        """Log an engine ``Answer`` (its question, status and cited items)."""
        self.record(answer.question, answer.status, answer.items)
