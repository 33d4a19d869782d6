"""The Chroma collection behind the index: built in one place, embedded or a server, telemetry off.

Chroma never embeds anything itself here (its default embedding function would download a model): the
collection is created with `embedding_function=None` and every write and query supplies vectors.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlparse

from send_assistant.errors import IndexUnavailableError
from send_assistant.settings import Settings

# Chroma caps how many records one call may carry; stay well under it.
BATCH = 500
CHROMA_FILE = "chroma.sqlite3"  # the embedded store's database file inside settings.chroma_dir
# How wide Chroma's HNSW search looks (hnswlib's ef; Chroma's default is 100). A search for k=100 passages with
# ef 100 is approximate: on the 458-passage default index, 72 of 240 searches (an area's ids, or none) returned a
# different top 100 from exact cosine, and a different one again once Chroma had rebuilt its graph on disk, so the
# same question could rank its answer 5th on one run and 6th on the next. With 500 every one of those 240 equals
# exact search. Search stays exact while the passages searched number fewer than EF_SEARCH; beyond that (a crawled
# site of thousands) it is approximate again, as any HNSW search is. Existing collections are raised to it when
# opened.
EF_SEARCH = 500

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass
class StoredChunk:
    """A chunk as stored: its id, document, shown text and Chroma metadata (see index.chunk_metadata)."""

    chunk_id: str
    doc_id: str
    text: str
    metadata: dict[str, Any]


def make_client(settings: Settings):
    """The one place a Chroma client is built: HttpClient when settings.chroma_url, else PersistentClient."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            return chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
    except Exception as exc:  # noqa: BLE001 - connection and on-disk errors mean the same thing to the user
        where = settings.chroma_url or settings.chroma_dir
        raise IndexUnavailableError(f"cannot open the Chroma store at {where}: {exc}") from exc


def forget_embedded_client(chroma_dir) -> None:
    """Make the next client for this folder a fresh one (Chroma shares one per path and process).

    Needed when the folder's files were deleted or replaced while this process had them open: the shared
    client would go on reading the old files. Collections already handed out keep working until dropped."""
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        for key in [k for k in SharedSystemClient._identifier_to_system if k == str(chroma_dir)]:
            SharedSystemClient._identifier_to_system.pop(key, None)
            SharedSystemClient._identifier_to_refcount.pop(key, None)
    except (ImportError, AttributeError):  # pragma: no cover - another Chroma version: nothing to forget
        pass


def _guard(what: str, call: Callable[[], T]) -> T:
    """Run a Chroma call, turning its many exception types into one clear IndexUnavailableError."""
    try:
        return call()
    except IndexUnavailableError:
        raise
    except Exception as exc:  # noqa: BLE001 - see docstring
        raise IndexUnavailableError(f"the Chroma store failed while {what}: {exc}") from exc


