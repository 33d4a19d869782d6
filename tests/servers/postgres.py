"""A throwaway PostgreSQL server for tests: Debian's postgresql binaries, a temp data dir, a free loopback port.

Use the pytest fixtures (tests/conftest.py makes them available everywhere):
- `postgres_server` (session): one running server; `.url(name)` is a SQLAlchemy URL, `.create_database()`
  makes a fresh empty database and returns its URL;
- `postgres_url`: a fresh database per test (its URL, `postgresql://postgres@127.0.0.1:PORT/NAME`);
- `database_target`: parametrised over "sqlite" (a file in tmp_path) and "postgresql" (a fresh database), for
  suites that must pass on both.

Without the binaries these tests are skipped, except where SEND_ASSISTANT_REQUIRE_POSTGRES=1 or CI is set (as
`make test` does, after installing postgresql with apt): then a missing server is a failure. The server runs as
the `postgres` user when the tests run as root (it refuses root), trusts loopback connections, and is stopped by
its PID when the session ends.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from servers.launch import free_port, wait_until

READY_TIMEOUT_S = 60.0


def postgres_bin() -> Path | None:
    """The folder with initdb and pg_ctl (the newest installed major version), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def required() -> bool:
    """Whether a missing PostgreSQL must fail the run rather than skip (CI, `make test`)."""
    return os.environ.get("SEND_ASSISTANT_REQUIRE_POSTGRES") == "1" or bool(os.environ.get("CI"))


def installed_bin() -> Path:
    """`postgres_bin()`, or the test fails (when required) or skips: PostgreSQL is not installed."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        message = "PostgreSQL is not installed (make test installs it: apt-get install postgresql)"
        if required():
            pytest.fail(message)
        pytest.skip(message)
    return bin_dir


class PostgresServer:
    """One postgres process in a temp folder; `start` and `stop` (by PID)."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.port = 0
        self.pid: int | None = None
        self.folder: Path | None = None
        self._names = itertools.count(1)

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        command = list(args)
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    def start(self) -> PostgresServer:
        """initdb a temp data dir and start the server on a free loopback port; raises when it does not come up."""
        # Not under pytest's tmp dirs: those are 0700 root, which the postgres user cannot enter.
        self.folder = Path(tempfile.mkdtemp(prefix="send-assistant-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        data = self.folder / "data"
        done = self._run(str(self.bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr.strip()[-500:]}")
        for _ in range(5):  # a port taken between choosing and binding: choose again
            self.port = free_port()
            done = self._pg_ctl_start()
            if done.returncode == 0:
                break
        else:
            raise RuntimeError(f"postgres did not start: {done.stdout.strip()[-500:]}")
        self.pid = int((data / "postmaster.pid").read_text().split()[0])
        self._wait_ready()
        return self

    def _pg_ctl_start(self) -> subprocess.CompletedProcess:
        data = self.folder / "data"
        options = f"-p {self.port} -k {self.folder} -h 127.0.0.1 -c fsync=off -c full_page_writes=off"
        log = self.folder / "server.log"
        return self._run(str(self.bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
                         "-o", options, "start")  # fmt: skip

    def pause(self) -> None:
        """Stop the server by its PID but keep its data, so `resume` starts it again on the same port."""
        self._kill()

    def resume(self) -> None:
        """Start a paused server again (same port, same databases) and wait until it accepts connections."""
        done = self._pg_ctl_start()
        if done.returncode:
            raise RuntimeError(f"postgres did not start again: {done.stdout.strip()[-500:]}")
        self.pid = int((self.folder / "data" / "postmaster.pid").read_text().split()[0])
        self._wait_ready()

    def _wait_ready(self) -> None:
        import psycopg

        def connects() -> bool:
            try:
                psycopg.connect(self.dsn("postgres"), connect_timeout=2).close()
                return True
            except psycopg.OperationalError:
                return False

        wait_until(connects, "postgres", READY_TIMEOUT_S, detail=self._log_tail, poll_s=0.1)

    def _log_tail(self) -> str:
        log = self.folder / "server.log" if self.folder else None
        return log.read_text(errors="replace")[-2000:] if log and log.exists() else ""

    def dsn(self, database: str) -> str:
        """A libpq connection string for a database on this server."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def url(self, database: str) -> str:
        """The SEND_ASSISTANT_DATABASE_URL of a database on this server."""
        return self.dsn(database)

    def create_database(self, prefix: str = "t") -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"{prefix}_{next(self._names)}"
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server by its PID (fast shutdown, then SIGKILL) and remove its folder."""
        self._kill()
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _kill(self) -> None:
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGINT)  # postgres: SIGINT is a fast shutdown
                for _ in range(200):
                    os.kill(self.pid, 0)
                    time.sleep(0.05)
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.pid = None


@pytest.fixture(scope="session")
def postgres_server():
    """A running throwaway PostgreSQL for the session (skipped without the binaries unless required)."""
    server = PostgresServer(installed_bin())
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """A fresh, empty database on the session's server."""
    return postgres_server.create_database()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.servers)])
def database_target(request, tmp_path: Path) -> Path | str:
    """The database a store is opened on: a SQLite file under tmp_path, or a fresh PostgreSQL database URL."""
    if request.param == "sqlite":
        return tmp_path / "db" / "store.sqlite3"
    return request.getfixturevalue("postgres_url")
