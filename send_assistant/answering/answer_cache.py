"""Recent answers, so a question asked again in the same area of the same index is not worked out again.

Many people ask the same few questions ("What is an EHC plan?"); the pipeline answers a question the same way
every time for one index version, so its answer can be reused until an ingest publishes a new version (the
version is part of the key). Only first questions are kept (a follow-up depends on its history), and never an
error. A reused answer is a copy with its own id and timings, and is recorded like any other (issue 9).
"""

from __future__ import annotations

import copy
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Hashable

from send_assistant.answering.answer import ERROR, Answer

SIZE = 512  # answers kept per process (a few tens of KB each with their passages)


class AnswerCache:
    """The last `size` answers by (index version, question, area, audience); safe to share between threads."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._answers: OrderedDict[Hashable, Answer] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0

    @staticmethod
    def key(version: object, question: str, area: str, audience: str) -> Hashable | None:
        """The cache key, or None when the index has no version to tell its changes by (nothing is kept)."""
        if version is None:
            return None
        return (version, question, area, audience)

    def get(self, key: Hashable, id: str | None = None) -> Answer | None:  # noqa: A002 - the contract's field name
        """A copy of the kept answer for key (with `id`, or a new one), or None."""
        started = time.perf_counter()
        with self._lock:
            kept = self._answers.get(key)
            if kept is None:
                return None
            self._answers.move_to_end(key)
            self.hits += 1
        answer = copy.deepcopy(kept)
        answer.id = str(id) if id else uuid.uuid4().hex[:16]
        elapsed = (time.perf_counter() - started) * 1000.0
        answer.timings_ms = {"answer_cache": elapsed, "total": elapsed}
        return answer

    def put(self, key: Hashable, answer: Answer) -> None:
        """Keep a copy of the answer (not an error: a failure may be passing)."""
        if answer.status == ERROR:
            return
        kept = copy.deepcopy(answer)
        with self._lock:
            self._answers[key] = kept
            self._answers.move_to_end(key)
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)
