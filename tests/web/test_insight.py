"""Unmet need on the web: the public /you-said-we-did page and the token-gated admin page with response forms."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from doubles import HashEmbedder
from fastapi import FastAPI
from fastapi.testclient import TestClient

from send_assistant.feedback.store import FeedbackStore
from send_assistant.web.app import create_app
from send_assistant.web.insight import insight_router

TOKEN = "s3cret-token"
SERVICE = {"name": "Riverside Sensory Play", "phone": "01632 960 123"}
DOCS = [
    {"doc_id": "a", "title": "Riverside Sensory Play", "url": "https://dir.example/a", "reviewed": "2024-01-01",
     "contact": SERVICE},
    {"doc_id": "b", "title": "Riverside Sensory Play", "url": "https://lo.example/b", "reviewed": "2025-01-01",
     "contact": {**SERVICE, "phone": "01632 960 999"}},
]  # fmt: skip


@pytest.fixture
def feedback(tmp_path):
    store = FeedbackStore(tmp_path / "feedback.sqlite3", now=lambda: datetime(2026, 8, 1, tzinfo=UTC))
    for n, question in enumerate(["summer holiday clubs for disabled children", "summer holiday clubs near me"]):
        store.add_unanswered(answer_id=f"h{n}", status="not_found", area="Luton", audience="parent", question=question)
    store.add_feedback(didnt_find=True, area="Luton", question="my son Sam needs respite at weekends")  # one person
    return store


def _client(feedback, token: str | None = TOKEN) -> TestClient:
    app = FastAPI()
    app.include_router(insight_router(feedback.path, lambda: HashEmbedder(), token, lambda: DOCS))
    return TestClient(app)


def test_public_page_shows_topics_asked_by_several_people_and_no_questions(feedback):
    page = _client(feedback).get("/you-said-we-did")
    assert page.status_code == 200 and "<h2>Luton</h2>" in page.text
    assert "You said: summer, holiday, clubs" in page.text and "2 questions" in page.text
    assert "We are looking at this." in page.text
    assert "near me" not in page.text and "disabled children" not in page.text  # no raw questions
    assert "respite" not in page.text and "Sam" not in page.text  # one person's topic is not published


def test_admin_page_needs_the_token_and_shows_examples_chart_and_conflicts(feedback):
    client = _client(feedback)
    assert client.get("/admin/insight").status_code == 401
    assert client.get("/admin/insight?token=wrong").status_code == 401
    page = client.get(f"/admin/insight?token={TOKEN}")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert "summer holiday clubs near me" in page.text and "<svg" in page.text
    assert "01632 960 999" in page.text and "https://dir.example/a" in page.text  # conflicting details
    assert 'name="topic_key" value="summer-holiday-clubs"' in page.text
    assert _client(feedback, token=None).get(f"/admin/insight?token={TOKEN}").status_code == 404


def test_a_response_written_on_the_admin_page_is_published(feedback):
    client = _client(feedback)
    form = {"topic_key": "summer-holiday-clubs", "topic_label": "summer, holiday, clubs", "questions": "2"}
    form |= {"area": "Luton", "response": "We added two holiday clubs to the Local Offer; call 01632 960 321."}
    assert client.post("/admin/insight/respond", data=form).status_code == 401
    done = client.post("/admin/insight/respond", data={**form, "token": TOKEN}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/admin/insight?token=")
    page = client.get("/you-said-we-did").text
    assert "We did</strong>" in page and "We added two holiday clubs to the Local Offer" in page
    assert "01632 960 321" not in page  # responses are redacted like feedback
    empty = client.post("/admin/insight/respond", data={**form, "token": TOKEN, "response": " "})
    assert empty.status_code == 422


def test_the_app_serves_the_public_page(fake_assistant, recorder, settings):
    settings = replace(settings, admin_token=TOKEN)
    fake_assistant.embedder = HashEmbedder()  # topics are grouped with the assistant's own embedder
    with TestClient(create_app(fake_assistant, settings, recorder=recorder)) as client:
        assert client.get("/you-said-we-did").status_code == 200
        assert client.get(f"/admin/insight?token={TOKEN}").status_code == 200


def test_an_unreadable_feedback_store_is_an_empty_page_not_a_500(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data dir should be")
    app = FastAPI()
    app.include_router(insight_router(blocker / "feedback.sqlite3", lambda: HashEmbedder(), TOKEN, lambda: []))
    client = TestClient(app)
    assert client.get("/you-said-we-did").status_code == 200
    assert client.get(f"/admin/insight?token={TOKEN}").status_code == 200
    form = {"token": TOKEN, "topic_key": "k", "topic_label": "k", "questions": "1", "response": "Done."}
    refused = client.post("/admin/insight/respond", data=form)
    assert refused.status_code == 503 and "could not be saved" in refused.text


def test_a_corrupted_feedback_file_is_moved_aside_and_responses_still_saved(tmp_path):
    broken = tmp_path / "feedback.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)
    app = FastAPI()
    app.include_router(insight_router(broken, lambda: HashEmbedder(), TOKEN, lambda: []))
    client = TestClient(app)
    assert client.get("/you-said-we-did").status_code == 200
    form = {"token": TOKEN, "topic_key": "k", "topic_label": "Short breaks", "questions": "1", "response": "Done."}
    assert client.post("/admin/insight/respond", data=form).status_code == 200  # after the redirect
    assert list(tmp_path.glob("feedback.sqlite3.corrupt-*"))
    assert "Done." in client.get("/you-said-we-did").text


def test_topics_are_clustered_again_only_for_new_questions(feedback):
    from send_assistant.web.insight import TopicCache

    embedder = HashEmbedder()
    cache = TopicCache(feedback.path, lambda: embedder)
    first = cache.topics()
    assert cache.topics() is first and sum(embedder.calls) == 3  # nothing new: no clustering, no embedding
    feedback.add_unanswered(answer_id="n", status="not_found", area="Luton", audience="gp", question="sensory room")
    assert sum(t.count for t in cache.topics()) == 4 and embedder.calls[-1] == 1  # only the new question embedded
