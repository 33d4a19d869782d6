"""The writing half of ingest.index.Index: building a generation, committing documents, switching, cleaning up.

Kept apart from the reading half only for size; `Index` is the one class to use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from send_assistant.ingest.embedding import Embedder
from send_assistant.ingest.ledger import Generation, LedgerEntry
from send_assistant.ingest.model import Chunk, DocumentMeta


class IndexWriting:
    """Mixin for ingest.index.Index (it provides ledger, embedder, store, view and the collection handles)."""

    @property
    def target_generation(self) -> int:
        """The generation writes go to: the one being built, else the live one."""
        return self._writing.generation if self._writing else self.view().generation

    def _target(self) -> int | None:
        """Ledger `generation` argument for writes (None: the live one, in place)."""
        return self._writing.generation if self._writing else None

    def begin(self, rebuild: bool = False) -> Generation:
        """Start building a new generation: a copy of the live one (rebuild: empty, in a new collection).

        Until `publish`, readers keep seeing the live generation; writes go to the new one."""
        self._writing = self.ledger.begin(new_collection=rebuild)
        if rebuild:
            self._store_for(self._writing.collection).reset()  # a crashed attempt may have left one behind
        return self._writing

    def publish(self) -> Generation:
        """Make the generation being built live (readers switch on their next read); returns the retired one."""
        if self._writing is None:
            raise ValueError("no generation is being built")
        retired = self.ledger.publish(self._writing.generation)
        self._writing = None
        return retired

    def abandon(self) -> None:
        """Discard the generation being built (its chunks are garbage-collected later)."""
        if self._writing is not None:
            self.ledger.forget(self._writing.generation)
            self._writing = None

    def drop_generation(self, generation: Generation) -> None:
        """Forget a generation that is not live; drop its collection unless another generation uses it."""
        self.ledger.forget(generation.generation)
        if all(g.collection != generation.collection for g in self.ledger.generations()):
            self._store_for(generation.collection).drop()
            with self._lock:
                self._stores.pop(generation.collection, None)

    def stale_generations(self) -> list[Generation]:
        """Generations that are neither live nor being built by this Index (retired, or left by a crash)."""
        current = {self.view().generation, self._writing.generation if self._writing else -1}
        return [g for g in self.ledger.generations() if g.generation not in current]

    def collect_garbage(self) -> int:
        """Delete chunks of the live collection no generation references (leftovers of an interrupted ingest)."""
        view = self.view()
        referenced: set[str] = set()
        for g in self.ledger.generations():
            if g.collection == view.collection:
                referenced |= self.ledger.live_chunk_ids(g.generation)
        store = self._store_for(view.collection)
        orphans = store.all_ids() - referenced
        store.delete(sorted(orphans))
        return len(orphans)

    def reset(self) -> None:
        """Start clean in place: forget every live document, then drop the vectors."""
        self.ledger.clear()
        self.store.reset()

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
        """Make `chunks` the content of meta.doc_id in the target generation; returns how many were embedded.

        Chunks whose id is already stored keep their vectors (only their text and metadata are refreshed);
        new ids are embedded. The ledger swap is the commit point. Chunks the document no longer uses are
        deleted at once when writing in place; when building a generation the live one may still use them,
        so they are left for the clean-up after the switch.
        """
        from send_assistant.ingest import index as index_module

        store = self.store
        ids = [c.chunk_id for c in chunks]
        metadatas = [index_module.chunk_metadata(meta, c) for c in chunks]
        stored = store.existing(ids)
        new = [i for i, cid in enumerate(ids) if cid not in stored]
        old = [i for i, cid in enumerate(ids) if cid in stored]
        if old:
            store.refresh([ids[i] for i in old], [chunks[i].text for i in old], [metadatas[i] for i in old])
        batch = index_module.EMBED_BATCH
        for start in range(0, len(new), batch):
            part = new[start : start + batch]
            vectors = self._embedder().embed([chunks[i].embed_text for i in part])
            store.add([ids[i] for i in part], vectors, [chunks[i].text for i in part], [metadatas[i] for i in part])
            if on_embedded:
                on_embedded(len(part))
        target = self._target()
        previous = self.ledger.get(meta.doc_id, target)
        entry = LedgerEntry(meta.doc_id, origin, source_hash, declared_hash, asdict(meta), ids)
        self.ledger.put(entry, target)
        if previous and target is None:
            store.delete(sorted(set(previous.chunk_ids) - set(ids)))
        return len(new)

    def remove_documents(self, doc_ids: list[str]) -> None:
        """Hide documents (one ledger transaction), then delete their chunks (in place; else after the switch)."""
        target = self._target()
        entries = [e for e in (self.ledger.get(d, target) for d in doc_ids) if e]
        if not entries:
            return
        self.ledger.remove([e.doc_id for e in entries], target)
        if target is None:
            self.store.delete(sorted({cid for e in entries for cid in e.chunk_ids}))

    def _embedder(self) -> Embedder:
        if self.embedder is None:
            raise ValueError("this Index was opened without an embedder, so it cannot write")
        return self.embedder
