"""What the last crawl or feed read learned about each URL, for conditional requests on the next refresh.

Per URL: its ETag and Last-Modified headers, and what the ingest made of it (doc_id, declared metadata, source
hash, the links a page had). A refresh sends If-None-Match / If-Modified-Since; a 304 answer turns the stored
record back into the same SourceItem, which the ingest then finds unchanged without reading anything. Losing
this file costs one full fetch, nothing else, so it lives in its own small SQLite file beside the ledger.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

_SCHEMA = "CREATE TABLE IF NOT EXISTS fetched (url TEXT PRIMARY KEY, record_json TEXT NOT NULL)"


class FetchCache:
    """URL -> record (a JSON-able dict) in SQLite."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self._db.execute(_SCHEMA)

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> FetchCache:
        """The cache file of a data dir."""
        return cls(data_dir / "fetch_cache.sqlite3")

    def get(self, url: str) -> dict | None:
        """The stored record for a URL, or None."""
        with self._lock:
            row = self._db.execute("SELECT record_json FROM fetched WHERE url = ?", (url,)).fetchone()
        return json.loads(row[0]) if row else None

    def put_many(self, records: dict[str, dict]) -> None:
        """Store records by URL in one transaction."""
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO fetched VALUES (?, ?)",
                [(url, json.dumps(record, sort_keys=True, ensure_ascii=False)) for url, record in records.items()],
            )

    def headers(self, url: str) -> dict[str, str]:
        """If-None-Match / If-Modified-Since for a URL we have a record of."""
        record = self.get(url) or {}
        out = {}
        if record.get("etag"):
            out["If-None-Match"] = record["etag"]
        if record.get("last_modified"):
            out["If-Modified-Since"] = record["last_modified"]
        return out

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
