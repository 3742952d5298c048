"""Multi-turn conversations: follow-ups resolve to the item under discussion, facts carry over, topics switch."""

from __future__ import annotations

import pytest

DIALOGUES = [
    # (history, question, expected item, expected check)
    (["妇女儿童体质监测主要做些什么？"], "归哪个单位管？", 2, {"responsible_units": ("市体育局",)}),
    (["希望小屋是干什么的"], "一共要建几处？", 5, {"fact": "1000"}),
    (["Tell me about the rehabilitation of disabled children"], "how many children will be helped?", 7, {"fact": "2200"}),
    (["Tell me about the rehabilitation of disabled children"], "who leads it?", 7, {"lead_units": ("市残联",)}),
    (["农村集体产权制度改革里妇女权益怎么保障"], "这个是谁牵头的？", 9, {"lead_units": ("市农业农村局",)}),
    (["家长学校的事情谁负责？"], "农村社区的比例是多少？", 3, {"fact": "80%"}),
    # a topic switch: the new question names its own topic
    (["希望小屋由谁负责？"], "那拐卖儿童的案子归谁管？", 8, {"responsible_units": ("市公安局",)}),
    (["Who builds the hope cabins?"], "And who is in charge of the free cancer screening?", 1, {"lead_units": ("市妇联", "市卫生健康委")}),
    # the resident says the subject changes: the new question is answered on its own
    (["希望小屋由谁负责？"], "换个问题，两癌筛查谁负责？", 1, {"lead_units": ("市妇联", "市卫生健康委")}),
    (
        ["Tell me about the hope cabins"],
        "By the way, another question: who handles the cancer screening?",
        1,
        {"lead_units": ("市妇联", "市卫生健康委")},
    ),
    # follow-ups with no subject of their own, in Chinese and in English
    (["两癌筛查是什么"], "具体有多少名额", 1, {"fact": "40万"}),
    (["两癌筛查是什么"], "which department is in charge?", 1, {"lead_units": ("市妇联", "市卫生健康委")}),
    (
        ["What are the hope cabins?"],
        "Which government department is responsible for carrying out the work?",
        5,
        {"responsible_units": ("团市委",)},
    ),
    # a follow-up naming only what the item under discussion contains (责任单位) stays on it
    (["孤困儿童救助是谁牵头的？"], "还有哪些责任单位", 6, {"lead_units": ("市关工委",)}),
    # the document as a whole
    (["这个方案是哪个单位印发的？"], "文号是多少？", 0, {"fact": "临政办字〔2022〕78号"}),
]


@pytest.mark.parametrize(("history", "question", "item", "check"), DIALOGUES)
def test_follow_up_resolves_to_the_item_under_discussion(assistant, history, question, item, check) -> None:
    answer = assistant.ask(question, history)
    assert answer.status == "answered", answer.answer
    assert answer.items[0] == item, answer.answer
    if "fact" in check:
        assert check["fact"] in answer.answer
    if "lead_units" in check:
        assert answer.lead_units == check["lead_units"]
    if "responsible_units" in check:
        assert answer.responsible_units == check["responsible_units"]


@pytest.mark.parametrize(
    ("history", "question", "item", "units"),
    [
        # the first turn was declined (the plan does not say where the corner is), but it named the item's thing
        (["亲子阅读专区是在哪里开设？"], "那它是谁负责的？", 10, {"responsible_units": ("市文化和旅游局",)}),
        (["What help is there for orphaned and vulnerable children?"], "And who leads it?", 6, {"lead_units": ("市关工委",)}),
        # a figure asked for as 数字 (a word for any number) is the figure of the item under discussion
        (["残疾儿童康复救助是怎么安排的？"], "具体数字是多少？", 7, {"fact": "2200"}),
    ],
)
def test_a_follow_up_takes_its_topic_from_the_earlier_question_itself(assistant, history, question, item, units) -> None:
    answer = assistant.ask(question, history)
    assert answer.status == "answered" and answer.items[0] == item, answer.answer
    for key, value in units.items():
        assert value in answer.answer if key == "fact" else getattr(answer, key) == value


@pytest.mark.parametrize(
    "history",
    [["肺癌筛查免费吗？"], ["Is lung cancer screening free?"]],  # another cancer than the item's two: a near-miss
)
@pytest.mark.parametrize("question", ["那谁负责？", "Who leads it?"])
def test_a_follow_up_to_a_near_miss_is_not_given_the_near_item(assistant, history, question) -> None:
    answer = assistant.ask(question, history)
    assert answer.status != "answered", answer.answer


