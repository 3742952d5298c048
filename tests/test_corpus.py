"""Corpus loading: validation errors name the file and line; glossary and FAQ agree with the plan."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assistant.corpus.loading import CorpusError, content_hash, load_corpus

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED = CORPUS / "policies" / "linyi-2022-women-children-ten-things.txt"
SECOND = Path(__file__).parent / "data" / "mouxian-2023-education-twelve-things.txt"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(CORPUS)


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line)


# ------------------------------------------------------------------ the real corpus


def test_real_corpus_loads(corpus):
    assert [d.doc_id for d in corpus.documents] == [SEED.stem]
    assert len(corpus.documents[0].items) == 10
    assert len(corpus.faq) > 0
    assert corpus.content_hash == content_hash(CORPUS)
    assert re.fullmatch(r"[0-9a-f]{16}", corpus.content_hash)


def test_every_glossary_unit_name_is_in_the_policy_text(corpus):
    text = SEED.read_text(encoding="utf-8")
    missing = [u.name for u in corpus.glossary.units if u.name not in text]
    assert missing == []


def test_every_glossary_term_is_in_the_policy_text(corpus):
    text = SEED.read_text(encoding="utf-8")
    squeezed = re.sub(r"\s+", "", text)
    missing = [s.term for s in corpus.glossary.synonyms if re.sub(r"\s+", "", s.term) not in squeezed]
    assert missing == []
    # the stray space of the published text is kept in the term, which is then also a literal substring
    assert "书 香临沂" in {s.term for s in corpus.glossary.synonyms}
    assert "书 香临沂" in text


def test_every_item_unit_has_a_glossary_entry(corpus):
    names = {u.name for u in corpus.glossary.units}
    doc = corpus.documents[0]
    for item in doc.items:
        assert set(item.units) <= names, item.number
    assert doc.issuer in names
    assert set(doc.coordinating_units) <= names


def test_faq_answer_units_belong_to_its_items(corpus):
    names = [u.name for u in corpus.glossary.units]
    doc = corpus.documents[0]
    problems = []
    for entry in corpus.faq:
        allowed: set[str] = set()
        for number in entry.items:
            if number == 0:
                allowed |= {doc.issuer, *doc.coordinating_units}
            else:
                allowed |= set(doc.item(number).units)
        named = {n for n in names if n in entry.answer}
        if named - allowed:
            problems.append((entry.faq_id, entry.items, sorted(named - allowed)))
    assert problems == []


def test_faq_items_exist(corpus):
    numbers = {it.number for it in corpus.documents[0].items} | {0}
    for entry in corpus.faq:
        assert set(entry.items) <= numbers, entry.faq_id
        assert entry.lang in ("zh", "en")


def test_faq_ids_unique(corpus):
    ids = [f.faq_id for f in corpus.faq]
    assert len(ids) == len(set(ids))


# ------------------------------------------------------------------ broken copies


def test_malformed_faq_yaml_names_file_and_line(corpus_copy: Path):
    faq = corpus_copy / "faq.yaml"
    lines = faq.read_text(encoding="utf-8").splitlines()
    broken = _line_of(faq, "id: zh-002") + 2  # the question line of zh-002
    assert lines[broken - 1].strip().startswith("question:")
    lines[broken - 1] = "    question: 这是: 坏掉的 YAML"
    faq.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus_copy)
    assert str(info.value).startswith(f"{faq}:{broken}:")
    assert "invalid YAML" in str(info.value)


def test_faq_pointing_at_missing_item(corpus_copy: Path):
    faq = corpus_copy / "faq.yaml"
    faq.write_text(
        faq.read_text(encoding="utf-8")
        + "\n  - id: zh-999\n    lang: zh\n    question: 第十一项是什么？\n    answer: 没有这一项。\n    items: [11]\n",
        encoding="utf-8",
    )
    line = _line_of(faq, "id: zh-999")
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus_copy)
    message = str(info.value)
    assert message.startswith(f"{faq}:{line}:")
    assert "[11]" in message
    assert SEED.stem in message


def test_faq_duplicate_id(corpus_copy: Path):
    faq = corpus_copy / "faq.yaml"
    faq.write_text(
        faq.read_text(encoding="utf-8") + "\n  - id: zh-001\n    lang: zh\n    question: 重复\n    answer: 重复。\n    items: [1]\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus_copy)
    assert "duplicate FAQ id 'zh-001'" in str(info.value)
    assert str(info.value).startswith(str(faq))


def test_faq_entry_without_answer(corpus_copy: Path):
    faq = corpus_copy / "faq.yaml"
    faq.write_text(
        faq.read_text(encoding="utf-8") + "\n  - id: zh-998\n    lang: zh\n    question: 没有答案？\n    items: [1]\n", encoding="utf-8"
    )
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus_copy)
    assert str(info.value).startswith(f"{faq}:{_line_of(faq, 'id: zh-998')}:")
    assert "answer" in str(info.value)


def test_glossary_alias_claimed_by_two_units(corpus_copy: Path):
    glossary = corpus_copy / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    assert "aliases: [财政局, " in text
    glossary.write_text(text.replace("aliases: [财政局, ", "aliases: [民政局, 财政局, ", 1), encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus_copy)
    message = str(info.value)
    assert message.startswith(f"{glossary}:{_line_of(glossary, '- name: 市财政局')}:")
    assert "'民政局'" in message
    assert "市民政局" in message and "市财政局" in message


def test_glossary_alias_conflict_is_case_insensitive(corpus_copy: Path):
    glossary = corpus_copy / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("aliases: [财政局, ", "aliases: [Civil Affairs Bureau, 财政局, ", 1), encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus_copy)
    assert "claimed by both 市民政局 and 市财政局" in str(info.value)


def test_non_utf8_policy_file_is_named_and_the_rest_still_loads(corpus_copy: Path):
    bad = corpus_copy / "policies" / "gbk-plan.txt"
    bad.write_bytes("某县2024年民生实事工作方案\n一、建设公园3处。(责任单位:县住建局)\n".encode("gbk"))
    corpus = load_corpus(corpus_copy)
    assert [d.doc_id for d in corpus.documents] == [SEED.stem]
    report = next(r for r in corpus.reports if r.path == str(bad))
    assert report.error and "UTF-8" in report.error
    assert report.summary().startswith(f"{bad}: NOT READ")


def test_binary_policy_file_is_named_and_the_rest_still_loads(corpus_copy: Path):
    bad = corpus_copy / "policies" / "blob.txt"
    bad.write_bytes(b"\x00\x01\x02\x03binary\x00")
    corpus = load_corpus(corpus_copy)
    assert [d.doc_id for d in corpus.documents] == [SEED.stem]
    assert any(r.path == str(bad) and r.error for r in corpus.reports)


def test_only_unreadable_files_is_a_corpus_error_naming_them(corpus_copy: Path):
    for path in (corpus_copy / "policies").iterdir():
        path.unlink()
    bad = corpus_copy / "policies" / "blob.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus_copy)
    assert str(bad) in str(info.value)


def test_item_without_unit_clause_is_kept_with_a_warning_naming_file_and_line(corpus_copy: Path):
    bad = corpus_copy / "policies" / "zz-bad.txt"
    bad.write_text("某县2024年民生实事工作方案\n\n一、建设公园3处。\n二、培训教师100名。(责任单位:县教育局)\n", encoding="utf-8")
    corpus = load_corpus(corpus_copy)
    doc = corpus.document("zz-bad")
    assert [it.title for it in doc.items] == ["建设公园3处", "培训教师100名"]
    assert doc.item(2).responsible_units == ("县教育局",)
    assert f"{bad}:3: item 1 names no responsible unit" in doc.warnings
    assert f"{bad}:3: item 1 names no responsible unit" in corpus.problems


def test_no_policy_files(corpus_copy: Path):
    shutil.rmtree(corpus_copy / "policies")
    (corpus_copy / "policies").mkdir()
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus_copy)
    assert "no policy files" in str(info.value)


def test_missing_corpus_dir(tmp_path: Path):
    with pytest.raises(CorpusError) as info:
        load_corpus(tmp_path / "nowhere")
    assert str(tmp_path / "nowhere") in str(info.value)


def test_two_plans_require_document_field_in_faq(corpus_copy: Path):
    shutil.copy(SECOND, corpus_copy / "policies" / SECOND.name)
    faq = corpus_copy / "faq.yaml"
    faq.write_text(faq.read_text(encoding="utf-8").replace(f"\ndocument: {SEED.stem}\n", "\n"), encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus_copy)
    assert "'document' is required" in str(info.value)
    assert "faq.yaml:" in str(info.value)


def test_two_plans_load_with_the_faq_file_naming_its_plan_once(corpus_copy: Path):
    shutil.copy(SECOND, corpus_copy / "policies" / SECOND.name)
    corpus = load_corpus(corpus_copy)
    assert {e.document for e in corpus.faq} == {SEED.stem}


def test_two_plans_load_when_faq_names_documents(corpus_copy: Path):
    shutil.copy(SECOND, corpus_copy / "policies" / SECOND.name)
    (corpus_copy / "faq.yaml").write_text(
        "faq:\n"
        f"  - id: zh-001\n    document: {SEED.stem}\n    question: 希望小屋建几处？\n    answer: 1000处。\n    items: [5]\n"
        f"  - id: zh-002\n    document: {SECOND.stem}\n    question: 城市书房建几处？\n    answer: 15处。\n    items: [12]\n",
        encoding="utf-8",
    )
    corpus = load_corpus(corpus_copy)
    assert sorted(d.doc_id for d in corpus.documents) == sorted([SEED.stem, SECOND.stem])
    assert {(f.faq_id, f.document, f.items) for f in corpus.faq} == {("zh-001", SEED.stem, (5,)), ("zh-002", SECOND.stem, (12,))}


def test_content_hash_changes_with_faq(corpus_copy: Path):
    before = load_corpus(corpus_copy).content_hash
    faq = corpus_copy / "faq.yaml"
    faq.write_text(
        faq.read_text(encoding="utf-8") + "\n  - id: zh-997\n    lang: zh\n    question: 新问题？\n    answer: 新答案。\n    items: [2]\n",
        encoding="utf-8",
    )
    after = load_corpus(corpus_copy).content_hash
    assert before != after


def test_content_hash_ignores_glossary(corpus_copy: Path):
    before = load_corpus(corpus_copy).content_hash
    glossary = corpus_copy / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert load_corpus(corpus_copy).content_hash == before
