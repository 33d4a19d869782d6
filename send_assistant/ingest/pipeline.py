"""Incremental, crash-safe ingest: find sources, skip the unchanged, load, chunk, embed what is new, commit.

A document is unchanged when its source bytes, its declared metadata and the loading/chunking code are all
the same as when it was committed: it is skipped without being read or loading the model. A changed one is
re-chunked; chunks whose stable id is already stored keep their vectors. Documents that disappeared from a
scope this run covered (the knowledge folder and manifest, a folder, a site, a feed) are removed. See
send_assistant/ingest/index.py for why a crash can never leave a half-written document visible, and
send_assistant/ingest/changes.py for what counts as changed.
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from send_assistant.errors import IndexUnavailableError, LoadError, ModelUnavailableError, SendAssistantError
from send_assistant.ingest.changes import built_by_other_embedder, changed, damaged_documents, declared_hash
from send_assistant.ingest.embedding import MAX_TOKENS, Embedder
from send_assistant.ingest.index import Index, embedder_key
from send_assistant.ingest.ledger import Ledger
from send_assistant.ingest.manifest import Scope, SourceItem, discover
from send_assistant.ingest.model import DocumentMeta, LoadedDocument
from send_assistant.ingest.progress import Progress
from send_assistant.settings import Settings


@dataclass
class IngestSummary:
    """What a run did; `to_dict` is the contract's JSON summary."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    chunks: int = 0
    embedded: int = 0
    seconds: float = 0.0
    errors: list[dict[str, str]] = field(default_factory=list)
    embed_seconds: float = 0.0  # time inside the embedder (for the benchmark; not in the JSON)

    def to_dict(self) -> dict:
        """The JSON summary `send-assistant ingest --json` prints."""
        keys = ("added", "updated", "unchanged", "removed", "failed", "chunks", "embedded", "seconds", "errors")
        return {k: getattr(self, k) for k in keys}

    @property
    def ingested(self) -> int:
        """Documents now indexed from this run's sources (new, updated or already up to date)."""
        return self.added + self.updated + self.unchanged


