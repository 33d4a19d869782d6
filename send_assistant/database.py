"""The database behind the ledger and the feedback: a SQLite file under the data dir, or a server named by URL.

SEND_ASSISTANT_DATABASE_URL names one SQLAlchemy database for the ledger, the feedback and the you-said-we-did
responses (`postgresql://user:password@host/db` for several replicas: every replica then reads one list of live
documents and writes one feedback log). Unset, each keeps its own SQLite file under the data dir, as before.

A *target* is either a Path (a SQLite file) or a URL string. Transactions are explicit:
- SQLite: a write begins with BEGIN IMMEDIATE, so the write lock is taken before anything is read and two
  writers never deadlock upgrading a read lock; a read begins with a plain BEGIN (a consistent snapshot).
- PostgreSQL: a write that must not interleave with another replica's (every ledger write) takes a transaction
  advisory lock first, which serialises those writes as SQLite's single writer does.
"""

from __future__ import annotations

import fcntl
import sqlite3
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import URL, Connection, Engine, Executable, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

Target = Path | str

_WRITE = "send_assistant_write"  # execution option: this transaction writes (SQLite: BEGIN IMMEDIATE)
SCHEMA_LOCK = 0x5E5D_0001  # PostgreSQL advisory lock held while creating tables (replicas starting at once)
_SHARED: dict[str, Engine] = {}
_SHARED_LOCK = threading.Lock()


def as_target(value: Path | str) -> Target:
    """A URL (anything with '://') stays a string; anything else is a SQLite file path."""
    if isinstance(value, str) and "://" in value:
        return value
    return Path(value)


def url_of(target: Target) -> URL:
    """The SQLAlchemy URL of a target; `postgresql://` uses psycopg 3 (the driver installed with the project)."""
    if isinstance(target, Path):
        return URL.create("sqlite", database=str(target))
    url = make_url(target)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def sqlite_file(target: Target) -> Path | None:
    """The file of a SQLite target, None for a server (or an in-memory database)."""
    if isinstance(target, Path):
        return target
    url = url_of(target)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database)
    return None


def shown(target: Target) -> str:
    """The target as it may appear in a log line: a path, or the URL without its password."""
    if isinstance(target, Path):
        return str(target)
    return make_url(target).render_as_string(hide_password=True)


def reason(exc: BaseException) -> str:
    """The driver's own first line for a database error, without SQLAlchemy's wrapping (one line for a log)."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def create(target: Target, *, pooled: bool = True, read_only: bool = False, pragmas: tuple[str, ...] = ()) -> Engine:
    """An engine for the target.

    pooled=False opens a connection per use and closes it after (a SQLite file that may be moved aside);
    read_only opens a SQLite file without write access (a read-only data dir), and a server's connections in
    autocommit (for `fetch`); pragmas run on every new SQLite connection (e.g. "synchronous=FULL", which is per
    connection)."""
    url = url_of(target)
    if url.get_backend_name() != "sqlite":
        # Read-only engines: autocommit (a single SELECT needs no BEGIN/ROLLBACK) and no pre-ping (a round trip per
        # checkout): `fetch` replaces a dropped connection and tries once more.
        # Writers (rare: ingests, feedback) ping each connection they take, so a server restart costs no write.
        extra = {"isolation_level": "AUTOCOMMIT"} if read_only else {"pool_pre_ping": True}
        return create_engine(url, pool_size=4, max_overflow=8, pool_recycle=1800, **extra)
    if read_only:
        path = Path(url.database or "")
        url = URL.create("sqlite", database=path.resolve().as_uri(), query={"mode": "ro", "uri": "true"})
    options = {"poolclass": NullPool} if not pooled else {}
    # module=sqlite3: connections open through sqlite3.connect, as before (tests patch it to fill the disk).
    engine = create_engine(url, module=sqlite3, connect_args={"timeout": 30, "check_same_thread": False}, **options)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:  # noqa: ANN001 - DBAPI objects
        # The driver's own implicit BEGIN would start every write as a read; transactions are begun below.
        dbapi_connection.isolation_level = None
        for pragma in pragmas:
            dbapi_connection.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")

    return engine


def shared(target: Target) -> Engine:
    """One pooled engine per database URL for this process (made on first use), for stores opened per request."""
    key = str(target)
    with _SHARED_LOCK:
        engine = _SHARED.get(key)
        if engine is None:
            engine = _SHARED[key] = create(target)
        return engine


def is_sqlite(engine: Engine) -> bool:
    """True for a SQLite engine (file checks, PRAGMAs and moving a corrupted file aside apply)."""
    return engine.dialect.name == "sqlite"


@contextmanager
def writing(engine: Engine, lock: int | None = None) -> Iterator[Connection]:
    """One write transaction: everything inside commits together or not at all.

    lock: on PostgreSQL, an advisory lock key held until the transaction ends, so writers that use the same
    key run one at a time across every replica (SQLite's BEGIN IMMEDIATE already does this)."""
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE: True})
        with conn.begin():
            if lock is not None and engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock})
            yield conn