def _batches(items: Sequence[T], size: int = BATCH) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class ChunkStore:
    """Thin wrapper over one Chroma collection (cosine space, vectors always supplied)."""

    def __init__(self, client, name: str) -> None:
        self._client = client
        self.name = name
        self._collection = self._open()

    def _open(self):
        collection = _guard(
            "opening the collection",
            lambda: self._client.get_or_create_collection(
                self.name, embedding_function=None, configuration={"hnsw": {"space": "cosine", "ef_search": EF_SEARCH}}
            ),
        )
        hnsw = (collection.configuration or {}).get("hnsw") or {}
        if hnsw.get("ef_search", EF_SEARCH) < EF_SEARCH:  # made before EF_SEARCH existed (Chroma's default 100)
            try:
                collection.modify(configuration={"hnsw": {"ef_search": EF_SEARCH}})
            except Exception as exc:  # noqa: BLE001 - a tuning setting: a store that refuses it still answers
                log.warning(
                    "could not widen the search of collection %s (%s): its search stays approximate", self.name, exc
                )
        return collection

    def reset(self) -> None:
        """Delete the whole collection and create it empty."""
        self.drop()
        self._collection = self._open()

    def drop(self) -> None:
        """Delete the whole collection (this object is unusable afterwards, until `reset`)."""

        def drop() -> None:
            if any(c.name == self.name for c in self._client.list_collections()):
                self._client.delete_collection(self.name)

        _guard("dropping the collection", drop)

    def count(self) -> int:
        """Records in the collection, live or not."""
        return _guard("counting", self._collection.count)

    def all_ids(self) -> set[str]:
        """Every id in the collection (for garbage collection)."""
        ids: set[str] = set()
        total = self.count()
        for offset in range(0, total, BATCH):
            got = _guard("listing ids", lambda o=offset: self._collection.get(include=[], limit=BATCH, offset=o))
            ids.update(got["ids"])
        return ids

    def existing(self, ids: Sequence[str]) -> set[str]:
        """Which of these ids are already stored."""
        found: set[str] = set()
        for part in _batches(list(ids)):
            found.update(_guard("looking up ids", lambda p=part: self._collection.get(ids=list(p), include=[]))["ids"])
        return found

    def add(self, ids: Sequence[str], embeddings: Sequence[Sequence[float]], texts: Sequence[str], metadatas) -> None:
        """Write records (upsert, so a retried write after a crash cannot duplicate)."""
        for start in range(0, len(ids), BATCH):
            end = start + BATCH
            _guard(
                "writing chunks",
                lambda s=start, e=end: self._collection.upsert(
                    ids=list(ids[s:e]),
                    embeddings=[list(v) for v in embeddings[s:e]],
                    documents=list(texts[s:e]),
                    metadatas=list(metadatas[s:e]),
                ),
            )

    def refresh(self, ids: Sequence[str], texts: Sequence[str], metadatas: Sequence[dict]) -> int:
        """Give stored records new text and metadata, keeping their vectors; returns how many differed.

        Chroma's update() insists on re-embedding when documents change, so the stored vectors are read back
        and written again with the new text and metadata.
        """
        wanted = {cid: (text, meta) for cid, text, meta in zip(ids, texts, metadatas, strict=True)}
        changed = 0
        for part in _batches(list(ids)):
            got = _guard(
                "reading chunks",
                lambda p=part: self._collection.get(ids=list(p), include=["embeddings", "documents", "metadatas"]),
            )
            stale = [
                (cid, vec)
                for cid, vec, text, meta in zip(
                    got["ids"], got["embeddings"], got["documents"], got["metadatas"], strict=True
                )
                if (text, meta) != wanted[cid]
            ]
            if stale:
                self.add(
                    [cid for cid, _ in stale],
                    [list(map(float, vec)) for _, vec in stale],
                    [wanted[cid][0] for cid, _ in stale],
                    [wanted[cid][1] for cid, _ in stale],
                )
                changed += len(stale)
        return changed

    def delete(self, ids: Iterable[str]) -> None:
        """Delete records by id (missing ids are ignored)."""
        for part in _batches(list(ids)):
            _guard("deleting chunks", lambda p=part: self._collection.delete(ids=list(p)))

    def get(self, ids: Sequence[str]) -> list[StoredChunk]:
        """Records by id, in the order asked (ids not stored are left out)."""
        by_id: dict[str, StoredChunk] = {}
        for part in _batches(list(ids)):
            got = _guard(
                "reading chunks", lambda p=part: self._collection.get(ids=list(p), include=["documents", "metadatas"])
            )
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                by_id[cid] = _stored(cid, text, meta)
        return [by_id[i] for i in ids if i in by_id]

    def query(
        self, embedding: Sequence[float], n: int, where: dict | None = None, ids: Sequence[str] | None = None
    ) -> list[tuple[StoredChunk, float]]:
        """Nearest records with cosine similarity (1 - cosine distance), best first.

        ids: search only these records (issue 10: an area's few ids are much cheaper for Chroma than a metadata
        filter over the whole country)."""
        if n <= 0 or (ids is not None and not ids):
            return []
        extra = {"ids": list(ids)} if ids is not None else {}
        got = _guard(
            "searching",
            lambda: self._collection.query(
                query_embeddings=[list(embedding)],
                n_results=n,
                where=where,
                include=["documents", "metadatas", "distances"],
                **extra,
            ),
        )
        rows = zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0], strict=True)
        return [(_stored(cid, text, meta), 1.0 - float(dist)) for cid, text, meta, dist in rows]


def _stored(chunk_id: str, text: str | None, meta: dict | None) -> StoredChunk:
    meta = dict(meta or {})
    return StoredChunk(chunk_id=chunk_id, doc_id=str(meta.get("doc_id", "")), text=text or "", metadata=meta)
