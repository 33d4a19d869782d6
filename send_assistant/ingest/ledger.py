"""The ledger of committed documents: the one source of truth for which chunks are visible, and where.

Chroma holds vectors; the ledger says which of them are live. Documents belong to a *generation*: a set of
ledger entries plus the Chroma collection their chunks are in. Exactly one generation is live; readers read only
that one. An ingest builds a new generation beside it (a copy of the live entries for an incremental run, an
empty one in a new collection for a rebuild), then `publish` makes it live in one transaction. A serving process
notices the new version on its next question and switches; a crash before `publish` leaves the old generation
live and untouched, and the next ingest discards the unfinished one.

Within a generation a document's new chunks are written first and its entry swapped in one transaction, so a
document is always either its old version or its new one, never half of each.

The ledger lives in the project's database (send_assistant.database): a SQLite file under the data dir, or with
SEND_ASSISTANT_DATABASE_URL a PostgreSQL database shared by every replica. Each replica reads the live version
once per question (`snapshot`, one small SELECT), so an ingest run anywhere is seen everywhere on the next question.
"""

from __future__ import annotations

import json
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import (
    Connection,
    Executable,
    Integer,
    Text,
    cast,
    delete,
    func,
    insert,
    inspect,
    literal,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from send_assistant import database
from send_assistant.errors import IndexUnavailableError
from send_assistant.ingest.ledger_tables import COLUMNS, ENTRIES, GENERATIONS, METADATA, STATE

DEFAULT_COLLECTION = "send_chunks"

# Every ledger write holds this PostgreSQL advisory lock (one writer at a time across replicas, as SQLite has).
_WRITE_LOCK = zlib.crc32(b"send_assistant.ledger.write")
_LOCK_PATIENCE_S = 3.0  # how long an ingest waits for another's lock (a killed one's takes a moment to go)
_SNAPSHOT = "SELECT key, value FROM state WHERE key IN ('version', 'live')"  # per question: plain SQL, no compiling

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
    """Committed documents by generation, the live generation and the index version, in one database.

    `target` is a SQLite file (Path) or a database URL. Calls that take `generation` default to the live one.
    Writes to the live generation bump the version (readers' caches key on it); writes to a building generation
    do not, until it is published.
    """

    def __init__(self, target: Path | str, collection: str = DEFAULT_COLLECTION) -> None:
        self.path = database.as_target(target)
        self.base_collection = collection
        self._lock = threading.RLock()  # guards `close` against use from the web server's threads
        try:
            file = database.sqlite_file(self.path)
            if file is not None:
                file.parent.mkdir(parents=True, exist_ok=True)
            self._engine = database.create(self.path, pragmas=("journal_mode=WAL", "synchronous=FULL"))
            # Reads are single SELECTs run straight through the driver (`snapshot` runs once per question).
            self._reader = self._engine if file is not None else database.create(self.path, read_only=True)
            with database.writing(self._engine, _WRITE_LOCK) as db:
                METADATA.create_all(db)
            self._migrate()
        except (SQLAlchemyError, OSError) as exc:
            raise IndexUnavailableError(
                f"cannot open the index ledger {database.shown(self.path)}: {database.reason(exc)}"
            ) from exc

    def _migrate(self) -> None:
        """A new ledger gets a live generation 0 in the base collection; one from before generations (SQLite)
        has its documents moved into it."""
        with self.transaction() as db:
            if db.execute(select(GENERATIONS.c.generation).limit(1)).first():
                return
            if database.is_sqlite(self._engine) and inspect(db).has_table("documents"):
                db.exec_driver_sql("INSERT INTO entries SELECT 0, * FROM documents")
                db.exec_driver_sql("DROP TABLE documents")
            db.execute(insert(GENERATIONS).values(
                generation=0, collection=self.base_collection, state=LIVE, created=time.time(), retired=None
            ))  # fmt: skip
            _set(db, "live", "0")

    def close(self) -> None:
        """Close the database connections."""
        with self._lock:
            self._engine.dispose()
            self._reader.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One atomic write: everything inside commits together or not at all (one writer at a time)."""
        with database.writing(self._engine, _WRITE_LOCK) as db:
            yield db

    def _read(self, statement: Executable | str) -> list[tuple]:
        try:
            return database.fetch(self._reader, statement)
        except SQLAlchemyError as exc:
            raise IndexUnavailableError(
                f"cannot read the index ledger {database.shown(self.path)}: {database.reason(exc)}"
            ) from exc

    @contextmanager
    def exclusive(self, wait: bool = False) -> Iterator[None]:
        """Held by an ingest for its whole run, so two ingests never build on the same live generation (the
        second would publish over the first's documents): on PostgreSQL across every replica, on SQLite across
        every process using the file. Refused (IndexUnavailableError) after a short wait, or with `wait` waited
        for; dropped if the process dies."""
        try:
            with database.exclusive(self._engine, self.path, "ingest", wait=wait, patience_s=_LOCK_PATIENCE_S):
                yield
        except database.LockBusy as exc:
            raise IndexUnavailableError("another ingest is already running on this index ledger") from exc

    # --- reading -------------------------------------------------------------------------------------------

    @property
    def version(self) -> int:
        """Bumped by every change readers can see; readers use it to know their caches are stale."""
        rows = self._read(select(STATE.c.value).where(STATE.c.key == "version"))
        return int(rows[0][0]) if rows else 0

    def snapshot(self) -> tuple[int, int]:
        """(version, live generation) in one read: what a reader checks once per question."""
        values = dict(self._read(_SNAPSHOT))
        return int(values.get("version", 0)), int(values.get("live", 0))

    @property
    def live_generation(self) -> int:
        """The generation readers see."""
        return self.snapshot()[1]

    def generation(self, number: int | None = None) -> Generation:
        """A generation's details (default: the live one)."""
        number = self.live_generation if number is None else number
        rows = self._read(_GENERATION_ROWS.where(GENERATIONS.c.generation == number))
        if not rows:
            raise IndexUnavailableError(f"the index ledger has no generation {number}")
        return Generation(*rows[0])

    def generations(self, state: str | None = None) -> list[Generation]:
        """Every generation (or those in one state), oldest first."""
        query = _GENERATION_ROWS.order_by(GENERATIONS.c.generation)
        rows = self._read(query.where(GENERATIONS.c.state == state) if state else query)
        return [Generation(*r) for r in rows]

    def get_state(self, key: str) -> str | None:
        """A free-form setting stored beside the documents (e.g. which embedder built the index)."""
        rows = self._read(select(STATE.c.value).where(STATE.c.key == key))
        return rows[0][0] if rows else None

    def _gen(self, generation: int | None) -> int:
        return self.live_generation if generation is None else generation

    def get(self, doc_id: str, generation: int | None = None) -> LedgerEntry | None:
        """The committed entry for a document, or None."""
        where = (ENTRIES.c.generation == self._gen(generation)) & (ENTRIES.c.doc_id == doc_id)
        rows = self._read(_ENTRY_ROWS.where(where))
        return _entry(rows[0]) if rows else None

    def entries(self, generation: int | None = None) -> list[LedgerEntry]:
        """All committed documents, by id."""
        query = _ENTRY_ROWS.where(ENTRIES.c.generation == self._gen(generation)).order_by(ENTRIES.c.doc_id)
        return [_entry(r) for r in self._read(query)]

    def live_chunk_ids(self, generation: int | None = None) -> set[str]:
        """Every chunk id some committed document references."""
        ids: set[str] = set()
        query = select(ENTRIES.c.chunk_ids_json).where(ENTRIES.c.generation == self._gen(generation))
        for (raw,) in self._read(query):
            ids.update(json.loads(raw))
        return ids

    # --- writing (each call is one transaction) ------------------------------------------------------------

    def put(self, entry: LedgerEntry, generation: int | None = None) -> None:
        """Insert or replace a document's entry (and bump the version when it is live), atomically."""
        with self.transaction() as db:
            target = _target(db, generation)
            db.execute(delete(ENTRIES).where((ENTRIES.c.generation == target) & (ENTRIES.c.doc_id == entry.doc_id)))
            db.execute(insert(ENTRIES).values(
                generation=target,
                doc_id=entry.doc_id,
                origin=entry.origin,
                source_hash=entry.source_hash,
                declared_hash=entry.declared_hash,
                meta_json=json.dumps(entry.meta, sort_keys=True),
                chunk_ids_json=json.dumps(entry.chunk_ids),
            ))  # fmt: skip
            _bump_if_live(db, generation)

    def remove(self, doc_ids: list[str], generation: int | None = None) -> None:
        """Drop documents from the ledger (their chunks stop being visible) and bump the version."""
        if not doc_ids:
            return
        with self.transaction() as db:
            target = _target(db, generation)
            db.execute(delete(ENTRIES).where((ENTRIES.c.generation == target) & ENTRIES.c.doc_id.in_(doc_ids)))
            _bump_if_live(db, generation)

    def clear(self, generation: int | None = None) -> None:
        """Forget every document of a generation and bump the version."""
        with self.transaction() as db:
            db.execute(delete(ENTRIES).where(ENTRIES.c.generation == _target(db, generation)))
            _bump_if_live(db, generation)

    def set_state(self, key: str, value: str) -> None:
        """Store a setting beside the documents."""
        with self.transaction() as db:
            _set(db, key, value)

    # --- generations ---------------------------------------------------------------------------------------

    def begin(self, new_collection: bool) -> Generation:
        """Start building a generation: a copy of the live entries in the live collection, or (new_collection)
        an empty one in a collection of its own. Readers do not see it until `publish`."""
        with self.transaction() as db:
            live = _live(db)
            number = int(db.execute(select(func.max(GENERATIONS.c.generation))).scalar_one()) + 1
            live_collection = db.execute(
                select(GENERATIONS.c.collection).where(GENERATIONS.c.generation == live)
            ).scalar_one()
            collection = f"{self.base_collection}_g{number}" if new_collection else live_collection
            db.execute(insert(GENERATIONS).values(
                generation=number, collection=collection, state=BUILDING, created=time.time(), retired=None
            ))  # fmt: skip
            if not new_collection:
                copy = select(literal(number), *(ENTRIES.c[c] for c in COLUMNS)).where(ENTRIES.c.generation == live)
                db.execute(insert(ENTRIES).from_select(["generation", *COLUMNS], copy))
        return Generation(number, collection, BUILDING)

    def publish(self, number: int) -> Generation:
        """Make a building generation the live one and bump the version, in one transaction.

        Returns the generation that stopped being live (now retired: its entries stay until `forget`)."""
        with self.transaction() as db:
            state = db.execute(select(GENERATIONS.c.state).where(GENERATIONS.c.generation == number)).scalar()
            if state != BUILDING:  # forgotten or already published: never point readers at it
                raise IndexUnavailableError(f"generation {number} is not being built (it is {state or 'gone'})")
            live = _live(db)
            now = time.time()
            by_number = GENERATIONS.c.generation
            db.execute(update(GENERATIONS).where(by_number == live).values(state=RETIRED, retired=now))
            db.execute(update(GENERATIONS).where(by_number == number).values(state=LIVE))
            _set(db, "live", str(number))
            _bump(db)
            collection = db.execute(select(GENERATIONS.c.collection).where(by_number == live)).scalar_one()
        return Generation(live, collection, RETIRED, now)

    def forget(self, number: int) -> None:
        """Delete a generation that is not live (a retired or abandoned one) and its entries."""
        with self.transaction() as db:
            state = db.execute(select(GENERATIONS.c.state).where(GENERATIONS.c.generation == number)).scalar()
            if state is None or state == LIVE:
                return
            db.execute(delete(ENTRIES).where(ENTRIES.c.generation == number))
            db.execute(delete(GENERATIONS).where(GENERATIONS.c.generation == number))


_ENTRY_ROWS = select(*(ENTRIES.c[c] for c in COLUMNS))
_GENERATION_ROWS = select(GENERATIONS.c.generation, GENERATIONS.c.collection, GENERATIONS.c.state,
                          GENERATIONS.c.retired)  # fmt: skip


def _live(db: Connection) -> int:
    return int(db.execute(select(STATE.c.value).where(STATE.c.key == "live")).scalar_one())


def _target(db: Connection, generation: int | None) -> int:
    return _live(db) if generation is None else generation


def _set(db: Connection, key: str, value: str) -> None:
    if db.execute(update(STATE).where(STATE.c.key == key).values(value=value)).rowcount == 0:
        db.execute(insert(STATE).values(key=key, value=value))


def _bump_if_live(db: Connection, generation: int | None) -> None:
    if generation is None or generation == _live(db):
        _bump(db)


def _bump(db: Connection) -> None:
    # One UPDATE in the writer's transaction (which holds the write lock): no replica's bump is lost.
    if not db.execute(
        update(STATE).where(STATE.c.key == "version").values(value=cast(cast(STATE.c.value, Integer) + 1, Text))
    ).rowcount:
        db.execute(insert(STATE).values(key="version", value="1"))


def _entry(row: tuple) -> LedgerEntry:
    doc_id, origin, source_hash, declared_hash, meta_json, chunk_ids_json = row
    return LedgerEntry(doc_id, origin, source_hash, declared_hash, json.loads(meta_json), json.loads(chunk_ids_json))
