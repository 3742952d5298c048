"""The Chroma index: build into a new place, swap it in only when complete, open and check it.

Embedded (default): ``index/builds/<name>/`` with a ``manifest.json``; ``index/current`` is a symlink
replaced atomically. Server (``CHROMA_HOST``): one collection per build, and a small manifest
collection whose metadata names the active one. The only module that touches Chroma.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant.corpus.loading import Corpus
from assistant.corpus.records import Chunk
from assistant.search.chunking import build_chunks
from assistant.settings import Settings

SCHEMA_VERSION = 1
MANIFEST_COLLECTION = "assistant_manifest"
REBUILD_HINT = "policy-assistant ingest --rebuild"
Progress = Callable[[int, int], None]


class IndexError_(RuntimeError):
    """Base of index problems; every message says which command fixes it."""


class IndexMissingError(IndexError_):
    pass


class IndexMismatchError(IndexError_):
    pass


class IndexCorruptError(IndexError_):
    pass


class IndexUnavailableError(IndexError_):
    """The Chroma server cannot be reached."""


@dataclass(frozen=True)
class Manifest:
    schema: int
    backend: str
    corpus_hash: str
    chunk_count: int
    item_count: int
    documents: list[str]
    built_at: float
    collection: str
    reused_embeddings: int = 0

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest:
        fields = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in fields})


@dataclass(frozen=True)
class Hit:
    chunk_id: str
    text: str
    metadata: dict[str, Any]
    score: float  # cosine similarity, higher is better


def _current_build(settings: Settings) -> Path:
    """The build directory ``index/current`` points at."""
    return (settings.index_dir / "current").resolve()


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def _client(settings: Settings, path: Path | None = None) -> Any:
    import chromadb

    if settings.uses_server:
        try:
            client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=_chroma_settings())
            client.heartbeat()
            return client
        except Exception as exc:  # chromadb raises several types for a refused connection
            raise IndexUnavailableError(
                f"Chroma server at {settings.chroma_host}:{settings.chroma_port} is not reachable ({type(exc).__name__}). "
                "Start it with `chroma run --path <dir> --host 127.0.0.1 --port <port>` or unset CHROMA_HOST to use the embedded index."
            ) from exc
    assert path is not None
    return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())


@contextlib.contextmanager
def _ingest_lock(index_dir: Path) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".ingest.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# ---------------------------------------------------------------- reading


class PolicyIndex:
    """An open, checked index: dense search through langchain-chroma."""

    def __init__(self, store: Any, manifest: Manifest, location: str) -> None:
        self._store = store
        self.manifest = manifest
        self.location = location

    def search(self, vector: list[float], k: int, where: dict[str, Any] | None = None) -> list[Hit]:
        # langchain-chroma returns cosine *distances* here, despite the method's name.
        results = self._store.similarity_search_by_vector_with_relevance_scores(vector, k=k, filter=where)
        return [Hit(doc.id or "", doc.page_content, dict(doc.metadata), 1.0 - float(distance)) for doc, distance in results]

    def all_chunks(self) -> list[Hit]:
        got = self._store.get(include=["documents", "metadatas"])
        return [Hit(i, d, dict(m or {}), 0.0) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)]

    def chunks_with_vectors(self, kind: str) -> tuple[list[Hit], list[list[float]]]:
        """Every chunk of one kind with its stored embedding (for small in-memory look-ups)."""
        got = self._store.get(where={"kind": kind}, include=["documents", "metadatas", "embeddings"])
        hits = [Hit(i, d, dict(m or {}), 0.0) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)]
        return hits, [list(e) for e in got["embeddings"]] if len(hits) else []

    def chunk_matrix(self, kinds: tuple[str, ...], batch: int = 5000) -> tuple[list[Hit], Any]:
        """Every chunk of these kinds and its stored embedding as one float32 matrix (row i = hit i).

        Read in pages so a large index never holds its vectors as Python lists."""
        import numpy as np

        where: dict[str, Any] = {"kind": {"$in": list(kinds)}} if len(kinds) > 1 else {"kind": kinds[0]}
        hits: list[Hit] = []
        parts = []
        while True:
            got = self._store.get(where=where, include=["documents", "metadatas", "embeddings"], limit=batch, offset=len(hits))
            ids = got["ids"]
            hits += [Hit(i, d, dict(m or {}), 0.0) for i, d, m in zip(ids, got["documents"], got["metadatas"], strict=True)]
            if len(ids):
                parts.append(np.asarray(got["embeddings"], dtype=np.float32))
            if len(ids) < batch:
                break
        return hits, (np.concatenate(parts) if parts else np.zeros((0, 1), dtype=np.float32))

    def count(self) -> int:
        return int(self._store._collection.count())


def _langchain_store(client: Any, collection: str, embeddings: Any) -> Any:
    from langchain_chroma import Chroma

    return Chroma(
        client=client,
        collection_name=collection,
        embedding_function=embeddings,
        create_collection_if_not_exists=False,
    )


def read_manifest(settings: Settings) -> Manifest:
    """The active build's manifest, or IndexMissingError / IndexCorruptError."""
    if settings.uses_server:
        client = _client(settings)
        try:
            meta = client.get_collection(MANIFEST_COLLECTION).metadata or {}
        except Exception as exc:
            raise IndexMissingError(
                f"no index on the Chroma server {settings.chroma_host}:{settings.chroma_port}; build it with `policy-assistant ingest`."
            ) from exc
        if "manifest" not in meta:
            raise IndexCorruptError(f"the index manifest on the Chroma server is incomplete; rebuild with `{REBUILD_HINT}`.")
        return Manifest.from_dict(json.loads(meta["manifest"]))
    current = settings.index_dir / "current"
    if current.is_symlink() and not current.exists():
        raise IndexCorruptError(
            f"the index link {current} points at a missing build ({os.readlink(current)}); rebuild with `{REBUILD_HINT}`."
        )
    if not current.exists():
        raise IndexMissingError(f"no index in {settings.index_dir}; build it with `policy-assistant ingest`.")
    manifest_path = current / "manifest.json"
    try:
        return Manifest.from_dict(json.loads(manifest_path.read_text()))
    except (OSError, ValueError, TypeError) as exc:
        raise IndexCorruptError(
            f"the index in {current.resolve()} has no valid manifest (half-written or damaged); rebuild with `{REBUILD_HINT}`."
        ) from exc


