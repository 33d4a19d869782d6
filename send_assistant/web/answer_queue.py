"""The bounded answer queue: answers run on a fixed pool of worker threads, with a fixed number waiting.

Answering is CPU work (embedding, scoring); the event loop must stay free for health checks and for turning
requests away. When every worker is busy and the waiting room is full, `run` raises QueueFull at once, and the
API answers 503 with Retry-After instead of letting latency grow without bound.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")


class QueueFull(Exception):
    """Every answer worker is busy and the waiting room is full."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("the answer queue is full")
        self.retry_after = retry_after


class AnswerQueue:
    """`workers` answers at once, at most `depth` more waiting; the rest are refused immediately.

    max_wait: also refuse when the expected wait (answers ahead / workers x the recent time per answer) is longer,
    so a slow or busy machine turns clients away rather than keep them waiting past it."""

    def __init__(self, workers: int = 2, depth: int = 32, max_wait: float = 5.0) -> None:
        self.workers = max(1, workers)
        self.depth = max(0, depth)
        self.max_wait = max_wait
        self._executor = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="answer")
        self._lock = threading.Lock()
        self._pending = 0  # running + waiting; released when the work really ends, not when a client leaves
        self._seconds = 0.5  # moving average of one answer's time, for Retry-After

    @property
    def pending(self) -> int:
        """Answers running or waiting now."""
        return self._pending

    def retry_after(self) -> int:
        """Seconds after which a refused client may reasonably try again (at least 1)."""
        backlog = (self._pending / self.workers) * self._seconds
        return max(1, min(30, round(backlog) or 1))

    def expected_wait(self) -> float:
        """Seconds a request admitted now would likely wait before a worker takes it."""
        ahead = self._pending - self.workers + 1
        return max(0.0, ahead / self.workers * self._seconds)

    def _admit(self) -> None:
        with self._lock:
            if self._pending >= self.workers + self.depth or self.expected_wait() > self.max_wait:
                raise QueueFull(self.retry_after())
            self._pending += 1

    def _release(self, seconds: float | None) -> None:
        with self._lock:
            self._pending -= 1
            if seconds is not None:
                self._seconds = 0.9 * self._seconds + 0.1 * seconds

    def submit(self, fn: Callable[..., T], *args: Any, **kwargs: Any):
        """Queue fn(*args, **kwargs) on a worker; returns a concurrent Future. Raises QueueFull when full."""
        import time

        self._admit()

        def timed() -> T:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self._release(time.perf_counter() - started)

        try:
            return self._executor.submit(timed)
        except RuntimeError:  # shut down
            self._release(None)
            raise

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Await fn(*args, **kwargs) on a worker thread. Raises QueueFull at once when the queue is full."""
        return await asyncio.wrap_future(self.submit(partial(fn, *args, **kwargs)))

    def shutdown(self) -> None:
        """Stop the workers (waiting answers are dropped)."""
        self._executor.shutdown(wait=False, cancel_futures=True)
