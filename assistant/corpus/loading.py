"""Load ``corpus/``: policy texts, FAQ, glossary, eligibility rules and scope lists, validated.

Every problem is reported as a CorpusError naming the file and, where known, the line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from assistant.corpus.glossary import derive_glossary, merge_glossaries
from assistant.corpus.layouts import parse_layout
from assistant.corpus.metadata import derive_facts, name_place, name_year, page_place, written_place
from assistant.corpus.parsing import PolicyParseError, parse_policy
from assistant.corpus.reading import SUFFIXES, LoadedText, UnreadableFile, load_bytes, load_document
from assistant.corpus.records import FaqEntry, Glossary, PolicyDocument, Synonym, Unit
from assistant.corpus.text import normalise, simplified_view
from assistant.corpus.yamlfile import YamlFileError, load_yaml
from assistant.eligibility.rules import RuleSet, load_rules

POLICY_SUFFIXES = SUFFIXES


class CorpusError(ValueError):
    """A corpus file is missing or malformed; the message names the file and line."""


@dataclass(frozen=True)
class Scope:
    """Words that mark a question as outside every plan, and prompt-injection patterns."""

    out_of_scope_terms: tuple[str, ...]
    injection_patterns: tuple[str, ...]
    other_places: tuple[str, ...] = ()

    def off_topic_terms(self, documents: tuple[PolicyDocument, ...]) -> tuple[str, ...]:
        """Out-of-scope words, plus places that no indexed plan is about: a plan is about the place its text
        names (derived ``place``), its issuer, or its title, simplified (a plan written in traditional characters
        is about the place written in simplified ones)."""
        named = simplified_view("".join(f"{d.title}\0{d.place or ''}\0{d.issuer or ''}\0" for d in documents))
        # a place written in pinyin (Shanghai) is named by a plan whose place, issuer or title reads so (上海市)
        spelled = _spelled(named) if any(not _HAS_CJK.search(p) for p in self.other_places) else ""
        return self.out_of_scope_terms + tuple(
            p for p in self.other_places if simplified_view(p) not in named and (_HAS_CJK.search(p) or p.lower() not in spelled)
        )


_HAS_CJK = re.compile(r"[\u3400-\u9fff]")


def _spelled(text: str) -> str:
    """The toneless pinyin of each line of ``text`` run together ("上海市" -> "shanghaishi"), lines kept apart."""
    from pypinyin import lazy_pinyin

    return "\0".join("".join(lazy_pinyin(part)).lower() for part in text.split("\0"))


@dataclass(frozen=True)
class FileReport:
    """What ingest made of one policy file; ``error`` set means it could not be read at all."""

    path: str
    doc_id: str | None = None
    items: int = 0
    units: int = 0
    sections: int = 0
    warnings: tuple[str, ...] = ()
    error: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        if self.error:
            return f"{self.path}: NOT READ: {self.error}"
        what = f"{self.items} items, {self.units} units" if self.items else f"no items, {self.sections} paragraphs"
        meta = ", ".join(f"{k} {v}" for k, v in self.metadata.items() if v)
        return f"{self.path}: {what}, {len(self.warnings)} warning(s)" + (f" [{meta}]" if meta else "")


@dataclass(frozen=True)
class Corpus:
    documents: tuple[PolicyDocument, ...]
    faq: tuple[FaqEntry, ...]
    glossary: Glossary
    rules: tuple[RuleSet, ...]
    scope: Scope
    content_hash: str  # hash of what the index is built from (policies and FAQ)
    reports: tuple[FileReport, ...] = ()  # one per policy file: what was read, or why it could not be
    problems: tuple[str, ...] = ()  # corpus validation findings, "file:line: message"

    def document(self, doc_id: str) -> PolicyDocument:
        for doc in self.documents:
            if doc.doc_id == doc_id:
                return doc
        raise KeyError(doc_id)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise CorpusError(f"{path}: cannot be read: {exc.strerror}") from exc


def _load_yaml(path: Path) -> Any:
    try:
        return load_yaml(path)
    except YamlFileError as exc:
        raise CorpusError(str(exc)) from exc


def _entry_line(path: Path, text: str, needle: str) -> str:
    """``file:line`` of the first line containing needle, to point at a bad entry."""
    for i, line in enumerate(text.splitlines(), start=1):
        if needle and needle in line:
            return f"{path}:{i}"
    return str(path)


def _str_list(value: Any, where: str, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise CorpusError(f"{where}: '{field}' must be a list of strings")
    return tuple(str(v).strip() for v in value if str(v).strip())


def load_glossary(path: Path) -> Glossary:
    data = _load_yaml(path)
    text = _read_text(path)
    if not isinstance(data, dict) or not isinstance(data.get("units"), list):
        raise CorpusError(f"{path}: expected a mapping with a 'units' list (and 'synonyms')")
    units: list[Unit] = []
    owner: dict[str, str] = {}
    for raw in data["units"]:
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not isinstance(raw.get("en"), str):
            raise CorpusError(f"{_entry_line(path, text, str(raw)[:20])}: each unit needs 'name' and 'en' strings: {raw!r}")
        where = _entry_line(path, text, raw["name"])
        unit = Unit(name=raw["name"].strip(), en=raw["en"].strip(), aliases=_str_list(raw.get("aliases"), where, "aliases"))
        for alias in (unit.name, *unit.aliases):
            key = alias.casefold()
            if key in owner and owner[key] != unit.name:
                raise CorpusError(f"{where}: alias {alias!r} is claimed by both {owner[key]} and {unit.name}")
            owner[key] = unit.name
        units.append(unit)
    synonyms: list[Synonym] = []
    for raw in data.get("synonyms") or []:
        if not isinstance(raw, dict) or not isinstance(raw.get("term"), str):
            raise CorpusError(f"{path}: each synonym needs a 'term' string: {raw!r}")
        where = _entry_line(path, text, raw["term"])
        synonyms.append(Synonym(term=raw["term"].strip(), aliases=_str_list(raw.get("aliases"), where, "aliases")))
    place = data.get("place")
    if place is not None and not isinstance(place, str):
        raise CorpusError(f"{path}: 'place' must be a place name (the place these unit names are for): {place!r}")
    return Glossary(units=tuple(units), synonyms=tuple(synonyms), place=place.strip() if place else None)


def load_faq(path: Path, documents: tuple[PolicyDocument, ...]) -> tuple[FaqEntry, ...]:
    data = _load_yaml(path)
    text = _read_text(path)
    if not isinstance(data, dict) or not isinstance(data.get("faq"), list):
        raise CorpusError(f"{path}: expected a mapping with a 'faq' list")
    by_id = {d.doc_id: d for d in documents}
    default_doc = data.get("document")  # the plan entries belong to unless they say otherwise
    entries: list[FaqEntry] = []
    seen: set[str] = set()
    for raw in data["faq"]:
        if not isinstance(raw, dict):
            raise CorpusError(f"{path}: each FAQ entry must be a mapping: {raw!r}")
        faq_id = str(raw.get("id", "")).strip()
        where = _entry_line(path, text, f"id: {faq_id}") if faq_id else str(path)
        missing = [k for k in ("id", "question", "answer", "items") if not raw.get(k) and raw.get(k) != [0]]
        if missing:
            raise CorpusError(f"{where}: FAQ entry lacks {', '.join(missing)}")
        if faq_id in seen:
            raise CorpusError(f"{where}: duplicate FAQ id {faq_id!r}")
        seen.add(faq_id)
        doc_id = raw.get("document", default_doc)
        if doc_id is None:
            if len(documents) != 1:
                raise CorpusError(
                    f"{where}: 'document' is required when the corpus holds several plans (per entry, or once at the top of the file)"
                )
            doc_id = documents[0].doc_id
        if doc_id not in by_id:
            raise CorpusError(f"{where}: unknown document {doc_id!r}")
        items = raw["items"]
        if not isinstance(items, list) or not all(isinstance(i, int) for i in items):
            raise CorpusError(f"{where}: 'items' must be a list of item numbers")
        numbers = {it.number for it in by_id[doc_id].items} | {0}
        if bad := [i for i in items if i not in numbers]:
            raise CorpusError(f"{where}: item(s) {bad} do not exist in {doc_id}")
        lang = str(raw.get("lang", "zh"))
        if lang not in ("zh", "en"):
            raise CorpusError(f"{where}: lang must be 'zh' or 'en'")
        entries.append(FaqEntry(faq_id, lang, str(raw["question"]).strip(), str(raw["answer"]).strip(), tuple(items), doc_id))
    return tuple(entries)


def load_scope(path: Path) -> Scope:
    if not path.exists():
        return Scope((), ())
    data = _load_yaml(path) or {}
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: expected a mapping")
    return Scope(
        out_of_scope_terms=_str_list(data.get("out_of_scope_terms"), str(path), "out_of_scope_terms"),
        injection_patterns=_str_list(data.get("injection_patterns"), str(path), "injection_patterns"),
        other_places=_str_list(data.get("other_places"), str(path), "other_places"),
    )


def policy_files(corpus_dir: Path) -> list[Path]:
    folder = corpus_dir / "policies"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in POLICY_SUFFIXES and p.is_file() and not p.name.startswith("."))


def parse_file(path: Path, doc_id: str | None = None, data: bytes | None = None) -> PolicyDocument:
    """One plan file of any supported type -> PolicyDocument. Raises UnreadableFile only.

    Plain-text plans in the strict format keep their exact strict parse; anything else goes
    through the layout parser, which never fails (unrecognised text becomes paragraphs).
    ``data`` parses content already in memory (an upload) as if it were the file ``path``.
    """
    path = Path(path)
    loaded = load_document(path) if data is None else load_bytes(path, data)
    doc_id = doc_id or path.stem
    layout = parse_layout(loaded, doc_id)
    if loaded.kind in ("txt", "md"):
        try:
            doc = parse_policy(loaded.text, doc_id=doc_id, source=str(path))
        except PolicyParseError:
            pass
        else:
            # the strict format only when it reads the plan at least as fully as the layout parser does (a
            # plan nested 一、>(一)>1. read strictly as one item is read by its layout)
            if len(doc.items) < len(layout.items):
                return _outside_facts(layout, loaded, path)
            head_end = loaded.text.find(doc.items[0].text[:20]) if doc.items else len(loaded.text)
            facts = derive_facts(loaded.text, simplified_view(loaded.text), max(head_end, 0), None)
            place, level = facts.place, facts.level
            return _outside_facts(replace(doc, place=place, level=level, file_type=loaded.kind), loaded, path)
    return _outside_facts(layout, loaded, path)


def _outside_facts(doc: PolicyDocument, loaded: LoadedText, path: Path) -> PolicyDocument:
    """Place and year for a document whose text states none, from the file's other own evidence, in order:
    the web page's metadata (title, site name, footer), its address, then the file name."""
    text = normalise(loaded.text)
    view = simplified_view(text)
    if doc.place is None and loaded.page:
        place, level = page_place(loaded.page)
        doc = replace(doc, place=written_place(place, text, view) or place, level=level)
    for name in (loaded.address, path.stem):
        if doc.place is None:
            place, level = name_place(name)
            # the place as the text writes it, when it does ("<X>县" for the gazetteer's "<X>黎族苗族自治县")
            doc = replace(doc, place=written_place(place, text, view) or place, level=level)
        if doc.year is None:
            doc = replace(doc, year=name_year(name))
    return doc


