"""A one-character same-sound slip of a plan's place names that plan; another real place or a different sound does not."""

from assistant.corpus.records import PolicyDocument
from assistant.language.places import place_scope


def _doc(doc_id: str, place: str, title: str) -> PolicyDocument:
    return PolicyDocument(
        doc_id=doc_id,
        title=title,
        place=place,
        items=(),
        issuer=None,
        doc_number=None,
        issue_date=None,
        year=None,
        source="",
        preamble="",
        closing="",
        coordinating_units=(),
    )


def _docs():
    return [_doc("a", "灵璧县", "灵璧县2021年卫生健康工作要点"), _doc("b", "新余市", "新余市政务公开工作要点")]


def test_same_sound_slip_names_the_plan():
    assert place_scope("灵壁县今年的卫生工作要点有哪些？", _docs()).documents == ("a",)
    assert place_scope("灵壁的医共体建设归谁管", _docs()).documents == ("a",)


def test_different_sound_or_real_place_does_not():
    assert place_scope("灵宝今年的卫生工作要点有哪些？", _docs()).documents == ()  # 灵宝 is a real place
    assert place_scope("林璧的医共体建设归谁管", _docs()).documents == ()  # lin, not ling
    assert place_scope("新余的政务公开要点", _docs()).documents == ("b",)


def test_a_slip_starts_a_word():
    # "公积金想…" holds "金想", one same-sound character from a "金乡" plan, but inside the word 公积金: no place
    docs = [_doc("c", "金乡县", "金乡县2025年政府工作要点")]
    assert place_scope("住房公积金想提出来还房贷，需要什么手续？", docs).documents == ()
    assert place_scope("金想县今年的政府工作要点有哪些？", docs).documents == ("c",)
