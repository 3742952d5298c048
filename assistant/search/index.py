"""The Chroma index: build into a new place, swap it in only when complete, open and check it.

Embedded (default): ``index/builds/<name>/`` with a ``manifest.json``; ``index/current`` is a symlink
replaced atomically. Server (``CHROMA_HOST``): one collection per build, and a small manifest
collection whose metadata names the active one. The only module that touches Chroma.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant.corpus.loading import Corpus
from assistant.corpus.records import Chunk
from assistant.search.chunking import build_chunks, compose, embedding_parts
from assistant.settings import Settings

# What an index stores and how its vectors are made; an index of another schema is refused (rebuild).
# Bump it whenever either changes. 2: an item's vector is the mean of its sentences' vectors (f5d25a0); an
# index built before that opened as current, its corpus unchanged, and answered some questions differently.
SCHEMA_VERSION = 2
MANIFEST_COLLECTION = "assistant_manifest"
REBUILD_HINT = "policy-assistant ingest --rebuild"
Progress = Callable[[int, int], None]
log = logging.getLogger(__name__)


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


def _unit_rows(matrix: Any) -> Any:
    import numpy as np

    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)


def save_matrix(path: Path, collection: str, ids: list[str], vectors: Any) -> None:
    """Write ``path`` (.npy, unit-length float32 rows) and its ``.json`` (the build and each row's chunk
    id), each atomically; the .json last, so a reader never pairs a new matrix with an old id list."""
    import numpy as np

    matrix = _unit_rows(np.asarray(vectors, dtype=np.float32).reshape(len(ids), -1))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        np.save(handle, matrix)
    os.replace(tmp, path)
    meta = {"collection": collection, "rows": len(ids), "dim": int(matrix.shape[1]), "ids": ids}
    tmp_meta = path.with_name(f".{path.stem}.json.{os.getpid()}.tmp")
    tmp_meta.write_text(json.dumps(meta, ensure_ascii=False))
    os.replace(tmp_meta, path.with_suffix(".json"))


def load_matrix(path: Path, manifest: Manifest) -> tuple[list[str], Any]:
    """(row ids, memory-mapped matrix) of ``path``, checked against the build ``manifest`` describes.

    IndexMissingError when the files are absent, IndexMismatchError when they belong to another build
    or disagree with each other (a re-ingest, a copied or half-replaced file)."""
    import numpy as np

    meta_path = path.with_suffix(".json")
    if not path.is_file() or not meta_path.is_file():
        raise IndexMissingError(f"no embedding matrix at {path}")
    try:
        meta = json.loads(meta_path.read_text())
        matrix = np.load(path, mmap_mode="r")
    except (OSError, ValueError) as exc:
        raise IndexMismatchError(f"the embedding matrix {path} cannot be read ({type(exc).__name__})") from exc
    ids = meta.get("ids") or []
    if meta.get("collection") != manifest.collection:
        raise IndexMismatchError(f"the embedding matrix {path} belongs to build {meta.get('collection')!r}, not {manifest.collection!r}")
    if matrix.ndim != 2 or matrix.dtype != np.float32 or matrix.shape[0] != len(ids) or len(ids) != manifest.chunk_count:
        raise IndexMismatchError(
            f"the embedding matrix {path} has {matrix.shape[0] if matrix.ndim else 0} rows for {len(ids)} ids; "
            f"the build holds {manifest.chunk_count} chunks"
        )
    return ids, matrix


def matrix_path(settings: Settings, manifest: Manifest) -> Path:
    """Where the build's embedding matrix lives: in the build directory, or for a Chroma server in a local
    cache under the index dir named by the server's collection (written at ingest or at first open)."""
    if settings.uses_server:
        return settings.index_dir / "server-vectors" / f"{manifest.collection}.npy"
    return _current_build(settings) / "vectors.npy"


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
    """An open, checked index: dense search through langchain-chroma.

    The chunk vectors for in-memory scoring are read from ``vectors.npy`` (written beside the build at
    ingest, memory-mapped here; ``vectors.json`` names the build and the chunk id of each row) instead of
    out of Chroma: Chroma stays the store and the ANN index, the matrix is a copy of its embeddings."""

    def __init__(self, store: Any, manifest: Manifest, location: str, matrix_path: Path | None = None) -> None:
        self._store = store
        self.manifest = manifest
        self.location = location
        # a Chroma server is the store of record: questions are asked of it (never of a possibly stale local copy)
        self.remote = location.startswith("chroma://")
        self.matrix_path = matrix_path
        self.matrix_source = ""  # "file" | "chroma": where chunk_matrix found the vectors (reported by bench)

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

    def chunk_matrix(self, kinds: tuple[str, ...]) -> tuple[list[Hit], Any]:
        """Every chunk of these kinds and its embedding as one unit-length float32 matrix (row i = hit i).

        Texts and metadata come from Chroma; the vectors from the memory-mapped ``vectors.npy`` (a view
        of it when the kinds' rows are contiguous, as they are for every kind but FAQ). A missing matrix,
        or one that does not match this build, is rebuilt from Chroma's embeddings and saved again."""
        import numpy as np

        where: dict[str, Any] = {"kind": {"$in": list(kinds)}} if len(kinds) > 1 else {"kind": kinds[0]}
        got = self._store.get(where=where, include=["documents", "metadatas"])
        hits = [Hit(i, d, dict(m or {}), 0.0) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)]
        ids, matrix = self._matrix()
        row_of = {chunk_id: n for n, chunk_id in enumerate(ids)}
        if any(h.chunk_id not in row_of for h in hits):  # cannot happen after the checks in _matrix
            raise IndexCorruptError(f"the embedding matrix of {self.location} lacks some chunks; rebuild with `{REBUILD_HINT}`.")
        hits.sort(key=lambda h: row_of[h.chunk_id])
        rows = np.asarray([row_of[h.chunk_id] for h in hits], dtype=np.int64)
        if not len(rows):
            return hits, np.zeros((0, matrix.shape[1] if matrix.ndim == 2 else 1), dtype=np.float32)
        if rows[-1] - rows[0] + 1 == len(rows):
            return hits, matrix[rows[0] : rows[-1] + 1]
        return hits, np.ascontiguousarray(matrix[rows])

    def _matrix(self) -> tuple[list[str], Any]:
        """(chunk id of each row, the memory-mapped matrix), from the file when it matches this build."""
        if self.matrix_path is not None:
            try:
                ids, matrix = load_matrix(self.matrix_path, self.manifest)
                self.matrix_source = "file"
                return ids, matrix
            except IndexError_ as exc:
                log.warning("%s; reading the embeddings from Chroma instead and saving them again", exc)
        ids, matrix = self._matrix_from_store()
        self.matrix_source = "chroma"
        if self.matrix_path is not None:
            with contextlib.suppress(OSError):  # a read-only index still works, from Chroma each time
                save_matrix(self.matrix_path, self.manifest.collection, ids, matrix)
        return ids, matrix

    def _matrix_from_store(self, batch: int = 5000) -> tuple[list[str], Any]:
        """Every chunk's embedding read out of Chroma in pages, as unit-length rows (the slow way)."""
        import numpy as np

        ids: list[str] = []
        parts = []
        while True:
            got = self._store.get(include=["embeddings"], limit=batch, offset=len(ids))
            ids += list(got["ids"])
            if len(got["ids"]):
                parts.append(_unit_rows(np.asarray(got["embeddings"], dtype=np.float32)))
            if len(got["ids"]) < batch:
                break
        return ids, (np.concatenate(parts) if parts else np.zeros((0, 1), dtype=np.float32))

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
        matrix = matrix_path(settings, manifest) if settings.uses_server else Path(location) / "vectors.npy"
        index = PolicyIndex(store, manifest, location, matrix)
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
    """content_key -> embedding from the active index, when it was built with the same backend.

    The vectors come from the build's matrix file when it matches the build, else out of Chroma."""
    try:
        manifest = read_manifest(settings)
        if manifest.backend != backend or manifest.schema != SCHEMA_VERSION:
            return {}
        if settings.uses_server:
            collection = _client(settings).get_collection(manifest.collection)
        else:
            collection = _client(settings, _current_build(settings) / "chroma").get_collection(manifest.collection)
        try:
            ids, matrix = load_matrix(matrix_path(settings, manifest), manifest)
            got = collection.get(include=["metadatas"])
            row_of = {chunk_id: n for n, chunk_id in enumerate(ids)}
            return {
                m["content_key"]: matrix[row_of[i]].tolist()
                for i, m in zip(got["ids"], got["metadatas"], strict=True)
                if m and "content_key" in m and i in row_of
            }
        except IndexError_:
            got = collection.get(include=["embeddings", "metadatas"])
    except Exception:
        return {}
    return {m["content_key"]: list(e) for e, m in zip(got["embeddings"], got["metadatas"], strict=True) if m and "content_key" in m}