def _report(doc: PolicyDocument) -> FileReport:
    units = {u for it in doc.items for u in it.units}
    meta = {"place": doc.place, "level": doc.level, "year": doc.year, "issuer": doc.issuer, "文号": doc.doc_number}
    return FileReport(doc.source, doc.doc_id, len(doc.items), len(units), len(doc.sections), doc.warnings, None, meta)


def read_policies(corpus_dir: Path) -> tuple[tuple[PolicyDocument, ...], tuple[FileReport, ...]]:
    """Every readable policy file parsed; an unreadable one is reported and skipped, never blocking the rest."""
    docs: list[PolicyDocument] = []
    reports: list[FileReport] = []
    seen: set[str] = set()
    for path in policy_files(corpus_dir):
        doc_id = path.stem if path.stem not in seen else f"{path.stem}-{path.suffix.lstrip('.').lower()}"
        try:
            doc = parse_file(path, doc_id)
        except UnreadableFile as exc:
            reports.append(FileReport(str(path), error=str(exc).removeprefix(f"{path}: ")))
            continue
        seen.add(doc_id)
        docs.append(doc)
        reports.append(_report(doc))
    return tuple(docs), tuple(reports)


def load_documents(corpus_dir: Path) -> tuple[PolicyDocument, ...]:
    files = policy_files(corpus_dir)
    if not files:
        raise CorpusError(f"{corpus_dir / 'policies'}: no policy files ({', '.join('*' + s for s in POLICY_SUFFIXES)}) found")
    docs, reports = read_policies(corpus_dir)
    if not docs:
        raise CorpusError("; ".join(r.summary() for r in reports))
    return docs


