"""SQLite ledger of committed documents: the one source of truth for which chunks are visible.

Chroma holds vectors; the ledger says which of them are live. A document's new chunks are written to Chroma
first, then the ledger entry is swapped in one transaction, then chunks nobody references are deleted. A crash
at any point therefore leaves either the old version or the new one visible, never half of each, and the
leftovers are garbage-collected by the next ingest.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import IndexUnavailableError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    origin TEXT NOT NULL,          -- the ingest scope that owns it: knowledge dir, folder, file, site, feed
    source_hash TEXT NOT NULL,     -- sha256 of the source bytes
    declared_hash TEXT NOT NULL,   -- declared metadata + pipeline version; unchanged means skip
    meta_json TEXT NOT NULL,       -- final DocumentMeta (after the loader filled title, url, reviewed)
    chunk_ids_json TEXT NOT NULL   -- ordered chunk ids that are live for this document
);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass
class LedgerEntry:
    """One committed document."""

    doc_id: str
    origin: str
    source_hash: str
    declared_hash: str
    meta: dict
    chunk_ids: list[str]


class Ledger:
    """Committed documents and the index version, in one small SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # One connection shared by the web server's threads: serialise its use.
        self._lock = threading.RLock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE ... COMMIT) below.
            self._db = sqlite3.connect(str(path), isolation_level=None, timeout=30, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise IndexUnavailableError(f"cannot open the index ledger {path}: {exc}") from exc

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
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # --- reading -------------------------------------------------------------------------------------------

    @property
    def version(self) -> int:
        """Bumped by every committed change; readers use it to know their caches are stale."""
        rows = self._read("SELECT value FROM state WHERE key = 'version'")
        return int(rows[0][0]) if rows else 0

    def get_state(self, key: str) -> str | None:
        """A free-form setting stored beside the documents (e.g. which embedder built the index)."""
        rows = self._read("SELECT value FROM state WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def get(self, doc_id: str) -> LedgerEntry | None:
        """The committed entry for a document, or None."""
        rows = self._read("SELECT * FROM documents WHERE doc_id = ?", (doc_id,))
        return _entry(rows[0]) if rows else None

    def entries(self) -> list[LedgerEntry]:
        """All committed documents, by id."""
        return [_entry(r) for r in self._read("SELECT * FROM documents ORDER BY doc_id")]

    def live_chunk_ids(self) -> set[str]:
        """Every chunk id some committed document references."""
        ids: set[str] = set()
        for (raw,) in self._read("SELECT chunk_ids_json FROM documents"):
            ids.update(json.loads(raw))
        return ids

    # --- writing (each call is one transaction) ------------------------------------------------------------

    def put(self, entry: LedgerEntry) -> None:
        """Insert or replace a document's entry and bump the version, atomically."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?)",
                (
                    entry.doc_id,
                    entry.origin,
                    entry.source_hash,
                    entry.declared_hash,
                    json.dumps(entry.meta, sort_keys=True),
                    json.dumps(entry.chunk_ids),
                ),
            )
            _bump(db)

    def remove(self, doc_ids: list[str]) -> None:
        """Drop documents from the ledger (their chunks stop being visible) and bump the version."""
        if not doc_ids:
            return
        with self.transaction() as db:
            db.executemany("DELETE FROM documents WHERE doc_id = ?", [(d,) for d in doc_ids])
            _bump(db)

    def clear(self) -> None:
        """Forget every document (for --rebuild) and bump the version."""
        with self.transaction() as db:
            db.execute("DELETE FROM documents")
            _bump(db)

    def set_state(self, key: str, value: str) -> None:
        """Store a setting beside the documents."""
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (key, value))


def _bump(db: sqlite3.Connection) -> None:
    db.execute(
        "INSERT INTO state VALUES ('version', '1') "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
    )


def _entry(row: tuple) -> LedgerEntry:
    doc_id, origin, source_hash, declared_hash, meta_json, chunk_ids_json = row
    return LedgerEntry(doc_id, origin, source_hash, declared_hash, json.loads(meta_json), json.loads(chunk_ids_json))
