"""BM25 for a replica that did not run the ingest: each area's index built from the shared store when first searched.

Several app replicas share one ledger (SEND_ASSISTANT_DATABASE_URL) and one Chroma server, but each keeps its lexical
indexes in its own data dir. An ingest writes fresh per-area indexes (ingest/lexical_areas.py) only into the data dir
it ran in; every other replica sees the new live version in the ledger on its next question and finds its saved
indexes stale. Rebuilding the whole country's indexes then would stall the question that noticed (and read every
chunk). Instead `SyncedLexicon` builds an area's index the first time that area is searched, from the live ledger
entries of the area and the national documents and their chunk texts in Chroma, and saves it under
`lexical/synced/<area>-<fingerprint of those entries>/`. An area the ingest did not touch keeps its
fingerprint, so its saved index is reused, even after a restart; a question in one area never waits for another's.

The spelling corrector's vocabulary (every word of every live chunk) cannot be built per area: the ingest stores
it in the ledger's state beside the version (`share_vocabulary`), and a replica reads it from there.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import threading
from collections import Counter, OrderedDict
from pathlib import Path
from typing import Any

from send_assistant.errors import IndexUnavailableError
from send_assistant.ingest.lexical import LexicalIndex
from send_assistant.ingest.lexical_areas import MAX_LOADED, WORDS, AreaLexicon, area_key, load_area_lexicon

log = logging.getLogger(__name__)

SYNCED_DIR = "synced"  # under settings.lexical_dir
VOCABULARY_STATE = "vocabulary"  # ledger state key: {"version": N, "words": {word: count}}


def open_lexicon(directory: Path | None, index: Any) -> Any:
    """The BM25 indexes matching the index's live version: the ones the ingest saved in this data dir when they
    are of this version, else a `SyncedLexicon` that builds each area's from the shared store on first use.

    index: ingest.index.Index; anything without a ledger (a test fake) gets the whole-corpus rebuild."""
    version = index.version
    if directory is None:
        return AreaLexicon.in_memory(index.live_chunks(), version)
    if not hasattr(index, "ledger") or not hasattr(index, "view"):
        return load_area_lexicon(directory, version, index.live_chunks)
    saved = AreaLexicon.read(directory, version)
    if saved is not None:
        return saved
    return SyncedLexicon(index, directory)


def entries_fingerprint(entries: list[Any]) -> str:
    """A hash of what a BM25 index over these ledger entries depends on: ids, source and declared metadata, chunks."""
    h = hashlib.sha256()
    for e in entries:
        h.update(json.dumps([e.doc_id, e.source_hash, e.declared_hash, e.chunk_ids]).encode())
    return h.hexdigest()[:32]


class SyncedLexicon:
    """Per-area BM25 indexes of one live version, each built (or reused) when its area is first searched.

    Answers `version`, `for_area(area)` and `words()` as ingest.lexical_areas.AreaLexicon does, with the same
    results: an area's index covers the national chunks then the area's, in ledger order, as the ingest's does.
    """

    def __init__(self, index: Any, directory: Path) -> None:
        self.index = index
        view = index.view()
        self.version = view.version
        self.generation = view.generation
        self.collection = view.collection
        self.directory = Path(directory) / SYNCED_DIR
        self._groups: dict[str, list[Any]] | None = None  # area -> ledger entries ("" national)
        self._loaded: OrderedDict[str, LexicalIndex] = OrderedDict()
        self._lock = threading.Lock()
        self._area_locks: dict[str, threading.Lock] = {}
        self._words: Counter[str] | None = None
        self._saved_words = Path(directory) / WORDS

    def _by_area(self) -> dict[str, list[Any]]:
        """The live generation's ledger entries per area (one ledger read per version)."""
        with self._lock:
            if self._groups is None:
                groups: dict[str, list[Any]] = {"": []}
                for entry in self.index.ledger.entries(self.generation):
                    groups.setdefault(str(entry.meta.get("area") or ""), []).append(entry)
                self._groups = groups
            return self._groups

    def for_area(self, area: str) -> LexicalIndex:
        """The index over `area`'s and the national chunks ("" = national only; an unknown area: national)."""
        groups = self._by_area()
        area = area if area in groups else ""
        with self._lock:
            hit = self._loaded.get(area)
            if hit is not None:
                self._loaded.move_to_end(area)
                return hit
            area_lock = self._area_locks.setdefault(area, threading.Lock())
        with area_lock:  # one build per area; questions in other areas go on meanwhile
            with self._lock:
                hit = self._loaded.get(area)
            if hit is not None:
                return hit
            entries = groups[""] + (groups[area] if area else [])
            built, whole = self._load_or_build(area, entries)
            if not whole:
                return built  # not kept: the next question tries again
            with self._lock:
                self._loaded[area] = built
                while len(self._loaded) > MAX_LOADED:
                    self._loaded.popitem(last=False)
            return built

    def _load_or_build(self, area: str, entries: list[Any]) -> tuple[LexicalIndex, bool]:
        """The area's index, and whether it is whole (False: some passages could not be read just now)."""
        # The fingerprint is in the folder's name, so a folder's contents always match it, even when two processes
        # sharing a data dir save the same area for different versions at once.
        folder = self.directory / f"{area_key(area)}-{entries_fingerprint(entries)}"
        saved = LexicalIndex.read(folder) if folder.is_dir() else None
        if saved is not None:
            return saved, True
        ids = [cid for e in entries for cid in e.chunk_ids]
        try:
            chunks = self.index.chunks_in(self.collection, ids)
        except IndexUnavailableError:
            if self.index.ledger.snapshot()[1] != self.generation:
                # The generation was replaced (its collection dropped) while we read: dense search only.
                return LexicalIndex([], version=self.version), False
            raise
        built = LexicalIndex(chunks, version=self.version)
        if len(chunks) != len(ids):
            log.warning("lexical index for an area: %d of %d passages readable; not kept", len(chunks), len(ids))
            return built, False
        try:
            built.save(folder)
        except OSError:
            return built, True  # a read-only data dir still gets a working in-memory index
        for old in self.directory.glob(f"{area_key(area)}-*"):  # the area's earlier versions
            if old.name != folder.name:
                shutil.rmtree(old, ignore_errors=True)
        return built, True

    def words(self) -> Counter[str]:
        """Every word of the live chunks with its count: stored in the ledger by the ingest, else (an index built
        before this) the last vocabulary saved in this data dir."""
        if self._words is None:
            counts = shared_vocabulary(self.index.ledger)
            if counts is None:
                counts = _read_words(self._saved_words)
            self._words = counts
        return self._words


def _read_words(path: Path) -> Counter[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return Counter()
    pairs = (line.split("\t") for line in text.splitlines() if "\t" in line)
    return Counter({w: int(n) for w, n in pairs})


def share_vocabulary(ledger: Any, lexical_dir: Path, version: int) -> None:
    """Store the word counts the ingest just saved (lexical_dir/words.tsv) in the ledger, for other replicas."""
    words = _read_words(Path(lexical_dir) / WORDS)
    ledger.set_state(VOCABULARY_STATE, json.dumps({"version": version, "words": words}, ensure_ascii=False))


def shared_vocabulary(ledger: Any) -> Counter[str] | None:
    """The word counts the latest ingest stored in the ledger, or None when there are none."""
    raw = ledger.get_state(VOCABULARY_STATE)
    if not raw:
        return None
    try:
        return Counter({str(w): int(n) for w, n in json.loads(raw)["words"].items()})
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
