"""The bounded answer queue and the health route, over a real server with a fake Assistant (no model).

Answers run on a fixed pool of workers with a bounded waiting room: a full queue is 503 + Retry-After at once,
/healthz answers while every worker is busy, and a store that cannot be reached is 503 + Retry-After with an
"error" Answer. No timed asserts: a wait that should not happen shows up as a client timeout.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
from servers.launch import ThreadedServer
from web_fakes import FakeAssistant

from send_assistant.errors import IndexUnavailableError
from send_assistant.web.app import create_app

QUESTION = {"question": "How do I get an EHC needs assessment?", "area": "Bedford Borough"}


class BlockingAssistant(FakeAssistant):
    """Answers only once `release` is set; `started` counts answers being worked on."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.release = threading.Event()
        self.started = threading.Semaphore(0)

    def ask(self, *args, **kwargs):
        self.started.release()
        assert self.release.wait(30), "never released"
        return super().ask(*args, **kwargs)


def test_healthz_answers_while_every_worker_is_busy_and_a_full_queue_is_refused(settings, recorder) -> None:
    assistant = BlockingAssistant(on_answer=recorder)
    limited = dataclasses.replace(settings, answer_workers=1, answer_queue=1)
    app = create_app(assistant, limited, recorder=recorder)
    queue = app.state.answer_queue
    with (
        ThreadedServer(app) as server,
        ThreadPoolExecutor(2) as pool,
        httpx.Client(base_url=server.url, timeout=20) as http,
    ):
        running = pool.submit(http.post, "/api/ask", json=QUESTION)
        assert assistant.started.acquire(timeout=20)  # the one worker is busy
        waiting = pool.submit(http.post, "/api/ask", json=QUESTION)  # ...and this one fills the waiting room
        try:
            _wait_for(lambda: queue.pending == 2)
            health = http.get("/healthz", timeout=5)
            assert health.status_code == 200 and health.json()["status"] == "ok"
            refused = http.post("/api/ask", json=QUESTION, timeout=5)
            assert refused.status_code == 503 and int(refused.headers["Retry-After"]) >= 1
            assert refused.json()["status"] == "error" and "Traceback" not in refused.text
        finally:
            assistant.release.set()
        assert running.result().status_code == 200 and waiting.result().status_code == 200
        assert http.post("/api/ask", json=QUESTION).json()["status"] == "answered"  # the queue drained


def _wait_for(condition) -> None:
    for _ in range(1000):
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("condition never became true")


def test_store_unavailable_is_503_with_retry_after(settings, recorder) -> None:
    class StoreDown(FakeAssistant):
        def ask(self, *args, **kwargs):
            raise IndexUnavailableError("the Chroma store failed while searching: connection refused")

    with ThreadedServer(create_app(StoreDown(), settings, recorder=recorder)) as server:
        response = httpx.post(server.url + "/api/ask", json={**QUESTION, "id": "q-9"}, timeout=20)
    assert response.status_code == 503 and int(response.headers["Retry-After"]) >= 1
    body = response.json()
    assert body["status"] == "error" and body["id"] == "q-9" and "Chroma" not in response.text


def test_health_probe_failure_is_503_with_a_reason(settings, recorder) -> None:
    class Unhealthy(FakeAssistant):
        def health(self):
            return {"status": "unavailable", "reason": "the index is empty: run `send-assistant ingest`"}

    with ThreadedServer(create_app(Unhealthy(), settings, recorder=recorder)) as server:
        response = httpx.get(server.url + "/healthz", timeout=20)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "the index is empty: run `send-assistant ingest`"}


def test_bounded_load_gets_only_answers_or_clean_refusals(settings, recorder) -> None:
    """40 requests from 10 concurrent clients on loopback: every reply is 200, 429 or 503; none fails."""
    app = create_app(FakeAssistant(on_answer=recorder), settings, recorder=recorder)

    async def load(url: str) -> list[int]:
        codes: list[int] = []
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:

            async def worker(n: int) -> None:
                for i in range(4):
                    response = await client.post("/api/ask", json={**QUESTION, "id": f"c{n}-{i}"})
                    codes.append(response.status_code)
                    if response.status_code == 200:
                        assert response.json()["id"] == f"c{n}-{i}"

            await asyncio.gather(*(worker(n) for n in range(10)))
        return codes

    with ThreadedServer(app) as server:
        codes = asyncio.run(load(server.url))
    assert len(codes) == 40 and set(codes) <= {200, 429, 503} and codes.count(200) > 0


def test_queue_refuses_when_the_expected_wait_is_too_long() -> None:
    """A deep waiting room still turns clients away once the wait it promises is longer than max_wait."""
    from send_assistant.web.answer_queue import AnswerQueue, QueueFull

    queue = AnswerQueue(workers=1, depth=100, max_wait=1.0)  # 0.5 s per answer assumed until one finishes
    release = threading.Event()
    futures = []
    try:
        while len(futures) < 100:
            try:
                futures.append(queue.submit(release.wait, 30))
            except QueueFull as full:
                assert full.retry_after >= 1
                break
        assert len(futures) == 3  # one running, two waiting: a fourth would wait 1.5 s
    finally:
        release.set()
    assert all(f.result(timeout=30) for f in futures) and queue.pending == 0
