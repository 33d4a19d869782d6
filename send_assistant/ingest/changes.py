"""What an ingest must redo: documents whose source, declared metadata or pipeline code changed since they were
committed, documents some of whose chunks went missing, and everything when another embedding model built the index.

A document's `declared_hash` covers its declared metadata and `pipeline_version()`, the hash of the code that turns
sources into chunks, so a change to a loader, the cleaning or the chunking re-chunks every document once (passages
that come out the same keep their ids and their vectors, so that costs no embedding).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from send_assistant.ingest.embedding import MAX_TOKENS, Embedder
from send_assistant.ingest.index import Index, embedder_key
from send_assistant.ingest.manifest import SourceItem
from send_assistant.ingest.model import DocumentMeta

# Bump to make every document be re-chunked once (code changes in loaders/chunking/index do this by themselves).
METADATA_VERSION = "1"
_INGEST_DIR = Path(__file__).resolve().parent
# The code whose changes re-chunk documents; index.py: the chunk metadata written to Chroma.
_CODE = ("chunking.py", "clean.py", "index.py")

_PIPELINE_VERSION: str | None = None


def declared_hash(meta: DocumentMeta) -> str:
    """Hash of the declared metadata and the code that turns sources into chunks."""
    payload = json.dumps(asdict(meta), sort_keys=True, ensure_ascii=False) + pipeline_version()
    return hashlib.sha256(payload.encode()).hexdigest()


def pipeline_version() -> str:
    """Changes when the loaders, cleaning or chunking code changes, so documents are re-chunked then
    (unchanged passages keep their ids, so that costs no embedding)."""
    global _PIPELINE_VERSION
    if _PIPELINE_VERSION is None:
        h = hashlib.sha256(f"{METADATA_VERSION}:{MAX_TOKENS}".encode())
        files = [_INGEST_DIR / name for name in _CODE] + sorted((_INGEST_DIR / "loaders").glob("*.py"))
        for path in files:
            h.update(path.name.encode() + b"\0" + path.read_bytes())
        _PIPELINE_VERSION = h.hexdigest()[:16]
    return _PIPELINE_VERSION


def changed(index: Index, item: SourceItem) -> bool:
    """Whether the committed version differs in source bytes, declared metadata or pipeline code."""
    entry = index.ledger.get(item.meta.doc_id, index.target_generation)
    return entry is None or entry.source_hash != item.source_hash or entry.declared_hash != declared_hash(item.meta)


def built_by_other_embedder(index: Index, embedder: Embedder) -> bool:
    """Whether a different embedding model built the committed index (then everything is re-embedded)."""
    stored = index.ledger.get_state("embedder")
    return stored is not None and stored != embedder_key(embedder) and index.document_count() > 0


def damaged_documents(index: Index) -> set[str]:
    """Committed documents some of whose chunks are missing from Chroma (e.g. its folder was deleted).

    Costs one count when the store is whole; the full id listing only when records are missing."""
    entries = index.ledger.entries()
    live = {cid for e in entries for cid in e.chunk_ids}
    if not live or index.store.count() >= len(live) and index.store.existing(sorted(live)[:1]):
        return set()
    stored = index.store.all_ids()
    return {e.doc_id for e in entries if not set(e.chunk_ids) <= stored}
