"""Issue 9 clean failures: the service answers when feedback cannot be saved, and says so plainly."""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from servers.launch import ServerProcess, free_port, url_ok
from web_fakes import FakeAssistant

from send_assistant.answering import texts
from send_assistant.feedback import db as feedback_db
from send_assistant.feedback.store import AnswerRecorder, FeedbackStore
from send_assistant.settings import OFFLINE_ENV
from send_assistant.web.app import create_app
from send_assistant.web.ui import ChatPage

SERVER = Path(__file__).resolve().parent.parent / "browser" / "fake_server.py"


@pytest.fixture
def unwritable(settings, tmp_path):
    """Settings whose data dir can never be created: a file stands where it should be (holds even for root)."""
    blocker = tmp_path / "blocker"
    blocker.write_text("not a directory")
    return replace(settings, data_dir=blocker / "data", rate_limit="off", feedback_rate_limit="off")


def _app_client(settings) -> TestClient:
    store = FeedbackStore(settings.feedback_path)
    recorder = AnswerRecorder(store)
    app = create_app(FakeAssistant(on_answer=recorder), settings, recorder=recorder)
    return TestClient(app, raise_server_exceptions=False)


def test_unwritable_data_dir_answers_but_feedback_is_503_json(unwritable, caplog) -> None:
    with _app_client(unwritable) as client:
        page = client.get("/")
        answered = client.post("/api/ask", json={"question": "How do I get an EHCP?"})
        gap = client.post("/api/ask", json={"question": "Is there a sensory room?"})  # logging the gap fails
        refused = [client.post("/api/feedback", json={"question": "q", "rating": "up"}) for _ in range(3)]
    assert page.status_code == 200 and answered.status_code == 200 and gap.json()["status"] == "not_found"
    for response in refused:
        assert response.status_code == 503 and response.headers["retry-after"] == "60"
        assert response.json() == {"status": "unavailable", "reason": response.json()["reason"]}
        assert "/" not in response.json()["reason"] and "Traceback" not in response.text
    lines = [r for r in caplog.records if r.name == "send_assistant.feedback.store"]
    assert len(lines) == 1 and "cannot be saved" in lines[0].getMessage()


def test_disk_full_feedback_is_503_json(settings, monkeypatch) -> None:
    quiet = replace(settings, rate_limit="off", feedback_rate_limit="off")
    with _app_client(quiet) as client:
        assert client.post("/api/feedback", json={"question": "q", "rating": "up"}).status_code == 200
        pages = sqlite3.connect(quiet.feedback_path).execute("PRAGMA page_count").fetchone()[0]
        real = sqlite3.connect

        def full(*args, **kwargs):
            db = real(*args, **kwargs)
            db.execute(f"PRAGMA max_page_count = {pages}")
            return db

        monkeypatch.setattr(feedback_db.sqlite3, "connect", full)
        codes = [
            client.post("/api/feedback", json={"question": "q", "rating": "up", "comment": "c" * 1900}).status_code
            for _ in range(100)
        ]
        response = client.post("/api/feedback", json={"question": "q", "rating": "up", "comment": "c" * 1900})
    assert 503 in codes and response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "the disk is full"}


def test_corrupted_feedback_database_at_start_is_replaced(settings, caplog) -> None:
    settings.feedback_path.parent.mkdir(parents=True, exist_ok=True)
    settings.feedback_path.write_bytes(b"\x13\x37 not sqlite" * 300)
    with _app_client(replace(settings, rate_limit="off")) as client:
        response = client.post("/api/feedback", json={"question": "q", "rating": "up"})
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert list(settings.feedback_path.parent.glob("feedback.sqlite3.corrupt-*"))
    assert sum("moved it to" in r.getMessage() for r in caplog.records) == 1


def test_the_page_says_feedback_cannot_be_saved(unwritable) -> None:
    recorder = AnswerRecorder(FeedbackStore(unwritable.feedback_path))
    page = ChatPage(FakeAssistant(on_answer=recorder), recorder)
    assert page.rate("up", ["a1"]) == (None, texts.WEB_FEEDBACK_UNAVAILABLE)
    row, comment, status = page.comment("this helped", None, ["a1"])
    assert row is None and status == texts.WEB_FEEDBACK_UNAVAILABLE
    assert comment == {"__type__": "update"}  # the typed comment stays in the box
    assert page.didnt_find("nothing on transport", ["a1"])[2] == texts.WEB_FEEDBACK_UNAVAILABLE


def test_a_served_app_with_an_unwritable_data_dir_starts_and_answers(tmp_path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a directory")
    port = free_port()
    log = tmp_path / "server.log"
    env = {**os.environ, **OFFLINE_ENV}
    url = f"http://127.0.0.1:{port}"
    argv = [sys.executable, str(SERVER), str(port), str(blocker / "data")]
    with ServerProcess(argv, url_ok(url + "/healthz"), log=log, env=env, stop_signal=signal.SIGINT):
        request = urllib.request.Request(url + "/api/feedback", data=b'{"question": "q", "rating": "up"}',
                                         headers={"content-type": "application/json"})  # fmt: skip
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 503
    output = log.read_text()
    assert "Traceback" not in output and output.count("feedback cannot be saved") == 1
