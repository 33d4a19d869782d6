"""The index: Chroma vectors plus the ledger that says which of them are live.

Readers (`live_chunks`, `dense_search`, `documents`) only ever see chunks a committed ledger entry references,
so a document being written, or left half-written by a crash, is invisible. Writers go through
`commit_document` (write new chunks, swap the ledger entry atomically, then delete what is no longer used).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict

from ingest.embedding import Embedder
from ingest.ledger import Ledger, LedgerEntry
from ingest.model import Chunk, DocumentMeta
from ingest.settings import Settings
from ingest.store import ChunkStore, StoredChunk, make_client

EMBED_BATCH = 64  # texts per embedder call: large enough to batch well, small enough for a smooth progress bar


def embedder_key(embedder: Embedder) -> str:
    """Identifies the vector space; vectors from a different embedder must never be mixed in."""
    return f"{embedder.name}:{embedder.dim}"


def chunk_metadata(meta: DocumentMeta, chunk: Chunk) -> dict:
    """Chroma metadata for one chunk (brief, interface 3). Chroma rejects None, so unknown keys are left out."""
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
        "contact": json.dumps(meta.contact, ensure_ascii=False) if meta.contact else None,
    }
    out.update({k: v for k, v in optional.items() if v is not None and v != ""})
    return out


class Index:
    """Open with `Index.open(settings, embedder)`; see the module docstring for the visibility rule."""

    def __init__(self, store: ChunkStore | Callable[[], ChunkStore], ledger: Ledger, embedder: Embedder | None) -> None:
        self._store = store
        self.ledger = ledger
        self.embedder = embedder
        self._live: tuple[int, set[str]] | None = None  # (version, live ids) cache for searches

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None, lazy: bool = False) -> Index:
        """Connect to Chroma (embedded or server) and the ledger under settings.data_dir.

        lazy: connect to Chroma only when first needed (an ingest with nothing to do never needs it, and
        importing and starting Chroma is most of such a run's time).
        """
        ledger = Ledger(settings.ledger_path)
        if lazy:
            return cls(lambda: ChunkStore(make_client(settings), settings.collection), ledger, embedder)
        return cls(ChunkStore(make_client(settings), settings.collection), ledger, embedder)

    @property
    def store(self) -> ChunkStore:
        """The Chroma collection (connected on first use when opened lazily)."""
        if not isinstance(self._store, ChunkStore):
            self._store = self._store()
        return self._store

    # --- reading -------------------------------------------------------------------------------------------

    @property
    def version(self) -> int:
        """Changes whenever an ingest changes anything (lexical caches key on it)."""
        return self.ledger.version

    def _live_ids(self) -> set[str]:
        version = self.ledger.version
        if self._live is None or self._live[0] != version:
            self._live = (version, self.ledger.live_chunk_ids())
        return self._live[1]

    def live_chunks(self) -> list[StoredChunk]:
        """Every visible chunk, by document id then position in the document."""
        ids = [cid for entry in self.ledger.entries() for cid in entry.chunk_ids]
        return self.store.get(ids)

    def dense_search(
        self, embedding: Sequence[float], k: int, areas: list[str] | None = None
    ) -> list[tuple[StoredChunk, float]]:
        """The k live chunks nearest the query vector, as (chunk, cosine similarity), best first.

        areas: keep only chunks whose metadata area is one of these ("" = national); None = no filter.
        """
        if k <= 0 or (areas is not None and not areas):
            return []
        live = self._live_ids()
        # Chroma may still hold chunks no document references (mid-ingest, or after a crash until the next
        # ingest's clean-up); ask for enough extra that dropping all of them still leaves k.
        extra = max(0, self.store.count() - len(live))
        where = {"area": {"$in": list(areas)}} if areas is not None else None
        hits = self.store.query(embedding, k + extra, where)
        return [(chunk, score) for chunk, score in hits if chunk.chunk_id in live][:k]

    def documents(self) -> list[dict]:
        """Indexed documents: id, title, area, doc_type, chunks, reviewed, url, published, publisher."""
        out = []
        for entry in self.ledger.entries():
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
        return sorted({e.meta.get("area", "") for e in self.ledger.entries()} - {""})

    def chunk_count(self) -> int:
        """Visible chunks."""
        return sum(len(e.chunk_ids) for e in self.ledger.entries())

    def document_count(self) -> int:
        """Committed documents."""
        return len(self.ledger.entries())

    # --- writing -------------------------------------------------------------------------------------------

    def collect_garbage(self) -> int:
        """Delete stored chunks no committed document references (leftovers of an interrupted ingest)."""
        orphans = self.store.all_ids() - self.ledger.live_chunk_ids()
        self.store.delete(sorted(orphans))
        return len(orphans)

    def reset(self) -> None:
        """Start clean: forget every document, then drop the vectors (an orphan left by a crash is GC'd)."""
        self.ledger.clear()
        self.store.reset()
        self._live = None

    def commit_document(
        self,
        meta: DocumentMeta,
        chunks: list[Chunk],
        *,
        origin: str,
        source_hash: str,
        declared_hash: str,
        on_embedded: Callable[[int], None] | None = None,
    ) -> int:
        """Make `chunks` the visible content of meta.doc_id; returns how many chunks were embedded.

        Chunks whose id is already stored keep their vectors (only their text and metadata are refreshed);
        new ids are embedded. The ledger swap is the commit point.
        """
        ids = [c.chunk_id for c in chunks]
        metadatas = [chunk_metadata(meta, c) for c in chunks]
        stored = self.store.existing(ids)
        new = [i for i, cid in enumerate(ids) if cid not in stored]
        old = [i for i, cid in enumerate(ids) if cid in stored]
        if old:
            self.store.refresh([ids[i] for i in old], [chunks[i].text for i in old], [metadatas[i] for i in old])
        for start in range(0, len(new), EMBED_BATCH):
            part = new[start : start + EMBED_BATCH]
            vectors = self._embedder().embed([chunks[i].embed_text for i in part])
            self.store.add(
                [ids[i] for i in part], vectors, [chunks[i].text for i in part], [metadatas[i] for i in part]
            )
            if on_embedded:
                on_embedded(len(part))
        previous = self.ledger.get(meta.doc_id)
        entry = LedgerEntry(meta.doc_id, origin, source_hash, declared_hash, asdict(meta), ids)
        self.ledger.put(entry)
        if previous:
            self.store.delete(sorted(set(previous.chunk_ids) - set(ids)))
        return len(new)

    def remove_documents(self, doc_ids: list[str]) -> None:
        """Hide documents (one ledger transaction), then delete their chunks."""
        entries = [e for e in (self.ledger.get(d) for d in doc_ids) if e]
        if not entries:
            return
        self.ledger.remove([e.doc_id for e in entries])
        self.store.delete(sorted({cid for e in entries for cid in e.chunk_ids}))

    def _embedder(self) -> Embedder:
        if self.embedder is None:
            raise ValueError("this Index was opened without an embedder, so it cannot write")
        return self.embedder
