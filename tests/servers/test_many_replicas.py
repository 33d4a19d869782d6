"""Many replicas on real servers (issue 10): `chroma run`, PostgreSQL and two `send-assistant serve` processes.

The deployment README "Deploying for many councils" describes: each replica has its own data dir and shares only
SEND_ASSISTANT_CHROMA_URL and SEND_ASSISTANT_DATABASE_URL. An ingest run through one replica's data dir is cited by
the other on its next question (its BM25 index for the area is built from the shared store then); with Chroma
stopped, or PostgreSQL, both say 503 and recover when it is back; feedback given through either lands in one store.

Real processes, the real shipped MiniLM, a corpus of three tiny documents. Selected with `-m servers`.
"""

from __future__ import annotations

import itertools
import json
import threading
from pathlib import Path

import httpx
import pytest
from launch import wait_until
from processes import ChromaServer, Replica, private_postgres, run_cli

from send_assistant.ingest.lexical_areas import area_key
from send_assistant.ingest.lexical_sync import SYNCED_DIR

pytestmark = [pytest.mark.servers, pytest.mark.model]

AREA = "Northby"
NATIONAL = {
    "ehc-assessment.md": "# EHC needs assessment\n\nThe council must decide whether to carry out an EHC needs "
    "assessment within 6 weeks of a request. The whole process, from the request to the final EHC plan, must take "
    "no more than 20 weeks.",
    "short-breaks.md": "# Short breaks\n\nShort breaks give parent carers of disabled children a rest from caring. "
    "The council decides on a short breaks request within four weeks.",
}
NEW_DOC = (
    "lantern-sensory-club.md",
    "# Lantern Sensory Club\n\nThe Lantern Sensory Club is a free sensory play group in Northby for disabled "
    "children under five. It meets every Tuesday morning from 10am to 11.30am at Northby Family Hub. Book a place "
    "by emailing lantern@northby.example.org.",
)
NEW_QUESTION = {
    "question": "Is there a sensory play group for under fives in Northby?",
    "area": AREA,
    "audience": "parent",
}
NATIONAL_QUESTION = {"question": "How long does an EHC needs assessment take?", "area": ""}


class Deployment:
    """Chroma server, one PostgreSQL database and two replicas, each with its own data dir."""

    def __init__(self, root: Path, database_url: str) -> None:
        self.root = root
        self.docs = root / "docs"
        self.docs.mkdir()
        self.chroma = ChromaServer(root / "chroma")
        self.shared = {
            "SEND_ASSISTANT_CHROMA_URL": self.chroma.url,
            "SEND_ASSISTANT_DATABASE_URL": database_url,
            "SEND_ASSISTANT_RATE_LIMIT": "off",  # the tests ask one replica repeatedly while Chroma restarts
        }
        self.a = Replica("replica-a", root / "a" / "data", self.shared)
        self.b = Replica("replica-b", root / "b" / "data", self.shared)

    def env(self, replica: Replica) -> dict[str, str]:
        """The environment of a command run on a replica's host: its data dir and the shared servers."""
        return {**self.shared, "SEND_ASSISTANT_DATA_DIR": str(replica.data_dir)}

    def ingest(self, replica: Replica, names: dict[str, str], *extra: str) -> dict:
        """`send-assistant ingest PATH... --json` on a replica's host; returns the summary."""
        paths = []
        for name, text in names.items():
            (self.docs / name).write_text(text + "\n", encoding="utf-8")
            paths.append(str(self.docs / name))
        done = run_cli("ingest", *paths, *extra, "--json", env=self.env(replica))
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout)

    def stop(self) -> None:
        for process in (self.a, self.b, self.chroma):
            process.stop()


@pytest.fixture(scope="module")
def postgres():
    with private_postgres() as server:  # its own server: the last test stops it
        yield server


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, postgres, share_safeguarding_cache):
    deployment = Deployment(tmp_path_factory.mktemp("replicas"), postgres.create_database("replicas"))
    try:
        deployment.chroma.start()
        # The safeguarding classifier's embedded training phrasings, embedded once per test session (conftest.py)
        # rather than once per host, as a replica image made from another host would carry them.
        for replica in (deployment.a, deployment.b):
            share_safeguarding_cache(replica.data_dir)
        summary = deployment.ingest(deployment.a, NATIONAL)
        assert summary["added"] == 2 and summary["failed"] == 0, summary
        deployment.a.start()
        deployment.b.start()
        yield deployment
    finally:
        deployment.stop()


