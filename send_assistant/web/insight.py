"""Unmet need and "you said, we did" on the web.

- GET /you-said-we-did (public): topics and responses per area; labels, counts and responses only.
- GET /admin/insight (admin token): topics with examples, counts by area and month, the trend chart, conflicting
  details across sources, and a form per topic to write a response.
- POST /admin/insight/respond (admin token, form): store a response, then back to the admin page.

Without an admin token configured the admin routes are not registered (they 404 like any unknown path).
Topics are clustered once per change in the feedback, not per request.
"""

from __future__ import annotations

import hmac
import html
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from send_assistant.feedback.db import FeedbackUnavailable
from send_assistant.feedback.gap_topics import NOT_STORED, Topic, cluster_topics, gap_questions
from send_assistant.feedback.you_said import ResponseStore, public_page, public_sections
from send_assistant.web import topic_reports
from send_assistant.web.conflicts import CONFLICT_HEADER, conflict_rows, conflicting_details

STYLE = (
    "body{font-family:system-ui,Arial,sans-serif;color:#0b0c0c;max-width:1100px;margin:0 auto;padding:16px;"
    "line-height:1.5}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #b1b4b6;"
    "text-align:left;padding:6px;vertical-align:top}ul{list-style:none;padding:0}li{margin-bottom:1em}"
    "textarea{width:100%;min-height:4em}label{display:block;font-weight:bold;margin-top:.5em}"
    "svg{max-width:100%;height:auto}"
)
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


class _RememberingEmbedder:
    """Embeds each question once per server: new feedback costs only its own questions' embeddings."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.name = inner, inner.name
        self.vectors: dict[str, list[float]] = {}

    def embed(self, texts: list[str]) -> list[list[float]]:
        missing = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if missing:
            self.vectors.update(zip(missing, self.inner.embed(missing), strict=True))
        return [self.vectors[t] for t in texts]


class TopicCache:
    """Topics of the current feedback, clustered again only when the questions change."""

    def __init__(self, feedback_path: Path | str, embedder: Callable[[], Any]) -> None:
        self.feedback_path = feedback_path
        self.embedder = embedder
        self._lock = threading.Lock()
        self._cached: tuple[int, list[Topic]] | None = None
        self._embedder: _RememberingEmbedder | None = None

    def topics(self) -> list[Topic]:
        """The topics (clustered under a lock: one request embeds, the others wait for it)."""
        try:
            questions = gap_questions(self.feedback_path)
        except FeedbackUnavailable:
            return []  # an unreadable feedback store: nothing to show, never a 500
        key = hash(tuple(questions))
        with self._lock:
            if self._cached is None or self._cached[0] != key:
                if self._embedder is None:
                    self._embedder = _RememberingEmbedder(self.embedder())
                self._cached = (key, cluster_topics(questions, self._embedder) if questions else [])
            return self._cached[1]


def insight_router(
    feedback_path: Path | str,
    embedder: Callable[[], Any],
    admin_token: str | None = None,
    documents: Callable[[], list[dict]] | None = None,
) -> APIRouter:
    """The public page and, with a token, the admin page and its form handler."""
    router = APIRouter()
    cache = TopicCache(feedback_path, embedder)
    responses = ResponseStore(feedback_path)

    @router.get("/you-said-we-did", response_class=HTMLResponse)
    def you_said_we_did() -> HTMLResponse:
        """Topics of unmet need and what was done, per area (no questions, no personal data)."""
        return HTMLResponse(public_page(public_sections(cache.topics(), responses.all()), STYLE))

    if not admin_token:
        return router

    @router.get("/admin/insight", response_class=HTMLResponse)
    def admin_insight(request: Request) -> HTMLResponse:
        """Unmet need, conflicting details, and the response forms."""
        if not _token_ok(request, admin_token):
            return _unauthorised()
        docs = documents() if documents else []
        return HTMLResponse(_admin_page(cache.topics(), docs, _given_token(request)), headers=NO_STORE)

    @router.post("/admin/insight/respond", response_model=None)
    async def respond(request: Request) -> HTMLResponse | RedirectResponse:
        """Store a content owner's response to a topic."""
        form = await request.form()
        if not _token_ok(request, admin_token, str(form.get("token") or "")):
            return _unauthorised()
        try:
            responses.add(
                area=str(form.get("area") or ""),
                topic_key=str(form.get("topic_key") or ""),
                topic_label=str(form.get("topic_label") or ""),
                questions=int(str(form.get("questions") or "0") or 0),
                response=str(form.get("response") or ""),
            )
        except ValueError:
            return HTMLResponse("<p>A response needs a topic and some text.</p>", status_code=422)
        except FeedbackUnavailable:
            return HTMLResponse(
                "<p>The response could not be saved just now; please try again later.</p>",
                status_code=503, headers={"Retry-After": "60"},
            )  # fmt: skip
        back = f"/admin/insight?{urlencode({'token': _given_token(request, str(form.get('token') or ''))})}#responses"
        return RedirectResponse(back, status_code=303, headers=NO_STORE)

    return router


