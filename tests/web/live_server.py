"""A real uvicorn server in a background thread on a free loopback port, for tests that need concurrency."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`with LiveServer(app) as server:` serves app at server.url until the block ends."""

    def __init__(self, app) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.url = f"http://127.0.0.1:{config.port}"
        self._thread = threading.Thread(target=self.server.run, name="live-server", daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=15)
