"""/healthz's answer, kept ready: a blocking probe of the index runs in a background thread every few seconds.

The route itself only reads the cached result, so it never waits behind answers. A probe still running after
`timeout` seconds (a Chroma server that stopped answering) turns the result into 503 by itself.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

CHECK_FAILED = "the index could not be checked"
NOT_ANSWERING = "the index did not answer a check within {n} seconds"


class HealthMonitor:
    """Calls `probe` (returning the /healthz dict) at most every `ttl` seconds, off the request path."""

    def __init__(self, probe: Callable[[], dict[str, Any]], ttl: float = 2.0, timeout: float = 10.0,
                 first_wait: float = 5.0) -> None:  # fmt: skip
        self._probe = probe
        self.ttl = ttl
        self.timeout = timeout
        self._lock = threading.Lock()
        self._result: dict[str, Any] | None = None
        self._checked = 0.0  # monotonic time of the last finished probe
        self._running_since: float | None = None
        self._refresh()
        self._thread_done.wait(first_wait)  # the first answer is a real one when the probe is quick

    def _refresh(self) -> None:
        """Start a probe in the background unless one is running (call with or without the lock)."""
        self._running_since = time.monotonic()
        self._thread_done = threading.Event()
        threading.Thread(target=self._run, name="healthz-probe", daemon=True).start()

    def _run(self) -> None:
        try:
            result = dict(self._probe())
        except Exception as exc:  # noqa: BLE001 - any failure is "unavailable", never a traceback
            log.error("health check failed: %s", type(exc).__name__)
            result = {"status": "unavailable", "reason": CHECK_FAILED}
        with self._lock:
            self._result = result
            self._checked = time.monotonic()
            self._running_since = None
        self._thread_done.set()

    def current(self) -> dict[str, Any]:
        """The latest result (never blocks); starts a fresh probe when the latest is older than ttl."""
        now = time.monotonic()
        with self._lock:
            running = self._running_since
            if running is None and now - self._checked >= self.ttl:
                self._refresh()
                running = self._running_since
            result = self._result
        if running is not None and now - running > self.timeout:
            return {"status": "unavailable", "reason": NOT_ANSWERING.format(n=round(self.timeout))}
        if result is None:
            return {"status": "unavailable", "reason": "the index is still being checked"}
        return dict(result)