class Asker(threading.Thread):
    """Asks NATIONAL_QUESTION every PAUSE_S until stopped; records (HTTP status, answer status, cites the passage)."""

    PAUSE_S = 0.5

    def __init__(self, replica: Replica) -> None:
        super().__init__(daemon=True)
        self.replica = replica
        self.stop = threading.Event()
        self.replies: list[tuple[int, str | None, bool]] = []

    def run(self) -> None:
        while not self.stop.wait(self.PAUSE_S):
            try:
                response = ask(self.replica, NATIONAL_QUESTION)
                body = response.json()
            except (httpx.HTTPError, ValueError) as exc:
                self.replies.append((0, type(exc).__name__, False))
                continue
            self.replies.append((response.status_code, body.get("status"), cites(body, "20 weeks")))


def ask(replica: Replica, body: dict) -> httpx.Response:
    return httpx.post(replica.url + "/api/ask", json=body, timeout=120)


_asked = itertools.count(1)


def uncached(body: dict) -> dict:
    """The question made unique, so no replica can answer it from its kept answers (answer_cache.py)."""
    return {**body, "question": f"{body['question']} (check {next(_asked)})"}


def cites(answer: dict, words: str) -> bool:
    return any(words in c["text"] for c in answer.get("citations", []))


def test_both_replicas_answer_from_the_shared_index(deployment):
    for replica in (deployment.a, deployment.b):
        health = httpx.get(replica.url + "/healthz", timeout=10).json()
        assert health == {"status": "ok", "documents": 2, "chunks": health["chunks"]} and health["chunks"] >= 2
        answer = ask(replica, NATIONAL_QUESTION).json()
        assert answer["status"] == "answered" and cites(answer, "20 weeks"), answer
    # The ledger is in the shared database: neither data dir has a ledger file.
    assert not (deployment.b.data_dir / "ledger.sqlite3").exists()
    assert not (deployment.a.data_dir / "ledger.sqlite3").exists()


def test_an_ingest_through_one_replica_is_cited_by_the_other_on_its_next_question(deployment):
    before = ask(deployment.b, NEW_QUESTION).json()
    assert not cites(before, "Lantern"), before
    during = Asker(deployment.b)  # B keeps answering while the ingest builds and publishes a new generation
    during.start()
    try:
        summary = deployment.ingest(deployment.a, dict([NEW_DOC]), "--area", AREA)
    finally:
        during.stop.set()
        during.join(timeout=180)
    assert summary["added"] == 1 and summary["failed"] == 0, summary
    assert during.replies, "no answer was asked for during the ingest"
    wrong = [r for r in during.replies if r != (200, "answered", True)]
    assert not wrong, f"{len(wrong)} of {len(during.replies)} answers during the ingest failed: {wrong[:3]}"
    after = ask(deployment.b, NEW_QUESTION)
    assert after.status_code == 200, deployment.b.log_tail()
    answer = after.json()
    assert answer["status"] == "answered" and answer["area"] == AREA, answer
    assert cites(answer, "Lantern Sensory Club"), answer
    assert {c["area"] for c in answer["citations"]} <= {AREA, ""}
    # B built the area's BM25 index from the shared store when asked, in its own data dir.
    assert list((deployment.b.data_dir / "lexical" / SYNCED_DIR).glob(area_key(AREA) + "-*"))
    # /healthz reads a probe refreshed every few seconds: it counts the new document soon after.
    wait_until(lambda: _health_body(deployment.b).get("documents") == 3, "/healthz to count 3 documents", timeout_s=60)
    assert cites(ask(deployment.a, NEW_QUESTION).json(), "Lantern Sensory Club")