def _given_token(request: Request, form_token: str = "") -> str:
    auth = request.headers.get("authorization") or ""
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return form_token or request.query_params.get("token") or ""


def _token_ok(request: Request, expected: str, form_token: str = "") -> bool:
    given = _given_token(request, form_token)
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def _unauthorised() -> HTMLResponse:
    return HTMLResponse("<p>Not authorised.</p>", status_code=401, headers={"WWW-Authenticate": "Bearer"})


def _admin_page(topics: list[Topic], documents: list[dict], token: str) -> str:
    chart = topic_reports.trend_svg(topics) if topics else ""
    chart = chart[chart.find("<svg") :] if chart else ""  # inline: drop the XML prologue
    conflicts = conflicting_details(documents)
    conflicts_html = (
        topic_reports.html_table(CONFLICT_HEADER, conflict_rows(conflicts))
        if conflicts
        else "<p>No service has different phone numbers, emails or addresses in two sources.</p>"
    )
    forms = "".join(_form(t, token) for t in topics if t.label != NOT_STORED)
    return (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Unmet need</title><style>{STYLE}</style></head><body><main><h1>Unmet need</h1>"
        '<p>Questions the sources could not answer, "didn\'t find" and thumbs-down feedback, grouped by topic. '
        'Responses appear on the public <a href="/you-said-we-did">You said, we did</a> page.</p>'
        f"<h2>Trend</h2>{chart or '<p>Nothing recorded yet.</p>'}"
        f"<h2>Topics</h2>{topic_reports.topics_html(topics)}"
        f"<h2>Conflicting details across sources</h2>{conflicts_html}"
        f'<h2 id="responses">Respond to a topic</h2>{forms or "<p>No topics yet.</p>"}'
        "</main></body></html>"
    )


def _form(topic: Topic, token: str) -> str:
    e = html.escape
    areas = "".join(f'<option value="{e(a)}">{e(a or "England-wide")}</option>' for a in sorted(topic.areas))
    return (
        f'<form method="post" action="/admin/insight/respond"><h3>{e(topic.label)} ({topic.count})</h3>'
        f'<input type="hidden" name="token" value="{e(token)}">'
        f'<input type="hidden" name="topic_key" value="{e(topic.key)}">'
        f'<input type="hidden" name="topic_label" value="{e(topic.label)}">'
        f'<input type="hidden" name="questions" value="{topic.count}">'
        f'<label for="area-{e(topic.key)}">Area</label><select id="area-{e(topic.key)}" name="area">'
        f'<option value="">All areas</option>{areas}</select>'
        f'<label for="response-{e(topic.key)}">What we did</label>'
        f'<textarea id="response-{e(topic.key)}" name="response" required maxlength="2000"></textarea>'
        '<button type="submit">Publish response</button></form>'
    )