def fetch(engine: Engine, statement: Executable | str) -> list[tuple]:
    """All rows of one SELECT, through the driver directly: what a reader runs on every question, so it costs one
    round trip (no BEGIN, no ROLLBACK, no result processing). For a SQLite engine from `create`, or a server
    engine made with read_only=True (autocommit). A connection the server dropped is replaced and tried once more."""
    if isinstance(statement, str):
        sql, params = statement, ()
    else:
        compiled = statement.compile(dialect=engine.dialect, compile_kwargs={"render_postcompile": True})
        sql = str(compiled)
        positions = compiled.positiontup
        params = tuple(compiled.params[k] for k in positions) if positions else compiled.params
    for attempt in range(2):
        try:
            raw = engine.raw_connection()
        except engine.dialect.loaded_dbapi.Error as exc:  # the pool hands the driver's error over unwrapped
            raise DBAPIError.instance(sql, params, exc, engine.dialect.loaded_dbapi.Error) from exc
        try:
            cursor = raw.cursor()
            cursor.execute(sql, params) if params else cursor.execute(sql)
            rows = [tuple(r) for r in cursor.fetchall()]
            cursor.close()
            return rows
        except engine.dialect.loaded_dbapi.Error as exc:
            if attempt or not engine.dialect.is_disconnect(exc, raw.dbapi_connection, None):
                raise DBAPIError.instance(sql, params, exc, engine.dialect.loaded_dbapi.Error) from exc
            raw.invalidate()
            engine.dispose()  # the server restarted: every idle connection in the pool is dead too
        finally:
            raw.close()
    raise AssertionError("unreachable")


class LockBusy(RuntimeError):
    """Another process holds the lock `exclusive` was asked for."""


@contextmanager
def exclusive(engine: Engine, target: Target, name: str, wait: bool = False, patience_s: float = 0.0) -> Iterator[None]:
    """A named lock held across processes (and, on a server, machines) for the block: a lock file beside a SQLite
    database, a session advisory lock on PostgreSQL. Both go when the holder dies (a killed client's advisory lock
    when the server notices, which can take a moment: `patience_s` waits that long). LockBusy when it is held
    elsewhere, unless `wait`."""
    file = sqlite_file(target)
    if file is not None:
        with file.with_name(f"{file.name}.{name}-lock").open("w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise LockBusy(name) from exc
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
        return
    key = {"key": zlib.crc32(f"send_assistant.{name}".encode())}
    with engine.connect() as conn:
        if wait:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), key)
        else:
            deadline = time.monotonic() + patience_s
            while not conn.execute(text("SELECT pg_try_advisory_lock(:key)"), key).scalar():
                if time.monotonic() > deadline:
                    conn.rollback()
                    raise LockBusy(name)
                time.sleep(0.2)
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), key)
            conn.commit()


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for reads (one consistent snapshot on SQLite); rolled back and returned on exit."""
    with engine.connect() as conn:
        yield conn
