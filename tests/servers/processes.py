"""The processes of a many-replica deployment, for integration tests: `chroma run` and `send-assistant serve`.

Built on servers/launch.py (free loopback ports, wait until ready, stop by PID). `ChromaServer` can be stopped and
started again on the same port and folder, as an operator restarting it would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from launch import ServerProcess, free_port, healthz_ok, send_assistant_command, url_ok
from postgres import PostgresServer, installed_bin

from send_assistant.settings import OFFLINE_ENV, PROJECT_ROOT

READY_TIMEOUT_S = 480.0  # a replica loads torch, MiniLM, the safeguarding model and Gradio: minutes on a busy machine


def clean_env(**settings: str) -> dict[str, str]:
    """This environment without any SEND_ASSISTANT_* variable, plus the offline switches and `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEND_ASSISTANT_")}
    env.update(OFFLINE_ENV)
    env.update(settings)
    return env


class ChromaServer(ServerProcess):
    """`chroma run --path FOLDER --host 127.0.0.1 --port P`; `url` is its SEND_ASSISTANT_CHROMA_URL."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        chroma = Path(sys.executable).with_name("chroma")
        argv = [str(chroma), "run", "--path", str(folder), "--host", "127.0.0.1", "--port", str(self.port)]
        folder.parent.mkdir(parents=True, exist_ok=True)
        ready = url_ok(self.url + "/api/v2/heartbeat")
        super().__init__(argv, ready, log=folder.parent / "chroma.log", env=clean_env(), timeout_s=60)


class Replica(ServerProcess):
    """`send-assistant serve` on a free port with its own data dir and the given shared settings."""

    def __init__(self, name: str, data_dir: Path, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        argv = [*send_assistant_command(), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        own = clean_env(**env, SEND_ASSISTANT_DATA_DIR=str(data_dir))
        super().__init__(argv, healthz_ok(self.url), log=data_dir.parent / f"{name}.log", env=own,
                         timeout_s=READY_TIMEOUT_S)  # fmt: skip


@contextmanager
def private_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server of the caller's own, so stopping it disturbs no other test (fails when PostgreSQL is
    missing and required, as the session's `postgres_server` does; skips otherwise)."""
    server = PostgresServer(installed_bin()).start()
    try:
        yield server
    finally:
        server.stop()


def run_cli(*args: str, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    """Run `send-assistant ARGS` to completion with this environment (its own, not the test's)."""
    return subprocess.run(
        [*send_assistant_command(), *args],
        env=clean_env(**env),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
