"""Staff-managed plans: an uploaded file becomes a draft, a draft is published into the corpus and index.

A draft lives in ``<corpus>/drafts/<plan>/`` (the file as uploaded and a ``draft.json`` preview) and
never touches the serving index. Publishing copies the file into ``<corpus>/policies/``, checks the
whole corpus and builds a new index that is swapped in atomically (the same build as
``policy-assistant ingest``); if anything fails, the file is taken back out, so the previous index keeps
serving and its corpus still matches it. Unpublishing is the same in reverse. Every app process that
shares the corpus folder and index (or Chroma server) picks the new build up on its next question.
``<corpus>/published.json`` records when each plan was published. Nothing here knows any plan.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from assistant.corpus.loading import POLICY_SUFFIXES, CorpusError, load_corpus, load_glossary, policy_files
from assistant.corpus.parsing import PolicyParseError, parse_policy
from assistant.corpus.records import PolicyDocument
from assistant.settings import Settings

DRAFTS = "drafts"
REGISTRY = "published.json"
_PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")


class PlanError(ValueError):
    """A plan file cannot be used; the message says why (shown to staff as is)."""


class PlanNotFound(KeyError):
    pass


class PublishError(RuntimeError):
    """Publishing or unpublishing failed; the previous index is still serving. The message says why."""


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def plan_id(filename: str, data: bytes) -> str:
    """A stable id from the file name (lower-case ASCII, digits, - and _), else from the content."""
    stem = Path(filename or "").stem.lower()
    slug = re.sub(r"[^a-z0-9_-]+", "-", stem).strip("-_")
    if len(slug) >= 3 and _PLAN_ID.match(slug):
        return slug[:80]
    return "plan-" + hashlib.sha256(data).hexdigest()[:10]


def _decode(filename: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanError(f"{filename}: 不是 UTF-8 文本 / not UTF-8 text (byte {exc.start})") from exc


def _corpus_parser() -> Callable[[str, bytes, str], PolicyDocument] | None:
    """The corpus's own reader for any file type it accepts (``parse_file(path, doc_id, data=)``), when it has one."""
    try:
        from assistant.corpus import loading
        from assistant.corpus.reading import UnreadableFile  # type: ignore[import-not-found]
    except ImportError:
        return None
    parse_file = getattr(loading, "parse_file", None)
    if parse_file is None:
        return None

    def parse(filename: str, data: bytes, plan: str) -> PolicyDocument:
        try:
            return parse_file(Path(filename), doc_id=plan, data=data)
        except UnreadableFile as exc:
            raise PlanError(str(exc)) from exc

    return parse


