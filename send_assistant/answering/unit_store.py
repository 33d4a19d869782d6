"""Sentence-unit vectors stored at ingest time, keyed by chunk id, so a serving process never embeds passages.

The composer shows units of passages (send_assistant/answering/sentence_units.py) and scores each by its vector.
Embedding every unit of every chunk at start-up costs minutes per thousand chunks; instead the ingest command embeds
the units of new chunks once (`store_units`) and the composer fetches the vectors of the few passages it reads, by
chunk id. A passage whose units are not stored (an index built before this, or another configuration's units) is
embedded on demand and written back, so nothing is ever wrong, only slower once.

Chunk ids are content hashes, so a chunk's units stay valid as long as the chunk exists. One SQLite file per
embedding model under the data directory; one row per chunk (its unit texts and their vectors as one float32
array), so fetching ten passages is one indexed read.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from send_assistant.answering.interfaces import Embedder, UnitLimits
from send_assistant.settings import Settings

log = logging.getLogger(__name__)

EMBED_BATCH = 256  # unit texts per embedder call at ingest
_SCHEMA = "CREATE TABLE IF NOT EXISTS units (chunk_id TEXT PRIMARY KEY, texts TEXT NOT NULL, vectors BLOB NOT NULL)"


def unit_store_path(data_dir: Path, embedder: Embedder) -> Path:
    """Where the unit vectors of one embedding model are kept."""
    name = re.sub(r"[^\w.-]+", "-", str(getattr(embedder, "name", type(embedder).__name__)))
    return Path(data_dir) / f"units-{name}.sqlite3"


class UnitStore:
    """chunk_id -> {unit text: vector}, in one SQLite file (safe to share between threads)."""

    def __init__(self, path: Path, dim: int) -> None:
        self.path = Path(path)
        self.dim = dim
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)

    @classmethod
    def open(cls, data_dir: Path, embedder: Embedder) -> UnitStore | None:
        """The store of this embedder under data_dir, or None when it cannot be opened (a read-only data dir)."""
        try:
            return cls(unit_store_path(data_dir, embedder), int(embedder.dim))
        except (sqlite3.Error, OSError) as exc:
            log.warning("unit vectors unavailable (%s): passages will be embedded when first shown", exc)
            return None

    def get(self, chunk_ids: Sequence[str]) -> dict[str, dict[str, np.ndarray]]:
        """The stored units of these chunks (chunks without stored units are left out)."""
        out: dict[str, dict[str, np.ndarray]] = {}
        ids = list(dict.fromkeys(chunk_ids))
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            try:
                with self._lock:
                    rows = self._db.execute(
                        f"SELECT chunk_id, texts, vectors FROM units WHERE chunk_id IN ({marks})", part
                    ).fetchall()
            except sqlite3.Error as exc:
                log.warning("unit vectors unreadable (%s)", exc)
                return out
            for chunk_id, texts, blob in rows:
                vectors = np.frombuffer(blob, dtype=np.float32).reshape(-1, self.dim)
                out[chunk_id] = dict(zip(json.loads(texts), vectors, strict=True))
        return out

    def put(self, rows: Iterable[tuple[str, Sequence[str], np.ndarray]]) -> None:
        """Store (chunk_id, unit texts, their vectors) rows, replacing what a chunk had."""
        data = [
            (
                cid,
                json.dumps(list(texts), ensure_ascii=False),
                np.asarray(vecs, np.float32).reshape(-1, self.dim).tobytes(),
            )
            for cid, texts, vecs in rows
        ]
        if not data:
            return
        try:
            with self._lock:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("INSERT OR REPLACE INTO units VALUES (?, ?, ?)", data)
                self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            log.warning("could not store unit vectors (%s)", exc)

    def chunk_ids(self) -> set[str]:
        """Every chunk with stored units."""
        with self._lock:
            return {r[0] for r in self._db.execute("SELECT chunk_id FROM units")}

    def retain(self, live: set[str]) -> int:
        """Delete the units of chunks not in `live`; returns how many chunks were forgotten."""
        gone = sorted(self.chunk_ids() - live)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("DELETE FROM units WHERE chunk_id = ?", [(c,) for c in gone])
            self._db.execute("COMMIT")
        return len(gone)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()


def store_units(settings: Settings, embedder: Embedder, cfg: UnitLimits | None = None) -> int:
    """Embed and store the units of every live chunk that has none stored; forget those of removed chunks.

    Run by the ingest and refresh commands after an ingest. Returns how many unit texts were embedded."""
    from send_assistant.answering.sentence_units import units_of
    from send_assistant.answering.stages.compose import ComposeConfig
    from send_assistant.ingest.index import Index

    cfg = cfg or ComposeConfig()
    store = UnitStore.open(settings.data_dir, embedder)
    if store is None:
        return 0
    try:
        index = Index.open(settings, None)
        live = index.live_chunks()
        have = store.chunk_ids()
        todo = [(c.chunk_id, [u.full for u in units_of(c.text, cfg)]) for c in live if c.chunk_id not in have]
        embedded = 0
        batch: list[tuple[str, list[str]]] = []
        for item in todo:
            batch.append(item)
            if sum(len(t) for _, t in batch) >= EMBED_BATCH:
                embedded += _embed_and_put(store, embedder, batch)
                batch = []
        embedded += _embed_and_put(store, embedder, batch)
        store.retain({c.chunk_id for c in live})
        return embedded
    finally:
        store.close()


def store_safeguarding_vectors(settings: Settings, embedder: Embedder) -> bool:
    """Embed the safeguarding classifier's training phrasings into its cache under the data dir, as a serving
    process would at its first start (issue 10: nothing heavy at start-up; some 2,300 phrasings cost a start
    on 2 cores about as long as everything else together). Nothing is embedded when the cache already holds
    this version of the training file. Returns False when the model's profile has no classifier."""
    from send_assistant.answering.stages.safeguarding_classifier import (
        TRAIN_FILE,
        embed_examples,
        file_digest,
        load_examples,
    )
    from send_assistant.errors import ModelProfileError
    from send_assistant.model_profiles import profile_for

    try:
        calibration = profile_for(str(embedder.name)).safeguarding_profile()
    except ModelProfileError:
        return False  # serving refuses such an embedder anyway, with its own clear message
    if calibration is None:
        return False
    embed_examples(embedder, load_examples(TRAIN_FILE), file_digest(TRAIN_FILE), settings.safeguarding_cache_dir)
    return True


def _embed_and_put(store: UnitStore, embedder: Embedder, batch: list[tuple[str, list[str]]]) -> int:
    texts = list(dict.fromkeys(t for _, unit_texts in batch for t in unit_texts))
    if not batch:
        return 0
    vectors = dict(zip(texts, np.asarray(embedder.embed(texts), np.float32), strict=True)) if texts else {}
    store.put(
        (cid, unit_texts, np.stack([vectors[t] for t in unit_texts]) if unit_texts else np.zeros((0, store.dim)))
        for cid, unit_texts in batch
    )
    return len(texts)
