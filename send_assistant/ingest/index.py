"""The index: Chroma vectors plus the ledger that says which of them are live.

Readers (`live_chunks`, `dense_search`, `documents`) only ever see chunks a committed ledger entry of the live
generation references, so a document being written, or left half-written by a crash, is invisible. An ingest
builds a new generation (`begin`), writes through `commit_document` (write new chunks, swap the ledger entry
atomically) and then `publish`es it: serving processes switch on their next question. Only after the switch
are the old generation's unused chunks (or its whole collection, after a rebuild) deleted.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from send_assistant.errors import IndexUnavailableError
from send_assistant.ingest.embedding import Embedder
from send_assistant.ingest.index_areas import IndexAreaSearch
from send_assistant.ingest.index_writing import IndexWriting
from send_assistant.ingest.ledger import Generation, Ledger, LedgerEntry
from send_assistant.ingest.model import Chunk, DocumentMeta
from send_assistant.ingest.store import CHROMA_FILE, ChunkStore, StoredChunk, forget_embedded_client, make_client
from send_assistant.settings import Settings

COUNT_TTL = 2.0  # seconds a collection's record count is trusted by searches
EMBED_BATCH = 64  # texts per embedder call: large enough to batch well, small enough for a smooth progress bar


def embedder_key(embedder: Embedder) -> str:
    """Identifies the vector space; vectors from a different embedder must never be mixed in."""
    return f"{embedder.name}:{embedder.dim}"


def chunk_metadata(meta: DocumentMeta, chunk: Chunk) -> dict:
    """Chroma metadata for one chunk: its document's fields and its place in it. Chroma rejects None, so unknown keys
    are left out."""
    out: dict = {
        "doc_id": meta.doc_id,
        "title": meta.title,
        "area": meta.area,
        "doc_type": meta.doc_type,
        "location": chunk.location,
        "heading_path": " > ".join(chunk.heading_path),
        "ordinal": chunk.ordinal,
        "content_hash": chunk.content_hash,
    }
    optional = {
        "page": chunk.page,
        "paragraph": chunk.paragraph,
        "url": meta.url,
        "reviewed": meta.reviewed,
        "published": meta.published,
        "publisher": meta.publisher,
        "short_title": getattr(meta, "short_title", None),
        "contact": json.dumps(meta.contact, ensure_ascii=False) if meta.contact else None,
    }
    out.update({k: v for k, v in optional.items() if v is not None and v != ""})
    return out


@dataclass(frozen=True)
class View:
    """What a reader sees: the index version, the live generation and the Chroma collection holding its chunks."""

    version: int
    generation: int
    collection: str


class Index(IndexWriting, IndexAreaSearch):
    """Open with `Index.open(settings, embedder)`; see the module docstring for the visibility rule.

    Readers follow the ledger: every read checks the live version (one small SQLite read) and, when an ingest
    has published a new generation, switches to it (its collection, its chunk ids). A read that raced with the
    switch (the old collection dropped, or old chunks deleted, while it ran) is retried on the new generation.
    """

    def __init__(self, ledger: Ledger, embedder: Embedder | None, connect: Callable[[], object],
                 chroma_dir: Path | None = None) -> None:  # fmt: skip
        self.ledger = ledger
        self.embedder = embedder
        self._connect = connect
        self._chroma_dir = chroma_dir  # embedded store: its files are checked by `probe`
        self._client = None
        self._identity: tuple[int, int] | None = None
        self._stores: dict[str, ChunkStore] = {}
        self._lock = threading.RLock()
        self._view: View | None = None
        self._cache: dict[str, tuple[int, int, object]] = {}  # per-view caches: name -> (version, gen, value)
        self._writing: Generation | None = None  # the generation an ingest is building
        # False: every read checks the ledger. True (a serving process): the check is made by `refresh`, which
        # the Assistant calls once per question, and reads in between use what it found.
        self.per_question = False
        self._counts: dict[str, tuple[float, int]] = {}  # collection -> (when, record count)

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None, lazy: bool = False) -> Index:
        """Connect to Chroma (embedded or server) and the ledger under settings.data_dir.

        lazy: connect to Chroma only when first needed (an ingest with nothing to do never needs it, and
        importing and starting Chroma is most of such a run's time).
        """
        ledger = Ledger(settings.ledger_db, settings.collection)
        index = cls(
            ledger, embedder, lambda: make_client(settings), None if settings.chroma_url else settings.chroma_dir
        )
        if not lazy:
            index.store  # noqa: B018 - connect now, so a missing store fails here
        return index

    # --- connections ---------------------------------------------------------------------------------------

    def _store_for(self, collection: str) -> ChunkStore:
        with self._lock:
            store = self._stores.get(collection)
            if store is None:
                if self._client is None:
                    self._client = self._connect()
                    self._identity = self._files_identity()
                store = self._stores[collection] = ChunkStore(self._client, collection)
            return store

    def _files_identity(self) -> tuple[int, int] | None:
        if self._chroma_dir is None:
            return None
        try:
            st = (self._chroma_dir / CHROMA_FILE).stat()
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    def reconnect(self) -> None:
        """Forget the Chroma client and collections (e.g. after the store's files were replaced)."""
        with self._lock:
            if self._chroma_dir is not None:
                forget_embedded_client(self._chroma_dir)
            self._client = None
            self._identity = None
            self._stores.clear()

    def _check_files(self) -> str | None:
        """For an embedded store: a reason when its files are gone; reconnects when they were replaced."""
        if self._chroma_dir is None or self._client is None:
            return None
        current = self._files_identity()
        if current is None:
            return (
                "the vector store's files (the chroma/ folder) are missing: run `send-assistant ingest` to rebuild them"
            )
        if current != self._identity:
            self.reconnect()
        return None

    @property
    def store(self) -> ChunkStore:
        """The collection writes go to: the one being built during an ingest, else the live one."""
        target = self._writing.collection if self._writing else self.view().collection
        return self._store_for(target)

    # --- reading -------------------------------------------------------------------------------------------

    def view(self) -> View:
        """The live version, generation and collection: checked in the ledger now, or (per_question) as the
        last `refresh` found it."""
        if self.per_question and self._view is not None:
            return self._view
        return self.refresh()

    def refresh(self) -> View:
        """Check the ledger for a new live version (one small read) and switch to it; returns the view."""
        version, generation = self.ledger.snapshot()
        view = self._view
        if view is None or view.version != version or view.generation != generation:
            if view is not None and view.generation != generation:
                self._check_files()  # a new generation after a repair may mean new store files
            collection = view.collection if view and view.generation == generation else None
            collection = collection or self.ledger.generation(generation).collection
            view = self._view = View(version, generation, collection)
        return view

    @property
    def version(self) -> int:
        """Changes whenever readers should see something new (lexical caches key on it)."""
        return self.view().version

    def _cached(self, name: str, load: Callable[[View], object]) -> tuple[View, object]:
        """A value derived from the ledger for the current view, re-read only when the view changes.

        The ledger is checked again after loading: a value read while a new generation was being published
        (and the old one forgotten) is read again from the new one."""
        for _ in range(3):
            view = self.view()
            hit = self._cache.get(name)
            if hit and hit[:2] == (view.version, view.generation):
                return view, hit[2]
            value = load(view)
            if self.ledger.snapshot() == (view.version, view.generation):
                self._cache[name] = (view.version, view.generation, value)
                return view, value
        return view, value

    def _entries(self) -> list[LedgerEntry]:
        return self._cached("entries", lambda v: self.ledger.entries(v.generation))[1]  # type: ignore[return-value]

    def _live_ids(self) -> tuple[View, set[str]]:
        return self._cached("ids", lambda v: self.ledger.live_chunk_ids(v.generation))  # type: ignore[return-value]

    def live_chunks(self) -> list[StoredChunk]:
        """Every visible chunk, by document id then position in the document."""
        for attempt in range(2):
            view = self.view()
            ids = [cid for entry in self.ledger.entries(view.generation) for cid in entry.chunk_ids]
            try:
                chunks = self._store_for(view.collection).get(ids)
            except IndexUnavailableError:
                if attempt == 0 and self.refresh() != view:
                    continue  # the collection was dropped after a switch: read the new one
                raise
            if self.refresh() == view or attempt == 1:
                return chunks
        return chunks

    def chunks_in(self, collection: str, ids: Sequence[str]) -> list[StoredChunk]:
        """Records of a given collection by id (for building a generation's lexical index)."""
        return self._store_for(collection).get(ids)

    def dense_search(
        self, embedding: Sequence[float], k: int, areas: list[str] | None = None
    ) -> list[tuple[StoredChunk, float]]:
        """The k live chunks nearest the query vector, as (chunk, cosine similarity), best first.

        areas: keep only chunks whose metadata area is one of these ("" = national); None = no filter.
        """
        if k <= 0 or (areas is not None and not areas):
            return []
        if areas is not None:
            hits = self._search_area_ids(embedding, k, areas)
            if hits is not None:
                return hits
        where = {"area": {"$in": list(areas)}} if areas is not None else None
        for attempt in range(2):
            view, live = self._live_ids()
            store = self._store_for(view.collection)
            try:
                # Chroma may hold chunks no live document references (an ingest building beside it, or a
                # crash's leftovers until the next ingest cleans up): ask for enough extra to drop them all.
                # The record count is re-read at most every COUNT_TTL seconds, and at once when it was too low.
                n = k + max(0, self._count(store) - len(live))
                hits = store.query(embedding, n, where)
                if len(hits) == n and sum(c.chunk_id in live for c, _ in hits) < k:
                    n = k + max(0, self._count(store, fresh=True) - len(live))
                    hits = store.query(embedding, n, where)
            except IndexUnavailableError:
                if attempt == 0 and self.refresh() != view:
                    continue
                raise
            if attempt == 1 or self.refresh() == view:
                break  # else an ingest switched generations while we searched: search the new one
        return [(chunk, score) for chunk, score in hits if chunk.chunk_id in live][:k]

    def _count(self, store: ChunkStore, fresh: bool = False) -> int:
        now = time.monotonic()
        cached = self._counts.get(store.name)
        if fresh or cached is None or now - cached[0] > COUNT_TTL:
            cached = self._counts[store.name] = (now, store.count())
        return cached[1]

    def documents(self) -> list[dict]:
        """Indexed documents: id, title, area, doc_type, chunks, reviewed, url, published, publisher."""
        out = []
        for entry in self._entries():
            m = entry.meta
            out.append(
                {
                    "id": entry.doc_id,
                    "title": m.get("title") or entry.doc_id,
                    "area": m.get("area", ""),
                    "doc_type": m.get("doc_type", ""),
                    "chunks": len(entry.chunk_ids),
                    "reviewed": m.get("reviewed"),
                    "url": m.get("url"),
                    "published": m.get("published"),
                    "publisher": m.get("publisher"),
                }
            )
        return out

    def areas(self) -> list[str]:
        """Local areas (non-empty) that at least one document belongs to, sorted."""
        return sorted({e.meta.get("area", "") for e in self._entries()} - {""})

    def chunk_count(self) -> int:
        """Visible chunks."""
        return sum(len(e.chunk_ids) for e in self._entries())

    def document_count(self) -> int:
        """Committed documents."""
        return len(self._entries())

    def probe(self) -> str | None:
        """A quick check that the live index can answer: None when it can, else the reason in one sentence.

        Checks the ledger has passages, the store's files are there (embedded store), the live collection holds
        at least as many records as the ledger lists, and one live passage can be read back."""
        self.refresh()
        entries = self._entries()
        total = sum(len(e.chunk_ids) for e in entries)
        if total == 0:
            return "the index is empty: run `send-assistant ingest`"
        missing = self._check_files()
        if missing:
            return missing
        view = self.view()
        store = self._store_for(view.collection)
        count = store.count()
        first = next(cid for e in entries for cid in e.chunk_ids)
        if count < total or not store.get([first]):
            return (
                f"the vector store holds {count} of the {total} passages the ledger lists: "
                "run `send-assistant ingest` to repair it"
            )
        return None
