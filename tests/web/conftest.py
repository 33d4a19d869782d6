"""Fixtures for the web tests: a fake Assistant, a feedback recorder on a temp database, the app."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from web_fakes import FakeAssistant

from send_assistant.feedback.store import AnswerRecorder, FeedbackStore
from send_assistant.web.app import create_app


@pytest.fixture
def recorder(settings) -> AnswerRecorder:
    return AnswerRecorder(FeedbackStore(settings.feedback_path))


@pytest.fixture
def fake_assistant(recorder) -> FakeAssistant:
    return FakeAssistant(on_answer=recorder)


@pytest.fixture
def client(fake_assistant, recorder, settings) -> TestClient:
    app = create_app(fake_assistant, settings, recorder=recorder)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