def check_manifest(manifest: Manifest, backend: str, corpus_hash: str) -> None:
    if manifest.schema != SCHEMA_VERSION:
        raise IndexMismatchError(
            f"the index has schema {manifest.schema}, this version needs {SCHEMA_VERSION}; rebuild with `{REBUILD_HINT}`."
        )
    if manifest.backend != backend:
        raise IndexMismatchError(
            f"the index was built with embeddings {manifest.backend!r} but {backend!r} is configured; "
            f"rebuild with `{REBUILD_HINT}` (or set ASSISTANT_EMBEDDINGS back)."
        )
    if manifest.corpus_hash != corpus_hash:
        raise IndexMismatchError(
            f"the index was built from an older corpus ({manifest.corpus_hash}, now {corpus_hash}); rebuild with `{REBUILD_HINT}`."
        )


def open_index(settings: Settings, embeddings: Any, backend: str, corpus_hash: str) -> PolicyIndex:
    manifest = read_manifest(settings)
    check_manifest(manifest, backend, corpus_hash)
    if settings.uses_server:
        client = _client(settings)
        location = f"chroma://{settings.chroma_host}:{settings.chroma_port}/{manifest.collection}"
    else:
        path = _current_build(settings)
        location = str(path)
        try:
            client = _client(settings, path / "chroma")
        except Exception as exc:
            raise IndexCorruptError(f"the index in {path} cannot be opened ({exc}); rebuild with `{REBUILD_HINT}`.") from exc
    try:
        store = _langchain_store(client, manifest.collection, embeddings)
        index = PolicyIndex(store, manifest, location)
        count = index.count()
    except IndexError_:
        raise
    except Exception as exc:
        raise IndexCorruptError(
            f"the index at {location} cannot be read ({type(exc).__name__}: {exc}); rebuild with `{REBUILD_HINT}`."
        ) from exc
    if count != manifest.chunk_count:
        raise IndexCorruptError(
            f"the index at {location} holds {count} chunks, its manifest says {manifest.chunk_count}; rebuild with `{REBUILD_HINT}`."
        )
    return index


# ---------------------------------------------------------------- building


