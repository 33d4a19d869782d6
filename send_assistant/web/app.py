"""The one FastAPI app: JSON API routes first, then the Gradio chat page mounted at "/"."""

from __future__ import annotations

from collections.abc import Callable

import gradio as gr
from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from send_assistant.answering import texts
from send_assistant.answering.area_profiles import AreaProfiles
from send_assistant.answering.interfaces import AnswerService
from send_assistant.feedback.store import AnswerRecorder, FeedbackStore
from send_assistant.settings import Settings
from send_assistant.web import style
from send_assistant.web.answer_queue import AnswerQueue
from send_assistant.web.api import api_router, install_error_handlers
from send_assistant.web.limits import RequestGuard
from send_assistant.web.ui import ChatPage

PAGE_LANGUAGE = "en-GB"


class PageLanguage:
    """Sets lang="en-GB" on the chat page's <html> (Gradio's template hard-codes "en").

    Screen readers use it to choose a British English voice; doing it on the server means it is right
    before any script runs.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass everything through; rewrite only the page itself."""
        if scope["type"] != "http" or scope.get("method") != "GET" or scope.get("path") not in ("/", ""):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body":  # e.g. the test client's http.response.debug
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"] if start else []
            named = {k.lower(): v for k, v in headers}
            if named.get(b"content-type", b"").startswith(b"text/html") and b"content-encoding" not in named:
                body = body.replace(b'lang="en"', f'lang="{PAGE_LANGUAGE}"'.encode(), 1)
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**(start or {"type": "http.response.start", "status": 200}), "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)


def insight_routes(assistant: AnswerService, recorder: AnswerRecorder, settings: Settings):
    """GET /you-said-we-did, and with an admin token /admin/insight (send_assistant/web/insight.py)."""
    from send_assistant.ingest.pipeline import committed_meta
    from send_assistant.web.insight import insight_router

    def documents() -> list[dict]:
        return list(committed_meta(settings).values())  # with contact details, for conflicting details

    embedder = lambda: assistant.embedder  # noqa: E731 - read when topics are first asked for, not at start
    return insight_router(recorder.store.path, embedder, settings.admin_token, documents)


def create_app(
    assistant: AnswerService,
    settings: Settings,
    recorder: AnswerRecorder | None = None,
    documents: Callable[[], list[dict]] | None = None,
) -> FastAPI:
    """Build the web app around an Assistant (see answering/interfaces.py, AnswerService).

    `recorder` should be the same object given to the Assistant as its on_answer hook, so unanswered
    questions are logged and feedback can find the answer it is about; one is made from settings if omitted.
    `documents` lists the indexed documents for the admin stale report.
    """
    if recorder is None:
        store = FeedbackStore(settings.feedback_db, settings.store_question_text, settings.feedback_retention_days)
        recorder = AnswerRecorder(store)
    app = FastAPI(title=texts.WEB_TITLE, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.recorder = recorder
    install_error_handlers(app)
    queue = AnswerQueue(settings.answer_workers, settings.answer_queue, settings.answer_max_wait_s)
    app.state.answer_queue = queue
    app.include_router(api_router(assistant, recorder, settings.admin_token, documents, queue=queue))
    app.include_router(insight_routes(assistant, recorder, settings))  # issue 12: unmet need, you said / we did
    page = ChatPage(assistant, recorder, AreaProfiles.from_knowledge(settings.knowledge_dir)).build()
    # Gradio's own queue is bounded too: as many chat answers at once as API workers, a full queue refused.
    page.queue(max_size=settings.answer_queue, default_concurrency_limit=settings.answer_workers)
    app = gr.mount_gradio_app(
        app,
        page,
        path="/",
        footer_links=[],
        show_error=False,  # handlers catch their own failures; never show exception text to users
        run_history=False,
        ssr_mode=False,
        mcp_server=False,
        enable_monitoring=False,
        pwa=False,
        theme=style.theme(),
        css=style.CSS,
        head=style.HEAD,
    )
    app.add_middleware(PageLanguage)
    # Outermost: body and rate limits, 405s, blocked routes and security headers for every route (issue 9).
    app.add_middleware(RequestGuard, settings=settings, areas=assistant.areas)
    return app
