"""The feedback database file: private, and never the reason the service stops.

`FeedbackDatabase` owns one SQLite file. It creates it with mode 0600 (SQLite gives its journal the same mode),
checks it on opening, and turns what can go wrong with a file into one of two outcomes:
- corrupted (not a database, malformed): the file is moved aside to NAME.corrupt-<timestamp>, one log line
  says so, and a new empty database is started;
- cannot be written or read (read-only data dir, disk full, file in the way): one log line per change of state,
  and FeedbackUnavailable, with a short reason fit to show an API client (no path, no traceback).
It retries opening on the next write, so feedback resumes by itself once the disk has room again.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from send_assistant.errors import SendAssistantError

logger = logging.getLogger("send_assistant.feedback.store")


@contextmanager
def transaction(path: Path) -> Iterator[sqlite3.Connection]:
    """One connection and transaction per operation (Gradio and FastAPI call from worker threads); always closed."""
    db = sqlite3.connect(path, timeout=10)
    try:
        with db:
            yield db
    finally:
        db.close()


class FeedbackUnavailable(SendAssistantError):  # noqa: N818 - reads as a state, like IndexUnavailable
    """Feedback cannot be saved or read now: the data dir is read-only, the disk is full, or the file is unusable."""


def describe(exc: BaseException) -> str:
    """A short reason an operator can act on; no paths or tracebacks, so it may be shown to API clients."""
    text = str(exc).lower()
    errno = getattr(exc, "errno", None)
    if "full" in text or errno == 28:
        return "the disk is full"
    if "readonly" in text or "read-only" in text or errno == 30 or isinstance(exc, PermissionError):
        return "the data directory is not writable"
    if isinstance(exc, NotADirectoryError | FileExistsError) or "unable to open" in text:
        return "the database file cannot be created in the data directory"
    if "locked" in text:
        return "the database is busy"
    return f"the database cannot be used ({type(exc).__name__})"


class FeedbackDatabase:
    """One SQLite file with a schema; see the module docstring for what happens when the file misbehaves."""

    def __init__(self, path: Path, schema: str, now: Callable[[], datetime]) -> None:
        self.path = Path(path)
        self.schema = schema
        self._now = now
        self._lock = threading.Lock()
        self._ready = False
        self.problem: str | None = None  # why feedback cannot be saved, while it cannot

    @property
    def ready(self) -> bool:
        """True while the file can be written."""
        return self._ready

    def open(self) -> None:
        """Create (0600) or check the database; move a corrupted one aside. Cheap once ready."""
        if self._ready:
            return
        with self._lock:
            for attempt in range(2):
                try:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
                    os.chmod(self.path, 0o600)  # also tightens a file made by an older version
                    with self._connect() as db:
                        db.executescript(self.schema)
                        if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                            raise sqlite3.DatabaseError("database disk image is malformed")
                    break
                except (OSError, sqlite3.OperationalError) as exc:
                    self._unavailable(exc)
                except sqlite3.DatabaseError as exc:
                    if attempt:
                        self._unavailable(exc)
                    self._move_aside(exc)
            if self.problem:
                logger.warning("feedback can be saved again")
            self._ready, self.problem = True, None

    def write(self, sql: str, args: tuple = ()) -> sqlite3.Cursor:
        """Run one write; FeedbackUnavailable when it cannot be saved. Corruption found now is repaired once."""
        for attempt in range(2):
            self.open()
            try:
                with self._connect() as db:
                    return db.execute(sql, args)
            except sqlite3.OperationalError as exc:
                self._unavailable(exc)
            except sqlite3.DatabaseError as exc:
                if attempt:
                    self._unavailable(exc)
                with self._lock:
                    self._ready = False
                    self._move_aside(exc)
        raise AssertionError("unreachable")  # the loop returns or raises

    def read(self, sql: str, args: tuple = ()) -> list[tuple]:
        """All rows of a query; a store that cannot be written is still read when the file allows it."""
        try:
            self.open()
            connect = self._connect
        except FeedbackUnavailable:
            if not self.path.is_file():
                raise FeedbackUnavailable(f"feedback cannot be read: {self.problem}") from None
            connect = self._connect_read_only
        try:
            with connect() as db:
                return db.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:
            self._unavailable(exc, "read")

    def _unavailable(self, exc: BaseException, action: str = "saved") -> NoReturn:
        self._ready = False
        problem = describe(exc)
        if problem != self.problem:  # one line per change of state, not one per request
            logger.error("feedback cannot be %s (%s): %s", action, self.path, problem)
        self.problem = problem
        raise FeedbackUnavailable(f"feedback cannot be {action}: {problem}") from None

    def _move_aside(self, exc: BaseException) -> None:
        stamp = self._now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for suffix in ("", "-journal", "-wal", "-shm"):
            part = Path(f"{self.path}{suffix}")
            if part.exists():
                part.replace(Path(f"{aside}{suffix}"))
        logger.error("feedback database %s was unreadable (%s): moved it to %s, starting a new one", self.path, exc,
                     aside.name)  # fmt: skip

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self.path)

    @contextmanager
    def _connect_read_only(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            yield db
        finally:
            db.close()
