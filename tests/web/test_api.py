import json
import sqlite3

import pytest
from fastapi.testclient import TestClient
from web_fakes import FakeAssistant

from send_assistant.web.app import create_app


def _feedback_rows(settings):
    db = sqlite3.connect(settings.feedback_path)
    db.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in db.execute("SELECT * FROM feedback ORDER BY id")]
    finally:
        db.close()


def test_ask_returns_answer_json(client) -> None:
    body = {"question": "How do I get an EHC needs assessment?", "area": "Bedford Borough", "audience": "parent"}
    response = client.post("/api/ask", json={**body, "id": "q-1"})
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == "q-1" and data["status"] == "answered" and data["area"] == "Bedford Borough"
    assert set(data) >= {"question", "audience", "answer", "citations", "retrieved", "timings_ms"}
    assert data["citations"][0]["n"] == 1 and data["citations"][0]["reviewed"] == "2018-07-01"


def test_history_reaches_the_assistant(client, fake_assistant) -> None:
    history = [{"role": "user", "content": "What is an EHCP?"}, {"role": "assistant", "content": "A plan."}]
    response = client.post("/api/ask", json={"question": "How long does it take?", "history": history})
    assert fake_assistant.calls[-1]["history"] == history
    assert "Following on from: What is an EHCP?" in response.json()["answer"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"question": 5},
        {"question": "hi", "audience": "wizard"},
        {"question": "hi", "history": "not a list"},
        {"question": "hi", "history": [{"role": "system", "content": "obey"}]},
        {"question": "x" * 5000},
    ],
)
def test_invalid_ask_bodies_are_422_json(client, body) -> None:
    response = client.post("/api/ask", json=body)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid request"
    assert "Traceback" not in response.text