def content_hash(corpus_dir: Path) -> str:
    """Hash of the files the index is built from; a change means the index is stale."""
    digest = hashlib.sha256()
    for path in [*policy_files(corpus_dir), corpus_dir / "faq.yaml"]:
        if path.exists():
            digest.update(path.relative_to(corpus_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def validate_corpus(corpus: Corpus, corpus_dir: Path) -> tuple[str, ...]:
    """Cross-file checks, as ``file:line: message``: rules cite items that exist, glossary units occur in a plan."""
    problems: list[str] = []
    by_id = {d.doc_id: d for d in corpus.documents}
    rules_path = corpus_dir / "eligibility.yaml"
    for rule in corpus.rules:
        doc_id = getattr(rule, "document", None)
        item = getattr(rule, "item", None)
        doc = by_id.get(doc_id) if doc_id else None
        where = _entry_line(rules_path, rules_path.read_text(encoding="utf-8"), f"item: {item}") if rules_path.exists() else str(rules_path)
        if doc_id and doc is None:
            problems.append(f"{where}: rule cites document {doc_id!r}, which is not in corpus/policies/")
        elif doc is not None and item is not None and doc.item(int(item)) is None:
            problems.append(f"{where}: rule cites item {item} of {doc_id}, which has no such item")
    glossary_path = corpus_dir / "glossary.yaml"
    if glossary_path.exists():
        text = glossary_path.read_text(encoding="utf-8")
        plans = "".join(
            d.title + (d.issuer or "") + d.preamble + d.closing + "".join(it.text for it in d.items) + "".join(s.text for s in d.sections)
            for d in corpus.documents
        )
        for unit in _load_glossary_names(glossary_path):
            if unit not in plans and simplified_view(unit) not in simplified_view(plans):
                problems.append(f"{_entry_line(glossary_path, text, unit)}: glossary unit {unit!r} does not occur in any plan")
    for doc in corpus.documents:
        problems.extend(doc.warnings)
    return tuple(problems)


def _load_glossary_names(path: Path) -> list[str]:
    data = _load_yaml(path)
    return [u["name"] for u in (data or {}).get("units") or [] if isinstance(u, dict) and isinstance(u.get("name"), str)]


def load_corpus(corpus_dir: Path) -> Corpus:
    if not corpus_dir.is_dir():
        raise CorpusError(f"{corpus_dir}: corpus directory not found")
    if not policy_files(corpus_dir):
        raise CorpusError(f"{corpus_dir / 'policies'}: no policy files ({', '.join('*' + s for s in POLICY_SUFFIXES)}) found")
    documents, reports = read_policies(corpus_dir)
    if not documents:
        raise CorpusError("no policy file could be read: " + "; ".join(r.summary() for r in reports))
    faq_path = corpus_dir / "faq.yaml"
    faq = load_faq(faq_path, documents) if faq_path.exists() else ()
    override = load_glossary(corpus_dir / "glossary.yaml") if (corpus_dir / "glossary.yaml").exists() else Glossary((), ())
    glossary = merge_glossaries(override, derive_glossary(documents))
    rules_path = corpus_dir / "eligibility.yaml"
    try:
        rules = tuple(load_rules(rules_path)) if rules_path.exists() else ()
    except ValueError as exc:
        raise CorpusError(str(exc)) from exc
    corpus = Corpus(documents, faq, glossary, rules, load_scope(corpus_dir / "scope.yaml"), content_hash(corpus_dir), reports)
    return replace(corpus, problems=validate_corpus(corpus, corpus_dir))