def _previous_embeddings(settings: Settings, backend: str) -> dict[str, list[float]]:
    """content_key -> embedding from the active index, when it was built with the same backend."""
    try:
        manifest = read_manifest(settings)
        if manifest.backend != backend or manifest.schema != SCHEMA_VERSION:
            return {}
        if settings.uses_server:
            collection = _client(settings).get_collection(manifest.collection)
        else:
            collection = _client(settings, _current_build(settings) / "chroma").get_collection(manifest.collection)
        got = collection.get(include=["embeddings", "metadatas"])
    except Exception:
        return {}
    return {m["content_key"]: list(e) for e, m in zip(got["embeddings"], got["metadatas"], strict=True) if m and "content_key" in m}


def _embed_chunks(
    chunks: list[Chunk], embeddings: Any, reuse: dict[str, list[float]], progress: Progress | None, batch: int = 32
) -> tuple[list[list[float]], int]:
    vectors: list[list[float] | None] = [reuse.get(str(c.metadata["content_key"])) for c in chunks]
    todo = [i for i, v in enumerate(vectors) if v is None]
    # A text is embedded once however many chunks hold it (plans repeat their closing boilerplate).
    same: dict[str, list[int]] = {}
    for i in todo:
        same.setdefault(chunks[i].text, []).append(i)
    distinct = [rows[0] for rows in same.values()]
    done = len(chunks) - len(todo)
    if progress:
        progress(done, len(chunks))
    for start in range(0, len(distinct), batch):
        part = distinct[start : start + batch]
        for i, vector in zip(part, embeddings.embed_documents([chunks[i].text for i in part]), strict=True):
            for j in same[chunks[i].text]:
                vectors[j] = vector
                done += 1
        if progress:
            progress(done, len(chunks))
    return [v for v in vectors if v is not None], len(chunks) - len(todo)


def _write_collection(client: Any, name: str, chunks: list[Chunk], vectors: list[list[float]], batch: int = 1000) -> None:
    collection = client.create_collection(name, metadata={"hnsw:space": "cosine"})
    for start in range(0, len(chunks), batch):
        part = chunks[start : start + batch]
        collection.upsert(
            ids=[c.chunk_id for c in part],
            embeddings=vectors[start : start + batch],
            documents=[c.text for c in part],
            metadatas=[c.metadata for c in part],
        )


def build_index(
    settings: Settings,
    corpus: Corpus,
    embeddings: Any,
    backend: str,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    after_embed: Callable[[], None] | None = None,
) -> Manifest:
    """Build a new index and swap it in. The active index keeps serving until the swap.

    Unchanged chunks reuse their embeddings (keyed by content hash) unless ``rebuild`` is set.
    ``after_embed`` is a test hook called between embedding and the swap.
    """
    chunks = build_chunks(corpus.documents, corpus.faq)
    if settings.uses_server:
        _client(settings)  # fail fast, before minutes of embedding, when the server is down
    reuse = {} if rebuild else _previous_embeddings(settings, backend)
    with _ingest_lock(settings.index_dir):
        vectors, reused = _embed_chunks(chunks, embeddings, reuse, progress)
        if after_embed:
            after_embed()
        stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{time.time_ns() % 1_000_000:06d}"
        name = f"policy-{corpus.content_hash}-{stamp}"
        manifest = Manifest(
            schema=SCHEMA_VERSION,
            backend=backend,
            corpus_hash=corpus.content_hash,
            chunk_count=len(chunks),
            item_count=sum(len(d.items) for d in corpus.documents),
            documents=[d.doc_id for d in corpus.documents],
            built_at=time.time(),
            collection=name,
            reused_embeddings=reused,
        )
        if settings.uses_server:
            _swap_server(settings, name, chunks, vectors, manifest)
        else:
            _swap_embedded(settings, name, chunks, vectors, manifest)
    return manifest


def _swap_embedded(settings: Settings, name: str, chunks: list[Chunk], vectors: list[list[float]], manifest: Manifest) -> None:
    builds = settings.index_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    tmp = builds / f".tmp-{os.getpid()}-{name}"
    client = _client(settings, tmp / "chroma")
    _write_collection(client, name, chunks, vectors)
    with contextlib.suppress(Exception):
        client._system.stop()  # flush and release the sqlite file before the rename
    (tmp / "manifest.json").write_text(json.dumps(asdict(manifest), ensure_ascii=False, indent=2))
    final = builds / name
    os.replace(tmp, final)
    link = settings.index_dir / f".current-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    link.symlink_to(Path("builds") / name)
    previous = _current_build(settings) if (settings.index_dir / "current").exists() else None
    os.replace(link, settings.index_dir / "current")
    _cleanup_embedded(builds, keep={final.name, previous.name if previous else ""})