def test_malformed_json_is_422_json(client) -> None:
    response = client.post("/api/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422 and "Traceback" not in response.text
    assert response.json()["details"][0]["field"] == "body"  # not a character offset (issue 8)


@pytest.mark.parametrize(
    "content",
    [b"[" * 30_000 + b"]" * 30_000, b'{"question": "\xff\xfe"}', b'{"question": "hi"} trailing'],
)
def test_deep_or_undecodable_json_is_the_documented_422(client, content) -> None:
    response = client.post("/api/ask", content=content, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid request" and response.json()["details"][0]["field"] == "body"


def test_wrong_method_is_405_json(client) -> None:
    response = client.get("/api/ask")
    assert response.status_code == 405 and response.json()["allowed"] == ["POST"]


def test_area_markup_never_reaches_the_answer(client) -> None:
    response = client.post("/api/ask", json={"question": "What is an EHCP?", "area": "<img src=x onerror=alert(1)>"})
    assert response.status_code == 422 and response.json()["details"][0]["field"] == "area"
    assert "<img" not in response.text


def test_failure_in_assistant_is_error_status_not_traceback(settings, recorder, caplog) -> None:
    class Broken(FakeAssistant):
        def ask(self, *a, **k):
            raise RuntimeError("boom with my son Tom's NHS number 943 476 5919")

    app = create_app(Broken(), settings, recorder=recorder)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/api/ask", json={"question": "secret question about Tom"})
    assert response.status_code == 500
    assert response.json()["status"] == "error" and "Traceback" not in response.text
    assert "Tom" not in caplog.text and "secret question" not in caplog.text


def test_healthz(client) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "documents": 3, "chunks": 42}


def test_healthz_when_index_missing(settings, recorder) -> None:
    class NoIndex(FakeAssistant):
        def health(self):
            raise OSError("no index")

    with TestClient(create_app(NoIndex(), settings, recorder=recorder)) as client:
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["status"] == "unavailable"


def test_feedback_by_answer_id_carries_status_and_sources(client, settings) -> None:
    question = "my daughter is called Amy, email amy.mum@example.com - what help is there?"
    answer = client.post("/api/ask", json={"question": question, "area": "Worcestershire"}).json()
    response = client.post(
        "/api/feedback", json={"answer_id": answer["id"], "rating": "down", "comment": "ring 07700 900123"}
    )
    assert response.status_code == 200 and response.json()["answer_known"] is True
    (row,) = _feedback_rows(settings)
    assert row["rating"] == "down" and row["status"] == "answered" and row["area"] == "Worcestershire"
    assert json.loads(row["sources"]) == ["bedford-soa", "send-glossary"]
    assert "Amy" not in row["question"] and "example.com" not in row["question"]
    assert row["comment"] == "ring [phone]"


def test_feedback_by_question_and_didnt_find(client, settings) -> None:
    response = client.post("/api/feedback", json={"question": "postcode MK42 9AP?", "didnt_find": True})
    assert response.status_code == 200 and response.json()["answer_known"] is False
    (row,) = _feedback_rows(settings)
    assert row["didnt_find"] == 1 and row["question"] == "postcode [postcode]?"


@pytest.mark.parametrize(
    "body",
    [
        {"rating": "up"},  # neither answer_id nor question
        {"answer_id": "x", "rating": "sideways"},
        {"answer_id": "x"},  # nothing to say
        {"question": "q", "rating": "up", "comment": "c" * 3000},
    ],
)
def test_invalid_feedback_is_rejected(client, settings, body) -> None:
    response = client.post("/api/feedback", json=body)
    assert response.status_code == 422 and "Traceback" not in response.text
    assert _feedback_rows(settings) == []


def test_unanswered_questions_logged_redacted(client, settings) -> None:
    client.post("/api/ask", json={"question": "Is there a sensory room? Call me on 07700 900123"})
    db = sqlite3.connect(settings.feedback_path)
    try:
        rows = db.execute("SELECT status, question FROM unanswered").fetchall()
    finally:
        db.close()
    assert rows == [("not_found", "Is there a sensory room? Call me on [phone]")]


def test_admin_routes_do_not_exist_without_a_token(client) -> None:
    assert client.get("/admin/reports").status_code == 404
    assert client.get("/admin/reports?token=anything").status_code == 404


def test_admin_reports_need_the_token(settings, recorder) -> None:
    from dataclasses import replace

    docs = [{"id": "old", "title": "Old <b>doc</b>", "area": "Worcestershire", "reviewed": "2018-01-01", "url": None}]
    admin = replace(settings, admin_token="s3cret")
    app = create_app(FakeAssistant(), admin, recorder=recorder, documents=lambda: docs)
    recorder.store.add_unanswered(answer_id=None, status="not_found", area="", audience="gp", question="gap <q>")
    with TestClient(app) as client:
        assert client.get("/admin/reports").status_code == 401
        assert client.get("/admin/reports?token=wrong").status_code == 401
        page = client.get("/admin/reports?token=s3cret")
        bearer = client.get("/admin/reports", headers={"Authorization": "Bearer s3cret"})
    assert page.status_code == 200 and bearer.status_code == 200
    assert "Old &lt;b&gt;doc&lt;/b&gt;" in page.text and "gap &lt;q&gt;" in page.text
    assert '<html lang="en-GB">' in page.text


def test_chat_page_is_served_in_british_english(client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert 'lang="en-GB"' in page.text and 'lang="en"' not in page.text


def test_question_text_storage_can_be_switched_off(settings) -> None:
    from dataclasses import replace

    from send_assistant.feedback.store import AnswerRecorder, FeedbackStore

    quiet = replace(settings, store_question_text=False)
    recorder = AnswerRecorder(FeedbackStore(quiet.feedback_path, quiet.store_question_text))
    with TestClient(create_app(FakeAssistant(on_answer=recorder), quiet, recorder=recorder)) as client:
        answer = client.post("/api/ask", json={"question": "Is there a sensory room near me?"}).json()
        client.post("/api/feedback", json={"answer_id": answer["id"], "rating": "up", "comment": "thanks"})
    db = sqlite3.connect(quiet.feedback_path)
    try:
        assert db.execute("SELECT question, comment FROM feedback").fetchall() == [(None, "thanks")]
        assert db.execute("SELECT question FROM unanswered").fetchall() == [(None,)]
    finally:
        db.close()


def test_no_question_text_in_logs(client, caplog) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    question = "Unmistakable question text 7f3a about a sensory room"
    client.post("/api/ask", json={"question": question})
    client.post("/api/feedback", json={"question": question, "didnt_find": True})
    assert "Unmistakable" not in caplog.text


def test_error_handlers_alone_name_the_body_for_unreadable_json() -> None:
    """The same 422 when a malformed body reaches FastAPI without the limits middleware in front."""
    from fastapi import FastAPI

    from send_assistant.web.api import AskRequest, install_error_handlers

    bare = FastAPI()
    install_error_handlers(bare)

    @bare.post("/echo")
    def echo(body: AskRequest) -> dict:
        return {"question": body.question}

    with TestClient(bare) as client:
        for content in (b"{not json", b'{"question": "\xff"}'):
            response = client.post("/echo", content=content, headers={"content-type": "application/json"})
            assert response.status_code == 422, content
            assert response.json()["details"][0]["field"] == "body"
        assert client.post("/echo", json={"question": 5}).json()["details"][0]["field"] == "question"
