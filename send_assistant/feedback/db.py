"""The feedback database: private, and never the reason the service stops.

`FeedbackDatabase` owns the feedback tables in the project's database (send_assistant.database): by default one
SQLite file under the data dir, or with SEND_ASSISTANT_DATABASE_URL a PostgreSQL database every replica writes to.
It turns what can go wrong into one of two outcomes:
- corrupted (SQLite: not a database, malformed): the file is moved aside to NAME.corrupt-<timestamp>, one log
  line says so, and a new empty database is started;
- cannot be written or read (read-only data dir, disk full, file in the way, database server unreachable): one
  log line per change of state, and FeedbackUnavailable, with a short reason fit to show an API client (no path,
  no URL, no traceback).
A SQLite file is created with mode 0600 (SQLite gives its journal the same mode). Opening is retried on the next
write, so feedback resumes by itself once the disk has room again or the server is back.
"""

from __future__ import annotations

import logging
import os
import sqlite3  # noqa: F401 - the driver under SQLAlchemy; tests patch sqlite3.connect to fill the disk
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from sqlalchemy import Engine, Executable, MetaData, text
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError

from send_assistant import database
from send_assistant.errors import SendAssistantError

logger = logging.getLogger("send_assistant.feedback.store")
_MALFORMED = "database disk image is malformed"  # what SQLite says; PRAGMA quick_check finding damage says it too


class FeedbackUnavailable(SendAssistantError):  # noqa: N818 - reads as a state, like IndexUnavailable
    """Feedback cannot be saved or read now: the data dir is read-only, the disk is full, or the file is unusable."""


