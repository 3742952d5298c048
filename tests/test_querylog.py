"""Question-log privacy: personal data is masked before anything reaches disk."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from assistant.querylog import ID_CARD, NAME, PHONE, QueryLog, redact
from assistant.settings import Settings


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("我的电话是13812345678，能帮我查一下吗", "13812345678"),
        ("联系我 +86 138 1234 5678 谢谢", "138 1234 5678"),
        ("手机：+8613912345678", "13912345678"),
        ("打 186-1234-5678 找我", "186-1234-5678"),
        ("我家座机0539-1234567", "1234567"),
        ("请回电 (0539) 12345678", "12345678"),
        ("身份证号371302198805061234，能办吗", "371302198805061234"),
        ("身份证37130219880506123X", "37130219880506123X"),
        ("身份证号码 37130219880506123x", "37130219880506123x"),
        ("老身份证371302880506123", "371302880506123"),
    ],
)
def test_numbers_are_masked(text: str, secret: str) -> None:
    out = redact(text)
    assert secret not in out
    assert secret.replace(" ", "").replace("-", "")[-6:] not in out.replace(" ", "").replace("-", "")
    assert PHONE in out or ID_CARD in out


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我叫张三，我能参加两癌筛查吗", "张三"),
        ("我是王小明，孩子8岁", "王小明"),
        ("本人李四，今年40岁", "李四"),
        ("我的名字是欧阳娜娜", "欧阳娜娜"),
        ("Hi, my name is Mary Smith and I live in Linyi", "Mary Smith"),
        ("my name is John, can I apply?", "John"),
    ],
)
def test_self_given_names_are_masked(text: str, name: str) -> None:
    out = redact(text)
    assert name not in out
    assert NAME in out


@pytest.mark.parametrize(
    "text",
    [
        "为全市3000名妇女儿童开展体质监测",
        "临沂市2022年关爱妇女儿童十件实事工作方案",
        "对全市40万名35-64岁的农村妇女进行免费筛查",
        "90%的城市社区和80%的农村社区建立家长学校",
        "临政办字〔2022〕78号是哪天印发的",
        "建设希望小屋1000处，康复救助残疾儿童2200人",
        "我是农村妇女，今年45岁，能免费筛查吗",
        "我是残疾儿童的家长",
        "我是一名单亲妈妈",
        "我是想问希望小屋的事",
        "I am a rural woman aged 40",
        "What is the plan for 2022? Item 10 says 100 farm libraries.",
        "20220610",
    ],
)
def test_plan_text_and_ordinary_questions_are_kept(text: str) -> None:
    assert redact(text) == text


def test_mixed_question_keeps_the_policy_part() -> None:
    out = redact("我叫刘芳，电话13912345678，身份证371302198805061234，2022年希望小屋1000处我能申请吗")
    assert "刘芳" not in out and "13912345678" not in out and "371302198805061234" not in out
    assert "2022年希望小屋1000处我能申请吗" in out


def test_log_writes_redacted_json_lines(tmp_path: Path) -> None:
    log = QueryLog(tmp_path / "logs" / "questions.jsonl")
    log.record("我叫张三，手机13812345678，两癌筛查找谁？", "answered", (1,))
    log.record("my name is Mary Smith, 0539-1234567", "out_of_scope")
    raw = (tmp_path / "logs" / "questions.jsonl").read_text(encoding="utf-8")
    for secret in ("张三", "13812345678", "Mary", "Smith", "1234567"):
        assert secret not in raw
    entries = [json.loads(line) for line in raw.splitlines()]
    assert [e["status"] for e in entries] == ["answered", "out_of_scope"]
    assert entries[0]["items"] == [1]
    assert set(entries[0]) == {"time", "question", "status", "items"}
    assert "两癌筛查找谁" in entries[0]["question"]


def test_log_is_thread_safe(tmp_path: Path) -> None:
    log = QueryLog(tmp_path / "q.jsonl")

    def worker(n: int) -> None:
        for i in range(100):
            log.record(f"第{n}个线程第{i}个问题，我的电话13812345678" + "长" * 500, "answered", (n, i))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = (tmp_path / "q.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 800
    entries = [json.loads(line) for line in lines]  # every line whole: no interleaving
    assert all("13812345678" not in e["question"] for e in entries)


def test_log_only_when_configured(tmp_path: Path) -> None:
    assert QueryLog.from_settings(Settings()) is None
    log = QueryLog.from_settings(Settings.from_env({"ASSISTANT_LOG_DIR": str(tmp_path / "logs")}))
    assert log is not None and log.path == tmp_path / "logs" / "questions.jsonl"


def test_logging_real_answers_leaks_nothing(assistant, tmp_path: Path) -> None:
    """An answer's question field may echo the input; the log still holds only the redacted text."""
    log = QueryLog(tmp_path / "q.jsonl")
    answer = assistant.ask("我叫张三，电话13812345678，两癌筛查是哪个单位牵头的？")
    log.record_answer(answer)
    raw = (tmp_path / "q.jsonl").read_text(encoding="utf-8")
    assert "张三" not in raw and "13812345678" not in raw
    assert json.loads(raw)["items"][:1] == [1]
