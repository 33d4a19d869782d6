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

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url, text
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
    return url_of(target).render_as_string(hide_password=True)


def create(target: Target, *, pooled: bool = True, read_only: bool = False, pragmas: tuple[str, ...] = ()) -> Engine:
    """An engine for the target.

    pooled=False opens a connection per use and closes it after (a SQLite file that may be moved aside);
    read_only opens a SQLite file without write access (a read-only data dir); pragmas run on every new
    SQLite connection (e.g. "synchronous=FULL", which is per connection)."""
    url = url_of(target)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_size=4, max_overflow=8, pool_recycle=1800)
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


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for reads (one consistent snapshot on SQLite); rolled back and returned on exit."""
    with engine.connect() as conn:
        yield conn