def describe(exc: BaseException) -> str:
    """A short reason an operator can act on; no paths or tracebacks, so it may be shown to API clients."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    errno = getattr(exc, "errno", None)
    if "connection" in text or "could not translate host" in text or "timeout expired" in text:
        return "the database server cannot be reached"
    if "full" in text or errno == 28:
        return "the disk is full"
    if "readonly" in text or "read-only" in text or errno == 30 or isinstance(exc, PermissionError):
        return "the data directory is not writable"
    if isinstance(exc, NotADirectoryError | FileExistsError) or "unable to open" in text:
        return "the database file cannot be created in the data directory"
    if "locked" in text:
        return "the database is busy"
    return f"the database cannot be used ({type(getattr(exc, 'orig', None) or exc).__name__})"


@dataclass(frozen=True)
class Written:
    """What a write did: rows changed, and the first value it returned (an inserted row's id)."""

    rowcount: int
    returned: object = None


class FeedbackDatabase:
    """Tables in one database; see the module docstring for what happens when it misbehaves.

    `target` is a SQLite file (Path) or a database URL; `tables` the SQLAlchemy metadata of the tables to keep."""

    def __init__(self, target: Path | str, tables: MetaData, now: Callable[[], datetime]) -> None:
        self.path = database.as_target(target)
        self.file = database.sqlite_file(self.path)  # None on a database server
        self.tables = tables
        self._now = now
        self._lock = threading.Lock()
        self._ready = False
        self._engine: Engine | None = None
        self.problem: str | None = None  # why feedback cannot be saved, while it cannot

    @property
    def ready(self) -> bool:
        """True while the database can be written."""
        return self._ready

    def _get_engine(self) -> Engine:
        if self._engine is None:
            # SQLite: a connection per operation (the file may be moved aside); a server: one pool per process.
            self._engine = database.shared(self.path) if self.file is None else database.create(self.path, pooled=False)
        return self._engine

    def open(self) -> None:
        """Create (SQLite: mode 0600) or check the tables; move a corrupted file aside. Cheap once ready."""
        if self._ready:
            return
        with self._lock:
            for attempt in range(2):
                try:
                    if self.file is not None:
                        self.file.parent.mkdir(parents=True, exist_ok=True)
                        os.close(os.open(self.file, os.O_RDWR | os.O_CREAT, 0o600))
                        os.chmod(self.file, 0o600)  # also tightens a file made by an older version
                    with database.writing(self._get_engine(), database.SCHEMA_LOCK) as db:
                        self.tables.create_all(db)
                        if self.file is not None and db.exec_driver_sql("PRAGMA quick_check").scalar() != "ok":
                            raise DatabaseError("PRAGMA quick_check", None, Exception(_MALFORMED))
                    break
                except (OSError, OperationalError) as exc:
                    self._unavailable(exc)
                except SQLAlchemyError as exc:
                    if attempt or self.file is None:
                        self._unavailable(exc)
                    self._move_aside(exc)
            if self.problem:
                logger.warning("feedback can be saved again")
            self._ready, self.problem = True, None

    def write(self, statement: Executable) -> Written:
        """Run one write in its own transaction; FeedbackUnavailable when it cannot be saved. Corruption of a
        SQLite file found now is repaired once."""
        for attempt in range(2):
            self.open()
            try:
                with database.writing(self._get_engine()) as db:
                    result = db.execute(statement)
                    return Written(result.rowcount, result.scalar() if result.returns_rows else None)
            except OperationalError as exc:
                self._unavailable(exc)
            except SQLAlchemyError as exc:
                if attempt or self.file is None:
                    self._unavailable(exc)
                with self._lock:
                    self._ready = False
                    self._move_aside(exc)
        raise AssertionError("unreachable")  # the loop returns or raises

    def read(self, sql: str, args: dict | None = None) -> list[tuple]:
        """All rows of a query; a SQLite file that cannot be written is still read when the file allows it."""
        engine = None
        try:
            self.open()
            engine = self._get_engine()
        except FeedbackUnavailable:
            if self.file is None or not self.file.is_file():
                raise FeedbackUnavailable(f"feedback cannot be read: {self.problem}") from None
        try:
            if engine is not None:
                with database.reading(engine) as db:
                    return [tuple(r) for r in db.execute(text(sql), args or {})]
            return read_rows(self.path, sql, args)
        except SQLAlchemyError as exc:
            self._unavailable(exc, "read")

    def _unavailable(self, exc: BaseException, action: str = "saved") -> NoReturn:
        self._ready = False
        problem = describe(exc)
        if problem != self.problem:  # one line per change of state, not one per request
            logger.error("feedback cannot be %s (%s): %s", action, database.shown(self.path), problem)
        self.problem = problem
        raise FeedbackUnavailable(f"feedback cannot be {action}: {problem}") from None

    def _move_aside(self, exc: BaseException) -> None:
        assert self.file is not None  # only a SQLite file is ever moved aside
        stamp = self._now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = self.file.with_name(f"{self.file.name}.corrupt-{stamp}")
        for suffix in ("", "-journal", "-wal", "-shm"):
            part = Path(f"{self.file}{suffix}")
            if part.exists():
                part.replace(Path(f"{aside}{suffix}"))
        reason = getattr(exc, "orig", None) or exc
        logger.error("feedback database %s was unreadable (%s): moved it to %s, starting a new one", self.file,
                     reason, aside.name)  # fmt: skip


def read_rows(target: Path | str, sql: str, args: dict | None = None) -> list[tuple]:
    """Rows of one query, opening a SQLite file read-only (a read-only data dir); [] when the file does not exist.

    Raises FeedbackUnavailable (with a short reason) when the database cannot be read."""
    target = database.as_target(target)
    file = database.sqlite_file(target)
    if file is not None and not file.is_file():
        return []
    engine = database.shared(target) if file is None else database.create(target, pooled=False, read_only=True)
    try:
        with database.reading(engine) as db:
            return [tuple(r) for r in db.execute(text(sql), args or {})]
    except SQLAlchemyError as exc:
        raise FeedbackUnavailable(f"feedback cannot be read: {describe(exc)}") from None
    finally:
        if file is not None:
            engine.dispose()
