"""The real Assistant behind the web app, over an index of knowledge/ built with the fake embedder."""

import sqlite3

import pytest
from fastapi.testclient import TestClient

from assistant.commands.serve_cmd import build
from ingest.embedding import HashEmbedder
from ingest.index import Index
from ingest.pipeline import ingest
from ingest.settings import PROJECT_ROOT, Settings


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


def test_real_answer_json_and_gap_logged_redacted(client) -> None:
    question = "Is there a trampoline club in Bedford? My son is called Sam, ring 07700 900123"
    response = client.post("/api/ask", json={"question": question, "area": "Bedford Borough", "audience": "parent"})
    assert response.status_code == 200
    answer = response.json()
    assert answer["status"] in {"answered", "not_found", "out_of_scope"} and answer["area"] == "Bedford Borough"
    for citation in answer["citations"]:
        assert citation["area"] in {"Bedford Borough", ""}  # never another council's local details
    db = sqlite3.connect(client.settings.feedback_path)
    try:
        logged = db.execute("SELECT status, question FROM unanswered").fetchall()
    finally:
        db.close()
    if answer["status"] in {"not_found", "out_of_scope"}:
        redacted = "Is there a trampoline club in Bedford? My son is called [name], ring [phone]"
        assert logged == [(answer["status"], redacted)]
    else:
        assert logged == []


def test_page_lists_the_indexed_areas(client) -> None:
    page = client.get("/").text
    assert "Bedford Borough" in page and "Worcestershire" in page and "Not sure / England-wide" in page