def test_the_same_follow_up_without_history_is_not_resolved(assistant) -> None:
    """Without the earlier turn, '归哪个单位管？' names no item: the history is what resolved it."""
    answer = assistant.ask("归哪个单位管？", [])
    assert answer.status != "answered" or answer.items[:1] != (2,)


def test_eligibility_across_two_turns(assistant) -> None:
    first = assistant.ask("我能参加免费的两癌筛查吗？", [])
    assert first.status == "clarify" and first.items[0] == 1
    assert first.missing_facts, "a clarify about eligibility names the missing fact"
    assert "市妇联" in first.answer, "a clarify still tells the person where to go"
    second = assistant.ask("我今年五十二岁，住在农村", ["我能参加免费的两癌筛查吗？"])
    assert second.eligibility == "eligible" and second.items[0] == 1


def test_age_in_one_turn_residence_in_the_next(assistant) -> None:
    history = ["想问一下两癌筛查", "我今年38岁"]
    answer = assistant.ask("我在乡下住，可以参加吗？", history)
    assert answer.eligibility == "eligible"


def test_facts_from_earlier_turns_can_rule_out(assistant) -> None:
    history = ["两癌免费筛查是怎么回事？", "我今年六十六了，住在村里"]
    answer = assistant.ask("我能去查吗？", history)
    assert answer.eligibility == "not_eligible"
    assert "66" in answer.answer


@pytest.mark.parametrize(
    ("history", "question"),
    [
        (["我想问一下两癌筛查的事", "我今年四十五岁"], "我住在县城里"),
        (["Tell me about the cancer screening for women."], "I am 45 and live in town"),
    ],
)
def test_stating_circumstances_about_the_topic_asks_whether_one_qualifies(assistant, history, question) -> None:
    """No turn asked "can I?", but telling one's age and home about the item under discussion does: a verdict
    (the plan leaves towns open: uncertain), never a decline for the town word."""
    answer = assistant.ask(question, history)
    assert answer.status == "answered" and answer.items[0] == 1 and answer.eligibility == "uncertain", answer.answer


def test_stating_circumstances_without_a_topic_is_no_verdict(assistant) -> None:
    answer = assistant.ask("我住在县城里", [])
    assert answer.eligibility is None


def test_english_eligibility_across_turns(assistant) -> None:
    history = ["What are the hope cabins?", "My son is 12, we are a poor family and he has no room of his own"]
    answer = assistant.ask("Can he get one?", history)
    assert answer.language == "en"
    assert answer.items[0] == 5 and answer.eligibility == "eligible"


def test_a_new_topic_resets_the_subject(assistant) -> None:
    """Age given about screening does not decide the hope-cabin question about a child."""
    history = ["两癌筛查我能参加吗？", "我45岁，住在农村"]
    answer = assistant.ask("我家孩子能申请希望小屋吗？", history)
    assert answer.items[0] == 5
    assert answer.eligibility != "not_eligible"  # 45 is the mother's age, not the child's


def test_history_items_that_are_not_strings_are_ignored(assistant) -> None:
    answer = assistant.ask("归哪个单位管？", [None, 3, "体质监测是做什么的？"])  # type: ignore[list-item]
    assert answer.items[0] == 2


def test_questions_are_logged_redacted_when_a_log_dir_is_set(built_settings, tmp_path) -> None:
    from assistant.answering.assistant import PolicyAssistant

    settings = built_settings.with_(log_dir=tmp_path / "logs")
    logged = PolicyAssistant.from_settings(settings, build_if_missing=False)
    logged.ask("我叫王小红，电话13812345678，身份证370102198001011234，希望小屋归谁管？")
    text = (tmp_path / "logs" / "questions.jsonl").read_text(encoding="utf-8")
    assert "希望小屋" in text
    for secret in ("王小红", "13812345678", "370102198001011234"):
        assert secret not in text


def test_terminal_chat_keeps_history_until_new_topic(built_settings) -> None:
    """`policy-assistant chat` passes earlier questions as history; /new forgets them."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(built_settings.index_dir), "ASSISTANT_CORPUS_DIR": str(built_settings.corpus_dir)}
    script = "体质监测是做什么的？\n归哪个单位管？\n/new\n归哪个单位管？\n\n"
    out = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "chat"], input=script, capture_output=True, text=True, env=env, timeout=180, check=True
    ).stdout
    turns = out.split("问> ")
    assert "责任单位：市体育局" in turns[2]  # the follow-up resolved through the history
    assert "市体育局" not in turns[4]  # after /new the same words name no item