def _cleanup_embedded(builds: Path, keep: set[str]) -> None:
    """Drop old builds (keeping the active and the previous one, which readers may still hold) and dead temp dirs."""
    for path in builds.iterdir():
        if path.name in keep:
            continue
        if path.name.startswith(".tmp-"):
            pid = path.name.split("-")[1]
            if pid.isdigit() and _pid_alive(int(pid)):
                continue
        shutil.rmtree(path, ignore_errors=True)


def _swap_server(settings: Settings, name: str, chunks: list[Chunk], vectors: list[list[float]], manifest: Manifest) -> None:
    client = _client(settings)
    _write_collection(client, name, chunks, vectors)
    try:
        holder = client.get_collection(MANIFEST_COLLECTION)
        previous = (holder.metadata or {}).get("collection")
    except Exception:
        holder = client.create_collection(MANIFEST_COLLECTION)
        previous = None
    holder.modify(metadata={"collection": name, "manifest": json.dumps(asdict(manifest), ensure_ascii=False)})
    for collection in client.list_collections():
        cname = getattr(collection, "name", collection)
        if cname.startswith("policy-") and cname not in (name, previous):
            with contextlib.suppress(Exception):
                client.delete_collection(cname)


def active_build(settings: Settings) -> str | None:
    """A cheap marker of the active build: it changes exactly when a new build is swapped in."""
    if settings.uses_server:
        try:
            return str((_client(settings).get_collection(MANIFEST_COLLECTION).metadata or {}).get("collection"))
        except Exception:
            return None
    try:
        return os.readlink(settings.index_dir / "current")
    except OSError:
        return None


def _stored_count(settings: Settings, manifest: Manifest) -> int:
    """How many chunks the active build really holds (read from Chroma, no embeddings needed)."""
    if settings.uses_server:
        return int(_client(settings).get_collection(manifest.collection).count())
    path = _current_build(settings) / "chroma"
    if not (path / "chroma.sqlite3").is_file():
        raise IndexCorruptError(f"the index in {path.parent} has no database; rebuild with `{REBUILD_HINT}`.")
    return int(_client(settings, path).get_collection(manifest.collection).count())


def index_status(settings: Settings, backend: str, corpus_hash: str) -> dict[str, Any]:
    """What /api/health and `policy-assistant status` report: the manifest *and* the data it describes. Never raises."""
    try:
        manifest = read_manifest(settings)
    except IndexError_ as exc:
        return {"built": False, "ok": False, "error": str(exc)}
    status: dict[str, Any] = {"built": True, **asdict(manifest)}
    try:
        check_manifest(manifest, backend, corpus_hash)
        stored = _stored_count(settings, manifest)
        if stored != manifest.chunk_count:
            raise IndexCorruptError(
                f"the index holds {stored} chunks, its manifest says {manifest.chunk_count}; rebuild with `{REBUILD_HINT}`."
            )
        status["ok"] = True
    except IndexError_ as exc:
        status.update(ok=False, error=str(exc))
    except Exception as exc:  # a damaged sqlite file surfaces as chromadb's own errors
        status.update(ok=False, error=f"the index cannot be read ({type(exc).__name__}); rebuild with `{REBUILD_HINT}`.")
    return status


def health(settings: Settings, corpus: Corpus) -> dict[str, Any]:
    """The one health check (``/api/health``, ``policy-assistant status``, ``PolicyAssistant.health``):
    ``index_status`` for this corpus plus what the corpus holds. Never raises."""
    from assistant.search.embeddings import backend_name

    try:
        status = index_status(settings, backend_name(settings.embeddings), corpus.content_hash)
    except Exception as exc:  # noqa: BLE001 - a health check reports, it does not fail
        status = {"built": False, "ok": False, "error": f"{type(exc).__name__}: {exc}"}
    status["documents"] = len(corpus.documents)
    status["items"] = sum(len(d.items) for d in corpus.documents)
    status["faq"] = len(corpus.faq)
    return status
