"""Issue 9 limits: body size, rate limits, methods, blocked routes, security headers, CORS, uvicorn options."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from servers.launch import ThreadedServer
from web_fakes import AREAS, FakeAssistant

from send_assistant.web import server_options
from send_assistant.web.app import create_app
from send_assistant.web.limits import MAX_BODY_BYTES, LimitSettingError, Rate, TokenBuckets
from send_assistant.web.ui import ChatPage

SECURITY = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


@pytest.fixture
def unlimited(settings):
    return replace(settings, rate_limit="off", feedback_rate_limit="off")


def _client(settings, recorder, **changes) -> TestClient:
    app = create_app(FakeAssistant(on_answer=recorder), replace(settings, **changes), recorder=recorder)
    return TestClient(app, raise_server_exceptions=False)


# --- rate limits -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rate"),
    [("30/minute", Rate(30, 60.0)), ("5/second", Rate(5, 1.0)), ("100 / hour", Rate(100, 3600.0)), ("off", None)],
)
def test_rate_settings_are_read(text, rate) -> None:
    assert Rate.parse(text) == rate


@pytest.mark.parametrize("text", ["30", "fast", "0/minute", "-1/minute", "3/fortnight"])
def test_unreadable_rate_settings_fail_clearly(text) -> None:
    with pytest.raises(LimitSettingError, match="30/minute"):
        Rate.parse(text)


def test_token_bucket_refills_evenly_per_client() -> None:
    clock = [1000.0]
    buckets = TokenBuckets(Rate(3, 60.0), clock=lambda: clock[0])
    assert [buckets.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("a") == pytest.approx(20.0)
    assert buckets.take("b") == 0.0  # another client has its own bucket
    clock[0] += 20.0
    assert buckets.take("a") == 0.0
    assert buckets.take("a") > 0.0


def test_ask_rate_limit_is_429_json_with_retry_after(settings, recorder) -> None:
    with _client(settings, recorder, rate_limit="2/minute") as client:
        codes = [client.post("/api/ask", json={"question": "What is an EHCP?"}).status_code for _ in range(2)]
        refused = client.post("/api/ask", json={"question": "What is an EHCP?"})
        feedback = client.post("/api/feedback", json={"question": "q", "rating": "up"})
    assert codes == [200, 200]
    assert refused.status_code == 429 and refused.json()["error"] == "too many requests"
    assert int(refused.headers["retry-after"]) >= 1 and refused.headers["x-frame-options"] == "DENY"
    assert feedback.status_code == 200  # a separate bucket


def test_feedback_rate_limit(settings, recorder) -> None:
    with _client(settings, recorder, feedback_rate_limit="3/minute") as client:
        codes = [client.post("/api/feedback", json={"question": "q", "rating": "up"}).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_rate_limits_can_be_turned_off(unlimited, recorder) -> None:
    with _client(unlimited, recorder) as client:
        codes = {client.post("/api/feedback", json={"question": "q", "rating": "up"}).status_code for _ in range(40)}
    assert codes == {200}


# --- bodies, methods, routes -------------------------------------------------------------------------------


def test_body_over_64kb_is_413_by_content_length(unlimited, recorder) -> None:
    body = b'{"question": "' + b"x" * MAX_BODY_BYTES + b'"}'
    with _client(unlimited, recorder) as client:
        response = client.post("/api/ask", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["limit_bytes"] == MAX_BODY_BYTES


def test_streamed_body_over_64kb_is_413(unlimited, recorder) -> None:
    def chunks():
        yield b'{"question": "'
        for _ in range(20):
            yield b"y" * 8192
        yield b'"}'

    with _client(unlimited, recorder) as client:
        response = client.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
        gradio = client.post("/gradio_api/queue/join", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and gradio.status_code == 413


def test_body_under_the_limit_is_answered(unlimited, recorder) -> None:
    with _client(unlimited, recorder) as client:
        response = client.post("/api/ask", json={"question": "What is an EHCP?", "history": [], "pad": "z" * 60000})
    assert response.status_code == 200 and response.json()["status"] == "answered"


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [("GET", "/api/ask", "POST"), ("PUT", "/api/feedback", "POST"), ("DELETE", "/api/ask", "POST"),
     ("POST", "/healthz", "GET"), ("OPTIONS", "/api/ask", "POST")],
)  # fmt: skip
def test_wrong_method_is_405_json(unlimited, recorder, method, path, allowed) -> None:
    with _client(unlimited, recorder) as client:
        response = client.request(method, path)
    assert response.status_code == 405
    assert response.json()["error"] == "method not allowed" and response.headers["allow"] == allowed


@pytest.mark.parametrize(
    "path", ["/gradio_api/upload", "/upload", "/gradio_api/upload_progress", "/openapi.json", "/docs", "/redoc",
             "/gradio_api/openapi.json"],
)  # fmt: skip
def test_upload_and_schema_routes_are_gone(unlimited, recorder, path) -> None:
    with _client(unlimited, recorder) as client:
        post = client.post(path, files={"files": ("a.txt", b"hello")})
        get = client.get(path)
    assert post.status_code == 404 and get.status_code == 404


def test_area_with_markup_is_422_naming_the_known_areas(unlimited, recorder) -> None:
    with _client(unlimited, recorder) as client:
        bad = client.post("/api/ask", json={"question": "help?", "area": "<img src=x onerror=alert(1)>"})
        nickname = client.post("/api/ask", json={"question": "help?", "area": "B&NES"})
    assert bad.status_code == 422
    (detail,) = bad.json()["details"]
    assert detail["field"] == "area" and all(area in detail["problem"] for area in AREAS)
    assert nickname.status_code == 200


def test_gradio_route_refuses_a_question_longer_than_the_api_allows(recorder) -> None:
    assistant = FakeAssistant(on_answer=recorder)
    page = ChatPage(assistant, recorder)
    outputs = list(page.respond("x" * 5_000_000, "", "parent", [], [], []))
    (chat, _box, _turns, _shown, ids, _panel, _status) = outputs[-1]
    assert assistant.calls == [] and ids == []
    assert "too long (5,000,000 characters)" in chat[-1]["content"]


# --- headers -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/"), ("GET", "/healthz"), ("POST", "/api/ask"), ("GET", "/nowhere"), ("GET", "/api/ask")],
)
def test_security_headers_on_every_response(unlimited, recorder, method, path) -> None:
    with _client(unlimited, recorder) as client:
        response = client.request(method, path, json={"question": "q"} if method == "POST" else None)
    for name, value in SECURITY.items():
        assert response.headers[name] == value
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp and "default-src 'self'" in csp


def test_cors_is_off_unless_configured(unlimited, recorder) -> None:
    origin = {"origin": "http://localhost:3000"}
    with _client(unlimited, recorder) as client:
        page = client.get("/", headers=origin)
        api = client.post("/api/ask", json={"question": "q"}, headers=origin)
    assert not [h for h in {**page.headers, **api.headers} if h.startswith("access-control-")]
    allowed = {"origin": "https://council.example"}
    with _client(unlimited, recorder, cors_origins=("https://council.example",)) as client:
        preflight = client.options("/api/ask", headers={**allowed, "access-control-request-method": "POST"})
        api = client.post("/api/ask", json={"question": "q"}, headers=allowed)
        other = client.post("/api/ask", json={"question": "q"}, headers=origin)
    assert preflight.status_code == 204 and "POST" in preflight.headers["access-control-allow-methods"]
    assert api.headers["access-control-allow-origin"] == "https://council.example"
    assert "access-control-allow-origin" not in other.headers


# --- uvicorn options (a real server on 127.0.0.1) ------------------------------------------------------------


@pytest.fixture
def guarded_server(unlimited, recorder, monkeypatch):
    monkeypatch.setattr(server_options, "HEADER_TIMEOUT_S", 0.5)
    app = create_app(FakeAssistant(on_answer=recorder), unlimited, recorder=recorder)
    with ThreadedServer(app, **server_options.server_options()) as server:
        yield server.port


def _exchange(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
        return received


def test_oversized_headers_are_refused(guarded_server) -> None:
    big = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 64_000 + b"\r\n\r\n"
    many = b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: b\r\n" % i for i in range(150)) + b"\r\n"
    ok = _exchange(guarded_server, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert ok.startswith(b"HTTP/1.1 200")
    assert len(many) < server_options.MAX_HEADER_BYTES  # refused for the count, not the size
    for request in (big, many):
        answer = _exchange(guarded_server, request)
        assert answer.startswith(b"HTTP/1.1 431") and answer.endswith(b'"limit_bytes": 16384}')


def test_a_post_body_arriving_with_its_head_is_not_counted_as_head(guarded_server) -> None:
    body = b'{"question": "What is an EHCP?", "pad": "' + b"p" * 40_000 + b'"}'
    head = b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
    answer = _exchange(guarded_server, head + b"Content-Length: %d\r\n\r\n" % len(body) + body)
    assert answer.startswith(b"HTTP/1.1 200")


def test_half_sent_headers_are_disconnected(guarded_server) -> None:
    with socket.create_connection(("127.0.0.1", guarded_server), timeout=10) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        assert sock.recv(1024) == b""  # closed by the server (the socket timeout would raise instead)
