"""Load ``corpus/``: policy texts, FAQ, glossary, eligibility rules and scope lists, validated.

Every problem is reported as a CorpusError naming the file and, where known, the line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.corpus.parsing import PolicyParseError, parse_policy
from assistant.corpus.records import FaqEntry, Glossary, PolicyDocument, Synonym, Unit
from assistant.eligibility.rules import RuleSet, load_rules

POLICY_SUFFIXES = (".txt", ".md")


class CorpusError(ValueError):
    """A corpus file is missing or malformed; the message names the file and line."""


@dataclass(frozen=True)
class Scope:
    """Words that mark a question as outside every plan, and prompt-injection patterns."""

    out_of_scope_terms: tuple[str, ...]
    injection_patterns: tuple[str, ...]
    other_places: tuple[str, ...] = ()

    def off_topic_terms(self, documents: tuple[PolicyDocument, ...]) -> tuple[str, ...]:
        """Out-of-scope words, plus places that no indexed plan is about."""
        titles = "".join(d.title for d in documents)
        return self.out_of_scope_terms + tuple(p for p in self.other_places if p not in titles)


@dataclass(frozen=True)
class Corpus:
    documents: tuple[PolicyDocument, ...]
    faq: tuple[FaqEntry, ...]
    glossary: Glossary
    rules: tuple[RuleSet, ...]
    scope: Scope
    content_hash: str  # hash of what the index is built from (policies and FAQ)

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
    text = _read_text(path)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CorpusError(f"{where}: invalid YAML: {problem}") from exc


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
    return Glossary(units=tuple(units), synonyms=tuple(synonyms))


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
    return sorted(p for p in folder.iterdir() if p.suffix in POLICY_SUFFIXES and p.is_file()) if folder.is_dir() else []


def load_documents(corpus_dir: Path) -> tuple[PolicyDocument, ...]:
    files = policy_files(corpus_dir)
    if not files:
        raise CorpusError(f"{corpus_dir / 'policies'}: no policy files (*.txt) found")
    docs = []
    for path in files:
        try:
            docs.append(parse_policy(_read_text(path), doc_id=path.stem, source=str(path)))
        except PolicyParseError as exc:
            raise CorpusError(str(exc)) from exc
    return tuple(docs)


def content_hash(corpus_dir: Path) -> str:
    """Hash of the files the index is built from; a change means the index is stale."""
    digest = hashlib.sha256()
    for path in [*policy_files(corpus_dir), corpus_dir / "faq.yaml"]:
        if path.exists():
            digest.update(path.relative_to(corpus_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def load_corpus(corpus_dir: Path) -> Corpus:
    if not corpus_dir.is_dir():
        raise CorpusError(f"{corpus_dir}: corpus directory not found")
    documents = load_documents(corpus_dir)
    faq_path = corpus_dir / "faq.yaml"
    faq = load_faq(faq_path, documents) if faq_path.exists() else ()
    glossary = load_glossary(corpus_dir / "glossary.yaml") if (corpus_dir / "glossary.yaml").exists() else Glossary((), ())
    rules_path = corpus_dir / "eligibility.yaml"
    try:
        rules = tuple(load_rules(rules_path)) if rules_path.exists() else ()
    except ValueError as exc:
        raise CorpusError(str(exc)) from exc
    return Corpus(documents, faq, glossary, rules, load_scope(corpus_dir / "scope.yaml"), content_hash(corpus_dir))