def test_feedback_through_both_replicas_is_read_from_one_store(deployment):
    questions = {
        deployment.a: "Is there a sensory swimming session for toddlers?",
        deployment.b: "Who runs the holiday play scheme for autistic teenagers?",
    }
    for replica, question in questions.items():
        response = httpx.post(
            replica.url + "/api/feedback", json={"question": question, "didnt_find": True}, timeout=30
        )
        assert response.status_code == 200 and response.json()["status"] == "ok", response.text
    answer = ask(deployment.b, NATIONAL_QUESTION).json()
    rated = httpx.post(deployment.b.url + "/api/feedback", json={"answer_id": answer["id"], "rating": "up"}, timeout=30)
    assert rated.status_code == 200 and rated.json()["answer_known"] is True
    # Read once, from a third host's data dir: only the shared database knows both.
    reader = {**deployment.shared, "SEND_ASSISTANT_DATA_DIR": str(deployment.root / "reader" / "data")}
    report = run_cli("report", "gaps", "--format", "csv", env=reader)
    assert report.returncode == 0, report.stderr[-3000:]
    for question in questions.values():
        assert report.stdout.count(question) == 1, report.stdout


def test_with_chroma_stopped_both_replicas_say_503_and_recover_when_it_is_back(deployment):
    deployment.chroma.stop()
    try:
        for replica in (deployment.a, deployment.b):
            response = ask(replica, uncached(NATIONAL_QUESTION))
            assert response.status_code == 503, response.text
            assert response.json()["status"] == "error"
            assert int(response.headers["Retry-After"]) > 0
            wait_until(lambda r=replica: _health(r) == 503, "/healthz to say 503", timeout_s=60)
            assert httpx.get(replica.url + "/healthz", timeout=10).json()["status"] == "unavailable"
    finally:
        deployment.chroma.start()  # same port and folder, as an operator restarting it
    for replica, audience in ((deployment.a, "professional"), (deployment.b, "gp")):
        wait_until(lambda r=replica: _health(r) == 200, "/healthz to recover", timeout_s=60)
        answer = ask(replica, {**NATIONAL_QUESTION, "audience": audience})  # not asked before: not a kept answer
        assert answer.status_code == 200 and answer.json()["status"] == "answered", answer.text
        assert cites(answer.json(), "20 weeks") and "answer_cache" not in answer.json()["timings_ms"]


def test_with_postgresql_stopped_both_replicas_say_503_and_recover_when_it_is_back(deployment, postgres):
    postgres.pause()
    try:
        for replica in (deployment.a, deployment.b):
            response = ask(replica, uncached(NATIONAL_QUESTION))
            assert response.status_code == 503, response.text
            assert response.json()["status"] == "error" and int(response.headers["Retry-After"]) > 0
            feedback = httpx.post(replica.url + "/api/feedback", json={"question": "Any respite?", "rating": "up"})
            assert feedback.status_code == 503 and int(feedback.headers["Retry-After"]) > 0, feedback.text
            wait_until(lambda r=replica: _health(r) == 503, "/healthz to say 503", timeout_s=60)
    finally:
        postgres.resume()  # same port and databases
    for replica, audience in ((deployment.a, "gp"), (deployment.b, "professional")):
        wait_until(lambda r=replica: _health(r) == 200, "/healthz to recover", timeout_s=60)
        answer = ask(replica, {**NATIONAL_QUESTION, "audience": audience})  # not asked before: not a kept answer
        assert answer.status_code == 200 and answer.json()["status"] == "answered", answer.text
        assert cites(answer.json(), "20 weeks") and "answer_cache" not in answer.json()["timings_ms"]
        feedback = httpx.post(replica.url + "/api/feedback", json={"question": "Any respite?", "rating": "up"})
        assert feedback.status_code == 200, feedback.text


def _health_body(replica: Replica) -> dict:
    try:
        return httpx.get(replica.url + "/healthz", timeout=10).json()
    except (httpx.HTTPError, ValueError):
        return {}


def _health(replica: Replica) -> int:
    try:
        return httpx.get(replica.url + "/healthz", timeout=10).status_code
    except httpx.HTTPError:
        return 0