def parse_upload(filename: str, data: bytes, plan: str) -> PolicyDocument:
    """The plan in an uploaded file, parsed exactly as the corpus will parse it; PlanError says why not."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in POLICY_SUFFIXES:
        accepted = "、".join(POLICY_SUFFIXES)
        raise PlanError(f"{filename or '(no name)'}: 不支持的文件类型 / unsupported file type {suffix or '(none)'}; accepted: {accepted}")
    if not data.strip():
        raise PlanError(f"{filename}: 文件为空 / the file is empty")
    parse = _corpus_parser()
    if parse is not None:
        doc = parse(filename, data, plan)
    else:
        try:
            doc = parse_policy(_decode(filename, data), doc_id=plan, source=filename)
        except PolicyParseError as exc:
            raise PlanError(str(exc)) from exc
    if not doc.items:
        raise PlanError(f"{filename}: 没有找到编号条目 / no numbered items (一、二、…) found")
    return doc


def _derived_english(doc: PolicyDocument) -> dict[str, str]:
    """unit -> the English name the corpus derives for it (empty when the corpus derives none)."""
    try:
        from assistant.corpus.glossary import derive_glossary  # type: ignore[import-not-found]

        return {u.name: u.en for u in derive_glossary((doc,)).units}
    except Exception:  # noqa: BLE001 - a missing or failing derivation only means no derived names
        return {}


def _is_english(name: str) -> bool:
    return bool(name) and not re.search(r"[\u4e00-\u9fff]", name)


def item_rows(doc: PolicyDocument) -> list[dict[str, Any]]:
    return [
        {
            "number": it.number,
            "title": it.title,
            "lead_units": list(it.lead_units),
            "responsible_units": list(it.responsible_units),
            "key": getattr(it, "key", "") or str(it.number),  # "1.2" for a nested item
        }
        for it in doc.items
    ]


class PlanStore:
    """Drafts and published plans of one corpus folder; publish/unpublish rebuild the index.

    ``embeddings`` returns the (already loaded) embedding model for a build; ``on_swap`` is called after
    a new build is in place, so this process serves it at once.
    """

    def __init__(
        self,
        settings: Settings,
        embeddings: Callable[[], Any] | None = None,
        on_swap: Callable[[], None] | None = None,
    ) -> None:
        self.settings = settings
        self._embeddings = embeddings
        self._on_swap = on_swap
        self._lock = threading.Lock()

    # ------------------------------------------------------------ paths

    @property
    def corpus_dir(self) -> Path:
        return self.settings.corpus_dir

    @property
    def drafts_dir(self) -> Path:
        return self.corpus_dir / DRAFTS

    def _draft_dir(self, plan: str) -> Path:
        if not _PLAN_ID.match(plan):
            raise PlanNotFound(plan)
        return self.drafts_dir / plan

    def _published_files(self, plan: str) -> list[Path]:
        return [p for p in policy_files(self.corpus_dir) if p.stem == plan]

    @contextlib.contextmanager
    def _exclusive(self) -> Iterator[None]:
        """One publish/unpublish at a time, across threads and processes sharing the corpus."""
        self.corpus_dir.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self.corpus_dir / ".publish.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _registry(self) -> dict[str, Any]:
        try:
            data = json.loads((self.corpus_dir / REGISTRY).read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _write_registry(self, data: dict[str, Any]) -> None:
        path = self.corpus_dir / REGISTRY
        tmp = path.with_name(f".{REGISTRY}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)

    # ------------------------------------------------------------ drafts

    def warnings(self, doc: PolicyDocument) -> list[str]:
        """What staff should check before publishing; none of these stops a publish."""
        notes: list[str] = [str(w) for w in getattr(doc, "warnings", ()) or ()]  # what the corpus reader noticed
        try:
            glossary = load_glossary(self.corpus_dir / "glossary.yaml") if (self.corpus_dir / "glossary.yaml").exists() else None
        except CorpusError:
            glossary = None
        known = {a for u in glossary.units for a in (u.name, *u.aliases)} if glossary else set()
        missing = sorted({u for it in doc.items for u in it.units} - known)
        derived = _derived_english(doc)
        unnamed = [u for u in missing if not _is_english(derived.get(u, ""))]
        if unnamed:
            notes.append(
                f"{len(unnamed)} 个单位没有英文名（英文回答将用中文名）/ units without an English name: "
                + "、".join(unnamed)
                + "（可加入 glossary.yaml / add them to glossary.yaml）"
            )
        if len(missing) > len(unnamed):
            notes.append(
                f"{len(missing) - len(unnamed)} 个单位的英文名由单位名推导，请核对或写入 glossary.yaml / "
                "English unit names derived from the Chinese names: check them, or curate them in glossary.yaml"
            )
        if not hasattr(doc, "warnings"):  # the corpus reader reports items without units itself
            for it in doc.items:
                if not it.lead_units and not it.responsible_units:
                    notes.append(f"第{it.numeral}项没有列出单位 / item {it.number} names no unit")
        if not doc.doc_number:
            notes.append("没有找到文号 / no document number (文号) found")
        if not doc.issue_date:
            notes.append("没有找到成文日期 / no issue date found")
        if self._published_files(doc.doc_id):
            notes.append(f"已有同名方案 {doc.doc_id}，发布将替换它 / publishing replaces the published plan {doc.doc_id}")
        for other in self._published_docs():
            if other.doc_id != doc.doc_id and other.title == doc.title:
                notes.append(f"与已发布的方案 {other.doc_id} 标题相同 / same title as the published plan {other.doc_id}")
        return notes

    def add_draft(self, filename: str, data: bytes) -> dict[str, Any]:
        """Parse an uploaded file and keep it as a draft; returns the preview. Raises PlanError."""
        if len(data) > self.settings.max_upload_bytes:
            raise PlanError(f"{filename}: over {self.settings.max_upload_bytes} bytes")
        plan = plan_id(filename, data)
        doc = parse_upload(filename, data, plan)
        preview = {
            "plan": plan,
            "title": doc.title,
            "status": "draft",
            "items": item_rows(doc),
            "warnings": self.warnings(doc),
            "filename": Path(filename).name,
            "uploaded_at": _now(),
            "published_at": None,
        }
        suffix = Path(filename).suffix.lower()
        self.drafts_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.drafts_dir / f".tmp-{os.getpid()}-{threading.get_ident()}-{plan}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        (tmp / f"{plan}{suffix}").write_bytes(data)
        (tmp / "draft.json").write_text(json.dumps(preview, ensure_ascii=False, indent=2), encoding="utf-8")
        final = self.drafts_dir / plan
        old = self.drafts_dir / f".old-{os.getpid()}-{threading.get_ident()}-{plan}"
        if final.exists():
            os.replace(final, old)
        os.replace(tmp, final)
        shutil.rmtree(old, ignore_errors=True)
        return preview

    def draft(self, plan: str) -> dict[str, Any]:
        try:
            return json.loads((self._draft_dir(plan) / "draft.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise PlanNotFound(plan) from exc

    def _draft_file(self, plan: str) -> Path:
        folder = self._draft_dir(plan)
        files = [p for p in folder.iterdir() if p.stem == plan and p.suffix in POLICY_SUFFIXES] if folder.is_dir() else []
        if not files:
            raise PlanNotFound(plan)
        return files[0]

    # ------------------------------------------------------------ listing

    def _published_docs(self) -> list[PolicyDocument]:
        docs = []
        for path in policy_files(self.corpus_dir):
            try:
                docs.append(parse_upload(path.name, path.read_bytes(), path.stem))
            except (OSError, PlanError):
                continue
        return docs

    def plans(self) -> list[dict[str, Any]]:
        """Every published plan, then every draft: plan, title, status, items, published_at."""
        registry = self._registry()
        rows = [
            {
                "plan": d.doc_id,
                "title": d.title,
                "status": "published",
                "items": item_rows(d),
                "published_at": (registry.get(d.doc_id) or {}).get("published_at"),
            }
            for d in self._published_docs()
        ]
        if self.drafts_dir.is_dir():
            for folder in sorted(self.drafts_dir.iterdir()):
                if folder.name.startswith(".") or not folder.is_dir():
                    continue
                with contextlib.suppress(PlanNotFound):
                    draft = self.draft(folder.name)
                    rows.append({k: draft.get(k) for k in ("plan", "title", "status", "items", "published_at", "warnings", "uploaded_at")})
        return rows

    # ------------------------------------------------------------ publishing

    def _rebuild(self, why: str, expect: str | None = None) -> None:
        """Check the whole corpus and build + swap a new index; raises PublishError (nothing swapped)."""
        from assistant.search.embeddings import backend_name, make_embeddings
        from assistant.search.index import build_index

        try:
            corpus = load_corpus(self.corpus_dir)
        except CorpusError as exc:
            raise PublishError(f"{why}: 语料检查未通过 / the corpus does not check: {exc}") from exc
        if expect is not None and expect not in {d.doc_id for d in corpus.documents}:
            raise PublishError(f"{why}: 语料没有读入 {expect} / the corpus did not load {expect}")
        try:
            embeddings = self._embeddings() if self._embeddings else make_embeddings(self.settings.embeddings)
            build_index(self.settings, corpus, embeddings, backend_name(self.settings.embeddings))
        except Exception as exc:
            raise PublishError(f"{why}: 索引构建失败 / the index build failed: {type(exc).__name__}: {exc}") from exc

    def _set_aside(self, files: list[Path], tag: str) -> list[tuple[Path, Path]]:
        moved = []
        for path in files:
            aside = path.with_name(f".{path.name}.{tag}-{os.getpid()}")  # not a policy suffix: the loader skips it
            os.replace(path, aside)
            moved.append((aside, path))
        return moved

    def publish(self, plan: str) -> dict[str, Any]:
        """Put a draft into the corpus and the serving index. PlanNotFound / PublishError."""
        with self._exclusive():
            draft = self.draft(plan)
            source = self._draft_file(plan)
            policies = self.corpus_dir / "policies"
            policies.mkdir(parents=True, exist_ok=True)
            replaced = self._set_aside(self._published_files(plan), "replaced")
            target = policies / source.name
            tmp = policies / f".{source.name}.publishing-{os.getpid()}"
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
            try:
                self._rebuild(f"发布 {plan} 失败 / publishing {plan} failed", expect=plan)
            except PublishError:
                target.unlink(missing_ok=True)
                for aside, original in replaced:
                    os.replace(aside, original)
                raise
            for aside, _ in replaced:
                aside.unlink(missing_ok=True)
            registry = self._registry()
            published_at = _now()
            registry[plan] = {"published_at": published_at, "filename": draft.get("filename"), "title": draft.get("title")}
            self._write_registry(registry)
            shutil.rmtree(self._draft_dir(plan), ignore_errors=True)
        if self._on_swap:
            self._on_swap()
        return {**draft, "status": "published", "published_at": published_at, "warnings": draft.get("warnings", [])}

    def delete(self, plan: str) -> dict[str, Any]:
        """Unpublish a plan (index rebuilt without it, atomically) and remove its draft. PlanNotFound / PublishError."""
        with self._exclusive():
            files = self._published_files(plan)
            has_draft = (self.drafts_dir / plan).is_dir() if _PLAN_ID.match(plan) else False
            if not files and not has_draft:
                raise PlanNotFound(plan)
            if files:
                aside = self._set_aside(files, "unpublishing")
                try:
                    self._rebuild(f"撤下 {plan} 失败 / unpublishing {plan} failed")
                except PublishError:
                    for moved, original in aside:
                        os.replace(moved, original)
                    raise
                for moved, _ in aside:
                    moved.unlink(missing_ok=True)
                registry = self._registry()
                registry.pop(plan, None)
                self._write_registry(registry)
            if has_draft:
                shutil.rmtree(self.drafts_dir / plan, ignore_errors=True)
        if files and self._on_swap:
            self._on_swap()
        return {"plan": plan, "unpublished": bool(files), "draft_removed": has_draft}
