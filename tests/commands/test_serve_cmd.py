"""The real Assistant behind the web app, over an index of knowledge/ built with the fake embedder."""

import sqlite3

import pytest
from doubles import HashEmbedder
from fastapi.testclient import TestClient

from send_assistant.cli.serve_cmd import build
from send_assistant.ingest.index import Index
from send_assistant.ingest.pipeline import ingest
from send_assistant.settings import PROJECT_ROOT, Settings


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("serve") / "data", knowledge_dir=PROJECT_ROOT / "knowledge")
    embedder = HashEmbedder()
    ingest(settings, embedder)
    with TestClient(build(settings, embedder=embedder)) as test_client:
        test_client.settings = settings
        yield test_client


def test_health_counts_the_real_index(client) -> None:
    health = client.get("/healthz").json()
    indexed = Index.open(client.settings, None)
    assert health["status"] == "ok" and health["documents"] == indexed.document_count() >= 6
    assert health["chunks"] == indexed.chunk_count() > 100


def _logged(client, answer_id: str) -> list[tuple[str, str]]:
    db = sqlite3.connect(client.settings.feedback_path)
    try:
        return db.execute("SELECT status, question FROM unanswered WHERE answer_id = ?", (answer_id,)).fetchall()
    finally:
        db.close()


def test_real_answer_json_cites_the_seed_that_answers(client) -> None:
    question = "How long does an EHC needs assessment take?"
    response = client.post("/api/ask", json={"question": question, "area": "Bedford Borough", "audience": "parent"})
    assert response.status_code == 200
    answer = response.json()
    assert answer["status"] == "answered" and answer["area"] == "Bedford Borough"
    assert "20 weeks" in answer["answer"]
    assert answer["citations"], answer
    assert any("20 weeks" in c["text"] for c in answer["citations"])
    assert {c["area"] for c in answer["citations"]} <= {"Bedford Borough", ""}  # never another council's details
    assert [c["n"] for c in answer["citations"]] == list(range(1, len(answer["citations"]) + 1))
    assert _logged(client, answer["id"]) == []  # answered questions are not gaps


def test_unanswerable_question_is_not_found_and_its_gap_logged_redacted(client) -> None:
    question = "Is there a trampoline club in Bedford? My son is called Sam, ring 07700 900123"
    response = client.post("/api/ask", json={"question": question, "area": "Bedford Borough", "audience": "parent"})
    assert response.status_code == 200
    answer = response.json()
    assert answer["status"] == "not_found" and answer["area"] == "Bedford Borough"
    assert answer["citations"] == [] and "SENDIASS" in answer["answer"]  # no sources, and where to ask instead
    redacted = "Is there a trampoline club in Bedford? My son is called [name], ring [phone]"
    assert _logged(client, answer["id"]) == [("not_found", redacted)]


def test_page_lists_the_indexed_areas(client) -> None:
    page = client.get("/").text
    assert "Bedford Borough" in page and "Worcestershire" in page and "Not sure / England-wide" in page


def test_tune_threads_gives_each_answer_worker_its_share_of_torch_and_blas_threads() -> None:
    import os

    import torch
    from threadpoolctl import threadpool_info, threadpool_limits

    from send_assistant.cli.serve_cmd import tune_threads

    before_torch, before_pools = torch.get_num_threads(), threadpool_info()
    try:
        tune_threads(workers=2)
        share = max(1, (os.cpu_count() or 1) // 2)
        assert torch.get_num_threads() == share
        blas = [p for p in threadpool_info() if p.get("user_api") == "blas"]
        assert blas and all(p["num_threads"] == share for p in blas)
    finally:
        torch.set_num_threads(before_torch)
        threadpool_limits(limits=before_pools)
