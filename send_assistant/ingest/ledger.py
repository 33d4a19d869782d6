"""SQLite ledger of committed documents: the one source of truth for which chunks are visible, and where.

Chroma holds vectors; the ledger says which of them are live. Documents belong to a *generation*: a set of
ledger entries plus the Chroma collection their chunks are in. Exactly one generation is live; readers read only
that one. An ingest builds a new generation beside it (a copy of the live entries for an incremental run, an
empty one in a new collection for a rebuild), then `publish` makes it live in one transaction. A serving process
notices the new version on its next question and switches; a crash before `publish` leaves the old generation
live and untouched, and the next ingest discards the unfinished one.

Within a generation a document's new chunks are written first and its entry swapped in one transaction, so a
document is always either its old version or its new one, never half of each.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from send_assistant.errors import IndexUnavailableError

DEFAULT_COLLECTION = "send_chunks"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    generation INTEGER NOT NULL,   -- which generation the entry belongs to (see `generations`)
    doc_id TEXT NOT NULL,
    origin TEXT NOT NULL,          -- the ingest scope that owns it: knowledge dir, folder, file, site, feed
    source_hash TEXT NOT NULL,     -- sha256 of the source bytes
    declared_hash TEXT NOT NULL,   -- declared metadata + pipeline version; unchanged means skip
    meta_json TEXT NOT NULL,       -- final DocumentMeta (after the loader filled title, url, reviewed)
    chunk_ids_json TEXT NOT NULL,  -- ordered chunk ids that are live for this document
    PRIMARY KEY (generation, doc_id)
);
CREATE TABLE IF NOT EXISTS generations (
    generation INTEGER PRIMARY KEY,
    collection TEXT NOT NULL,      -- the Chroma collection its chunks are in
    state TEXT NOT NULL,           -- building | live | retired
    created REAL NOT NULL,
    retired REAL                   -- when it stopped being live (its data is dropped after a grace period)
);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

BUILDING, LIVE, RETIRED = "building", "live", "retired"


@dataclass
class LedgerEntry:
    """One committed document."""

    doc_id: str
    origin: str
    source_hash: str
    declared_hash: str
    meta: dict
    chunk_ids: list[str]


@dataclass(frozen=True)
class Generation:
    """One set of entries and the collection that holds their chunks."""

    generation: int
    collection: str
    state: str
    retired: float | None = None


class Ledger:
    """Committed documents by generation, the live generation and the index version, in one SQLite file.

    Calls that take `generation` default to the live one. Writes to the live generation bump the version
    (readers' caches key on it); writes to a building generation do not, until it is published.
    """

    def __init__(self, path: Path, collection: str = DEFAULT_COLLECTION) -> None:
        self.path = path
        self.base_collection = collection
        # One connection shared by the web server's threads: serialise its use.
        self._lock = threading.RLock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE ... COMMIT) below.
            self._db = sqlite3.connect(str(path), isolation_level=None, timeout=30, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
            self._migrate()
        except sqlite3.Error as exc:
            raise IndexUnavailableError(f"cannot open the index ledger {path}: {exc}") from exc

    def _migrate(self) -> None:
        """A ledger from before generations: its documents become generation 0 in the base collection."""
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM generations LIMIT 1").fetchone():
                return
            old = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents'").fetchone()
            if old:
                db.execute("INSERT INTO entries SELECT 0, * FROM documents")
                db.execute("DROP TABLE documents")
            db.execute("INSERT INTO generations VALUES (0, ?, ?, ?, NULL)", (self.base_collection, LIVE, time.time()))
            db.execute("INSERT OR REPLACE INTO state VALUES ('live', '0')")

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: everything inside commits together or not at all."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            with self._lock:
                return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise IndexUnavailableError(f"cannot read the index ledger {self.path}: {exc}") from exc

    # --- reading -------------------------------------------------------------------------------------------

    @property
    def version(self) -> int:
        """Bumped by every change readers can see; readers use it to know their caches are stale."""
        rows = self._read("SELECT value FROM state WHERE key = 'version'")
        return int(rows[0][0]) if rows else 0

    def snapshot(self) -> tuple[int, int]:
        """(version, live generation) in one read: what a reader checks once per question."""
        values = dict(self._read("SELECT key, value FROM state WHERE key IN ('version', 'live')"))
        return int(values.get("version", 0)), int(values.get("live", 0))

    @property
    def live_generation(self) -> int:
        """The generation readers see."""
        return self.snapshot()[1]

    def generation(self, number: int | None = None) -> Generation:
        """A generation's details (default: the live one)."""
        number = self.live_generation if number is None else number
        rows = self._read(
            "SELECT generation, collection, state, retired FROM generations WHERE generation = ?", (number,)
        )
        if not rows:
            raise IndexUnavailableError(f"the index ledger has no generation {number}")
        return Generation(*rows[0])

    def generations(self, state: str | None = None) -> list[Generation]:
        """Every generation (or those in one state), oldest first."""
        sql = "SELECT generation, collection, state, retired FROM generations"
        rows = self._read(sql + " WHERE state = ? ORDER BY generation", (state,)) if state else self._read(sql)
        return [Generation(*r) for r in rows]

    def get_state(self, key: str) -> str | None:
        """A free-form setting stored beside the documents (e.g. which embedder built the index)."""
        rows = self._read("SELECT value FROM state WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def _gen(self, generation: int | None) -> int:
        return self.live_generation if generation is None else generation

    def get(self, doc_id: str, generation: int | None = None) -> LedgerEntry | None:
        """The committed entry for a document, or None."""
        rows = self._read(
            f"SELECT {_COLUMNS} FROM entries WHERE generation = ? AND doc_id = ?", (self._gen(generation), doc_id)
        )
        return _entry(rows[0]) if rows else None

    def entries(self, generation: int | None = None) -> list[LedgerEntry]:
        """All committed documents, by id."""
        sql = f"SELECT {_COLUMNS} FROM entries WHERE generation = ? ORDER BY doc_id"
        return [_entry(r) for r in self._read(sql, (self._gen(generation),))]

    def live_chunk_ids(self, generation: int | None = None) -> set[str]:
        """Every chunk id some committed document references."""
        ids: set[str] = set()
        for (raw,) in self._read("SELECT chunk_ids_json FROM entries WHERE generation = ?", (self._gen(generation),)):
            ids.update(json.loads(raw))
        return ids

    # --- writing (each call is one transaction) ------------------------------------------------------------

    def put(self, entry: LedgerEntry, generation: int | None = None) -> None:
        """Insert or replace a document's entry (and bump the version when it is live), atomically."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    _target(db, generation),
                    entry.doc_id,
                    entry.origin,
                    entry.source_hash,
                    entry.declared_hash,
                    json.dumps(entry.meta, sort_keys=True),
                    json.dumps(entry.chunk_ids),
                ),
            )
            _bump_if_live(db, generation)

    def remove(self, doc_ids: list[str], generation: int | None = None) -> None:
        """Drop documents from the ledger (their chunks stop being visible) and bump the version."""
        if not doc_ids:
            return
        with self.transaction() as db:
            target = _target(db, generation)
            db.executemany("DELETE FROM entries WHERE generation = ? AND doc_id = ?", [(target, d) for d in doc_ids])
            _bump_if_live(db, generation)

    def clear(self, generation: int | None = None) -> None:
        """Forget every document of a generation and bump the version."""
        with self.transaction() as db:
            db.execute("DELETE FROM entries WHERE generation = ?", (_target(db, generation),))
            _bump_if_live(db, generation)

    def set_state(self, key: str, value: str) -> None:
        """Store a setting beside the documents."""
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (key, value))

    # --- generations ---------------------------------------------------------------------------------------

    def begin(self, new_collection: bool) -> Generation:
        """Start building a generation: a copy of the live entries in the live collection, or (new_collection)
        an empty one in a collection of its own. Readers do not see it until `publish`."""
        with self.transaction() as db:
            live = int(db.execute("SELECT value FROM state WHERE key = 'live'").fetchone()[0])
            number = int(db.execute("SELECT MAX(generation) FROM generations").fetchone()[0]) + 1
            (live_collection,) = db.execute(
                "SELECT collection FROM generations WHERE generation = ?", (live,)
            ).fetchone()
            collection = f"{self.base_collection}_g{number}" if new_collection else live_collection
            db.execute("INSERT INTO generations VALUES (?, ?, ?, ?, NULL)", (number, collection, BUILDING, time.time()))
            if not new_collection:
                db.execute(
                    f"INSERT INTO entries SELECT ?, {_COLUMNS} FROM entries WHERE generation = ?",
                    (number, live),
                )
        return Generation(number, collection, BUILDING)

    def publish(self, number: int) -> Generation:
        """Make a building generation the live one and bump the version, in one transaction.

        Returns the generation that stopped being live (now retired: its entries stay until `forget`)."""
        with self.transaction() as db:
            live = int(db.execute("SELECT value FROM state WHERE key = 'live'").fetchone()[0])
            now = time.time()
            db.execute("UPDATE generations SET state = ?, retired = ? WHERE generation = ?", (RETIRED, now, live))
            db.execute("UPDATE generations SET state = ? WHERE generation = ?", (LIVE, number))
            db.execute("UPDATE state SET value = ? WHERE key = 'live'", (str(number),))
            _bump(db)
            (collection,) = db.execute("SELECT collection FROM generations WHERE generation = ?", (live,)).fetchone()
        return Generation(live, collection, RETIRED, now)

    def forget(self, number: int) -> None:
        """Delete a generation that is not live (a retired or abandoned one) and its entries."""
        with self.transaction() as db:
            row = db.execute("SELECT state FROM generations WHERE generation = ?", (number,)).fetchone()
            if row is None or row[0] == LIVE:
                return
            db.execute("DELETE FROM entries WHERE generation = ?", (number,))
            db.execute("DELETE FROM generations WHERE generation = ?", (number,))


_COLUMNS = "doc_id, origin, source_hash, declared_hash, meta_json, chunk_ids_json"


def _target(db: sqlite3.Connection, generation: int | None) -> int:
    if generation is not None:
        return generation
    return int(db.execute("SELECT value FROM state WHERE key = 'live'").fetchone()[0])


def _bump_if_live(db: sqlite3.Connection, generation: int | None) -> None:
    live = int(db.execute("SELECT value FROM state WHERE key = 'live'").fetchone()[0])
    if generation is None or generation == live:
        _bump(db)


def _bump(db: sqlite3.Connection) -> None:
    db.execute(
        "INSERT INTO state VALUES ('version', '1') "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
    )


def _entry(row: tuple) -> LedgerEntry:
    doc_id, origin, source_hash, declared_hash, meta_json, chunk_ids_json = row
    return LedgerEntry(doc_id, origin, source_hash, declared_hash, json.loads(meta_json), json.loads(chunk_ids_json))
