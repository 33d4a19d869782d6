"""tests/servers/launch.py: start a command, wait for its port or URL, stop it by PID, keep its log."""

from __future__ import annotations

import os
import sys

import pytest
from servers.launch import ServerProcess, ThreadedServer, free_port, port_open, url_ok, wait_until


def _http_server(port: int) -> list[str]:
    return [sys.executable, "-u", "-m", "http.server", str(port), "--bind", "127.0.0.1"]


def test_a_command_is_started_waited_for_by_url_and_stopped_by_pid(tmp_path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    (tmp_path / "hello.txt").write_text("hello")
    with ServerProcess(_http_server(port), url_ok(url + "hello.txt", lambda body: body == b"hello"),
                       log=tmp_path / "server.log", cwd=tmp_path) as server:  # fmt: skip
        assert url_ok(url + "hello.txt")()
        pid = server.pid
    assert server.proc.returncode is not None  # stopped, and waited for
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert "GET /hello.txt" in server.log_tail()  # the server's own output is in the log
    assert not port_open(port)()


def test_waiting_for_a_port(tmp_path) -> None:
    port = free_port()
    assert not port_open(port)()
    with ServerProcess(_http_server(port), port_open(port), log=tmp_path / "log", cwd=tmp_path):
        assert port_open(port)()


def test_a_command_that_dies_fails_with_its_log(tmp_path) -> None:
    argv = [sys.executable, "-c", "import sys; print('bad config: no such file'); sys.exit(3)"]
    with pytest.raises(RuntimeError, match="stopped before it was ready: bad config: no such file"):
        ServerProcess(argv, port_open(free_port()), log=tmp_path / "log").start()


def test_a_command_that_never_gets_ready_is_stopped(tmp_path) -> None:
    server = ServerProcess([sys.executable, "-c", "import time; time.sleep(60)"], lambda: False,
                           log=tmp_path / "log", timeout_s=0.5, poll_s=0.05)  # fmt: skip
    with pytest.raises(RuntimeError, match="was not ready after 0.5 s"):
        server.start()
    assert server.proc.returncode is not None


def test_wait_until_returns_as_soon_as_ready() -> None:
    calls = []
    wait_until(lambda: calls.append(1) or len(calls) == 3, "thing", timeout_s=10, poll_s=0)
    assert len(calls) == 3


def test_an_asgi_app_in_a_thread() -> None:
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"ok"})

    with ThreadedServer(app) as server:
        assert url_ok(server.url + "/", lambda body: body == b"ok")()
    assert not port_open(server.port)()


def test_a_server_started_again_keeps_its_earlier_log(tmp_path) -> None:
    port = free_port()
    server = ServerProcess(_http_server(port), port_open(port), log=tmp_path / "log", cwd=tmp_path)
    for _ in range(2):  # stopped and started again on the same port, as an operator restarting it
        with server:
            assert port_open(port)()
    assert server.log_tail().count("Serving HTTP on") == 2
