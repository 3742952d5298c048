"""A place in scope.yaml's other_places is out of scope only when no indexed plan is about it: by its title,
its derived place or its issuer (a plan's title need not name its place)."""

from __future__ import annotations

from assistant.corpus.loading import Scope
from assistant.corpus.records import PolicyDocument


def _plan(title: str, place: str | None = None, issuer: str | None = None) -> PolicyDocument:
    return PolicyDocument(
        doc_id="p", title=title, issuer=issuer, doc_number=None, issue_date=None, year=2019, source="p.txt",
        preamble="", items=(), closing="", coordinating_units=(), place=place,
    )  # fmt: skip


SCOPE = Scope(out_of_scope_terms=("看病挂号",), injection_patterns=(), other_places=("上海", "东莞", "北京"))


def test_a_plan_whose_title_omits_its_place_keeps_that_place_in_scope():
    # Shanghai 2019 (eval/plans/fresh; a mirror copy of the notice, http://www.jumpstarthappiness.com/policy/71258.html): titled 2019年市政府要完成的…实事, place 上海市
    terms = SCOPE.off_topic_terms((_plan("2019年市政府要完成的與人民生活密切相關的實事", place="上海市"),))
    assert "上海" not in terms and "北京" in terms and "看病挂号" in terms


def test_traditional_place_and_issuer_count_as_the_simplified_place():
    assert "东莞" not in SCOPE.off_topic_terms((_plan("關於穩定就業的實施意見", issuer="東莞市人民政府"),))
    assert "东莞" in SCOPE.off_topic_terms((_plan("關於穩定就業的實施意見", place="江門市"),))