def ingest(
    settings: Settings,
    embedder: Embedder,
    paths: list[Path] | None = None,
    area: str | None = None,
    doc_type: str | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IngestSummary:
    """Ingest files and folders (None: settings.knowledge_dir with its manifest) into the index."""
    previous = committed_meta(settings)
    items, failures, scopes = discover(settings, paths, area=area, doc_type=doc_type, previous=previous)
    return ingest_items(settings, embedder, items, failures=failures, scopes=scopes, rebuild=rebuild, progress=progress)


def ingest_items(
    settings: Settings,
    embedder: Embedder,
    items: Sequence[SourceItem],
    failures: Sequence[tuple[str, str]] = (),
    scopes: Sequence[Scope] = (),
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IngestSummary:
    """Bring the index in step with `items`; (label, reason) failures are reported in the summary."""
    started = time.perf_counter()
    progress = progress or Progress()
    timed = TimedEmbedder(embedder)
    summary = IngestSummary()
    with _ingest_lock(settings.data_dir), ExitStack() as held:
        index = Index.open(settings, timed, lazy=True)
        held.enter_context(index.ledger.exclusive())  # one ingest per ledger: with PostgreSQL, across replicas
        leftovers = _clean_up(index, grace=0.0, collect=False)  # an interrupted run's unfinished generation
        rebuild = rebuild or built_by_other_embedder(index, timed)
        for label, reason in failures:
            _fail(summary, progress, label, reason)
        seen = {item.meta.doc_id for item in items}
        gone = [e.doc_id for e in index.ledger.entries() if e.doc_id not in seen and _in_scopes(e, scopes)]
        # A store that lost records (its folder deleted or emptied) is repaired: damaged documents re-embedded.
        damaged = set() if rebuild else damaged_documents(index)
        work = rebuild or bool(gone or damaged) or any(changed(index, item) for item in items)
        if work:
            index.begin(rebuild=rebuild)  # readers keep the live generation until it is published
        published = False
        try:
            progress.start(len(items))
            try:
                for item in items:
                    progress.document(item.label)
                    embedded = _ingest_one(index, item, summary, progress, damaged)
                    progress.advance(embedded)
            finally:
                progress.close()
            if work:
                index.remove_documents(gone)
                summary.removed = len(gone)
                _publish(index, settings, timed)
                published = True
        finally:
            if work and not published:
                _interrupted(index, settings, timed, rebuild)
        if published or leftovers:
            _clean_up(index, grace=settings.switch_grace_s if published else 0.0, collect=True)
        if not settings.lexical_dir.exists():
            _build_lexical(index, settings, index.version)
        summary.chunks = index.chunk_count()
    summary.embed_seconds = round(timed.seconds, 3)
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


def _publish(index: Index, settings: Settings, embedder: Embedder) -> None:
    """Build the lexical index for the new generation, then make it live (one ledger transaction)."""
    version = index.ledger.version + 1  # what publish() will make it
    _build_lexical(index, settings, version, generation=index.target_generation)
    index.publish()
    if index.ledger.get_state("embedder") != embedder_key(embedder):
        index.ledger.set_state("embedder", embedder_key(embedder))


def _interrupted(index: Index, settings: Settings, embedder: Embedder, rebuild: bool) -> None:
    """A run that failed part-way: an incremental one still publishes the documents it finished (each is whole);
    a rebuild is discarded, so the old index stays live."""
    try:
        if rebuild or not _has_changes(index):
            index.abandon()
        else:
            _publish(index, settings, embedder)
    except Exception:  # noqa: BLE001 - the original failure is what the user must see
        index.abandon()


def _has_changes(index: Index) -> bool:
    building = {
        e.doc_id: (e.source_hash, e.declared_hash, e.chunk_ids) for e in index.ledger.entries(index.target_generation)
    }
    live = {e.doc_id: (e.source_hash, e.declared_hash, e.chunk_ids) for e in index.ledger.entries()}
    return building != live


def _clean_up(index: Index, grace: float, collect: bool) -> bool:
    """Drop generations that are not live: the one just retired by a switch (after `grace` seconds, so searches
    still on it can finish) and any an interrupted run left. collect: also delete the live collection's chunks
    nothing references (kept otherwise, so a resumed run reuses what the interrupted one embedded).
    Returns whether there was anything to drop."""
    stale = index.stale_generations()
    if stale and grace > 0:
        time.sleep(grace)
    for generation in stale:
        index.drop_generation(generation)
    if collect:
        index.collect_garbage()
    return bool(stale)


def _ingest_one(index: Index, item: SourceItem, summary: IngestSummary, progress: Progress, damaged: set[str]) -> int:
    """Skip, or load, chunk and commit one document; returns chunks embedded. Bad input is a failure, not a crash."""
    from send_assistant.ingest.chunking import chunk_document

    if not changed(index, item) and item.meta.doc_id not in damaged:
        summary.unchanged += 1
        return 0
    previous = index.ledger.get(item.meta.doc_id, index.target_generation)
    try:
        loaded = item.load()
        meta = complete_meta(item.meta, loaded, item.fallback_title)
        chunks = chunk_document(meta, loaded, index.embedder.count_tokens, max_tokens=MAX_TOKENS)
    except LoadError as exc:
        _fail(summary, progress, item.label, exc.reason)
        return 0
    except (SendAssistantError, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop the others
        _fail(summary, progress, item.label, f"could not be read ({type(exc).__name__}: {exc})")
        return 0
    if not chunks:
        _fail(summary, progress, item.label, "no text found in it")
        return 0
    embedded = index.commit_document(
        meta, chunks, origin=item.origin, source_hash=item.source_hash, declared_hash=declared_hash(item.meta)
    )
    summary.embedded += embedded
    if previous is None:
        summary.added += 1
    else:
        summary.updated += 1
    return embedded


def complete_meta(meta: DocumentMeta, loaded: LoadedDocument, fallback_title: str = "") -> DocumentMeta:
    """Fill what the declaration left open (title, url, reviewed date) from what the loader found."""
    title = meta.title or (loaded.title or "").strip() or fallback_title or meta.doc_id
    return replace(meta, title=title, url=meta.url or loaded.url, reviewed=meta.reviewed or loaded.reviewed)


class TimedEmbedder:
    """Wraps an embedder to time embedding and turn its failures into one clear error."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.seconds = 0.0

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed, timing it."""
        started = time.perf_counter()
        try:
            return self.inner.embed(texts)
        except SendAssistantError:
            raise
        except Exception as exc:  # noqa: BLE001 - any model failure stops the run with one line
            raise ModelUnavailableError(f"the embedding model failed: {type(exc).__name__}: {exc}") from exc
        finally:
            self.seconds += time.perf_counter() - started

    def count_tokens(self, text: str) -> int:
        """Delegate token counting (loads only the tokenizer for MiniLM)."""
        try:
            return self.inner.count_tokens(text)
        except SendAssistantError:
            raise
        except Exception as exc:  # noqa: BLE001 - a missing tokenizer is not a fault of the document
            raise ModelUnavailableError(f"the tokenizer failed: {type(exc).__name__}: {exc}") from exc


def committed_meta(settings: Settings) -> dict[str, dict]:
    """doc_id -> metadata of every committed document (empty before the first ingest)."""
    if not settings.database_url and not settings.ledger_path.exists():
        return {}
    ledger = Ledger(settings.ledger_db)
    try:
        return {e.doc_id: e.meta for e in ledger.entries()}
    finally:
        ledger.close()


def _fail(summary: IngestSummary, progress: Progress, label: str, reason: str) -> None:
    summary.failed += 1
    summary.errors.append({"path": label, "reason": reason})
    progress.failed(label, reason)


def _in_scopes(entry, scopes: Sequence[Scope]) -> bool:
    return any(s.covers(entry.origin, entry.meta.get("path")) for s in scopes)


def _build_lexical(index: Index, settings: Settings, version: int, generation: int | None = None) -> None:
    """BM25 over the chunks of `generation` (default: the live one), saved tagged with `version`."""
    from send_assistant.ingest.lexical_areas import build_area_indexes  # issue 10: one BM25 index per area
    from send_assistant.ingest.lexical_sync import share_vocabulary

    generation = index.view().generation if generation is None else generation
    ids = [cid for e in index.ledger.entries(generation) for cid in e.chunk_ids]
    collection = index.ledger.generation(generation).collection
    build_area_indexes(index.chunks_in(collection, ids), settings.lexical_dir, version=version)
    share_vocabulary(index.ledger, settings.lexical_dir, version)  # replicas with their own data dir read it


@contextmanager
def _ingest_lock(data_dir: Path) -> Iterator[None]:
    """One ingest at a time per data dir; the OS drops the lock if the process dies."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / "ingest.lock").open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexUnavailableError(f"another ingest is already running on {data_dir}") from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