def _embed_chunks(
    chunks: list[Chunk], embeddings: Any, reuse: dict[str, list[float]], progress: Progress | None, batch: int = 256
) -> tuple[list[list[float]], int]:
    """Each chunk's vector: reused by content key, else made from its ``embedding_parts``.

    A text is embedded once however many chunks hold it (plans repeat their closing boilerplate, and an
    item's sentences are its sentence chunks). Batches are large: the engine runs a batch as one pass
    over all its tokens, so a bigger batch streams the model's weights fewer times (no padding cost)."""
    vectors: list[list[float] | None] = [reuse.get(str(c.metadata["content_key"])) for c in chunks]
    todo = [i for i, v in enumerate(vectors) if v is None]
    parts = {i: embedding_parts(chunks[i].kind, chunks[i].text) for i in todo}
    distinct = list(dict.fromkeys(p for i in todo for p in parts[i]))
    # Chunks complete when their last part is embedded: progress counts chunks, not texts.
    last = {text: n for n, text in enumerate(distinct)}
    ready: dict[int, list[int]] = {}
    for i in todo:
        ready.setdefault(max(last[p] for p in parts[i]), []).append(i)
    done = len(chunks) - len(todo)
    if progress:
        progress(done, len(chunks))
    embedded: dict[str, list[float]] = {}
    for start in range(0, len(distinct), batch):
        part = distinct[start : start + batch]
        embedded.update(zip(part, embeddings.embed_documents(part), strict=True))
        for n in range(start, start + len(part)):
            for i in ready.get(n, ()):
                vectors[i] = compose(parts[i], [embedded[p] for p in parts[i]])
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
    save_matrix(tmp / "vectors.npy", name, [c.chunk_id for c in chunks], vectors)
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
    cache = settings.index_dir / "server-vectors"
    with contextlib.suppress(OSError):  # only a cache: a reader without it reads Chroma once and saves it
        save_matrix(cache / f"{name}.npy", name, [c.chunk_id for c in chunks], vectors)
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
    for path in cache.glob("policy-*") if cache.is_dir() else ():
        if path.name.split(".")[0] not in (name, previous):
            path.unlink(missing_ok=True)


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
