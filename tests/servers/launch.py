"""Servers for tests, on 127.0.0.1 and free ports only: a command in its own process or an ASGI app in a thread.

    from servers.launch import ServerProcess, free_port, healthz_ok, port_open

    with ServerProcess([...argv], ready=healthz_ok(url), log=tmp / "server.log") as server:
        ...  # server.pid, server.log_tail()

starts the command with its output in the log, waits until `ready()` is true (a port that accepts, a URL that
answers), fails with the log's tail when the process dies or the wait runs out, and stops it by PID (SIGTERM,
then SIGKILL). Any server a test needs (the app, `chroma run`, PostgreSQL) can start this way.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

HOST = "127.0.0.1"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def send_assistant_command() -> list[str]:
    """The installed `send-assistant` console script beside this Python, else the same entry point as a module."""
    script = Path(sys.executable).with_name("send-assistant")
    return [str(script)] if script.exists() else [sys.executable, "-m", "send_assistant.cli.main"]


def port_open(port: int, host: str = HOST) -> Callable[[], bool]:
    """Ready when something accepts TCP connections on host:port."""

    def ready() -> bool:
        try:
            with socket.create_connection((host, port), timeout=2):
                return True
        except OSError:
            return False

    return ready


def url_ok(url: str, accept: Callable[[bytes], bool] | None = None, timeout_s: float = 5) -> Callable[[], bool]:
    """Ready when GET url answers 2xx (and `accept(body)` is true, when given)."""

    def ready() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=timeout_s) as response:
                return 200 <= response.status < 300 and (accept is None or accept(response.read()))
        except (OSError, ValueError):
            return False

    return ready


def healthz_ok(base_url: str) -> Callable[[], bool]:
    """Ready when the app's GET /healthz says {"status": "ok"}."""
    return url_ok(base_url + "/healthz", lambda body: json.loads(body).get("status") == "ok")


def wait_until(
    ready: Callable[[], bool],
    what: str,
    timeout_s: float,
    alive: Callable[[], bool] = lambda: True,
    detail: Callable[[], str] = str,
    poll_s: float = 0.2,
) -> None:
    """Poll `ready()` until true; RuntimeError naming `what` and `detail()` if `alive()` fails or time runs out."""
    deadline = time.monotonic() + timeout_s
    while not ready():
        if not alive():
            raise RuntimeError(f"{what} stopped before it was ready: {detail()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} was not ready after {timeout_s:g} s: {detail()}")
        time.sleep(poll_s)


class ServerProcess:
    """A command started in the background, waited for until ready, stopped by PID; its output in a log file.

    With `log=None` the output goes to this process's stderr (a driver script whose stderr is read by a test).
    """

    def __init__(
        self,
        argv: Sequence[str],
        ready: Callable[[], bool],
        *,
        log: Path | None,
        env: dict | None = None,
        cwd: Path = PROJECT_ROOT,
        timeout_s: float = 60,
        poll_s: float = 0.2,
        stop_signal: int = signal.SIGTERM,
        stop_timeout_s: float = 15,
    ) -> None:
        self.argv, self.ready, self.log, self.env, self.cwd = list(argv), ready, log, env, cwd
        self.timeout_s, self.poll_s = timeout_s, poll_s
        self.stop_signal, self.stop_timeout_s = stop_signal, stop_timeout_s
        self.proc: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None, "not started"
        return self.proc.pid

    def log_tail(self, chars: int = 3000) -> str:
        """The end of the server's output (empty when it goes to stderr)."""
        if self.log is None or not self.log.exists():
            return ""
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]

    def start(self) -> ServerProcess:
        """Start the command and wait until it is ready; a server that fails is stopped before the error is raised."""
        # appended: a server started again (a restart) keeps what it said before
        out = open(self.log, "ab") if self.log is not None else sys.stderr  # noqa: SIM115 - closed below
        try:
            self.proc = subprocess.Popen(self.argv, cwd=self.cwd, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        finally:
            if out is not sys.stderr:
                out.close()  # the child holds its own copy
        try:
            wait_until(
                self.ready,
                " ".join(self.argv[:3]),
                self.timeout_s,
                alive=lambda: self.proc.poll() is None,
                detail=self.log_tail,
                poll_s=self.poll_s,
            )
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> int | None:
        """Stop by PID: the stop signal, then SIGKILL if it has not ended in time; returns the exit status."""
        if self.proc is None or self.proc.poll() is not None:
            return None if self.proc is None else self.proc.returncode
        os.kill(self.proc.pid, self.stop_signal)
        try:
            return self.proc.wait(timeout=self.stop_timeout_s)
        except subprocess.TimeoutExpired:
            os.kill(self.proc.pid, signal.SIGKILL)
            return self.proc.wait()

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class ThreadedServer:
    """`with ThreadedServer(app) as server:` serves an ASGI app with uvicorn in a thread at server.url (no slash)."""

    def __init__(self, app, timeout_s: float = 30, **options) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        options = {"log_level": "warning", "access_log": False, **options}
        self.server = uvicorn.Server(uvicorn.Config(app, host=HOST, port=self.port, **options))
        self.timeout_s = timeout_s
        self._thread = threading.Thread(target=self.server.run, name="test-server", daemon=True)

    def __enter__(self) -> ThreadedServer:
        self._thread.start()
        wait_until(
            lambda: self.server.started, "the test server", self.timeout_s, alive=self._thread.is_alive, poll_s=0.02
        )
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=2)
        if self._thread.is_alive():
            # A client still holds a connection open (a Gradio client's event stream does until it is collected):
            # uvicorn would wait for it; the test is done with the server, so close it now.
            self.server.force_exit = True
            self._thread.join(timeout=15)
