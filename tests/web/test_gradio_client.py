"""The chat function is also an API through gradio_client (api_name "/ask")."""

import pytest
from gradio_client import Client
from servers.launch import ThreadedServer
from web_fakes import FakeAssistant

from send_assistant.feedback.store import AnswerRecorder, FeedbackStore
from send_assistant.web.app import create_app


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from send_assistant.settings import Settings

    settings = Settings(data_dir=tmp_path_factory.mktemp("gc") / "data")
    recorder = AnswerRecorder(FeedbackStore(settings.feedback_path))
    assistant = FakeAssistant(on_answer=recorder)
    with ThreadedServer(create_app(assistant, settings, recorder=recorder)) as running:
        running.assistant = assistant
        yield running


def test_ask_through_gradio_client(server) -> None:
    client = Client(server.url + "/", verbose=False)
    result = client.predict("How do I get an EHC needs assessment?", "Worcestershire", "professional", api_name="/ask")
    chat = result[0]
    assert chat[0]["role"] == "user" and "EHC needs assessment" in str(chat[0]["content"])
    reply = str(chat[-1]["content"])
    assert "20 weeks" in reply and "sa-sources" in reply
    call = server.assistant.calls[-1]
    assert call["area"] == "Worcestershire" and call["audience"] == "professional"


def test_only_the_chat_function_is_public(server) -> None:
    info = Client(server.url + "/", verbose=False).view_api(print_info=False, return_format="dict")
    assert list(info["named_endpoints"]) == ["/ask"]
