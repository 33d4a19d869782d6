"""The JSON API: POST /api/ask, POST /api/feedback, GET /healthz, and (with an admin token) GET /admin/reports.

Bad requests get a JSON error (400/422), never a traceback. Question text is never logged.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from typing import Literal

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator

from send_assistant.answering import texts
from send_assistant.answering.answer import ERROR, Answer
from send_assistant.answering.interfaces import AnswerService
from send_assistant.errors import IndexUnavailableError
from send_assistant.feedback.store import AnswerRecorder, FeedbackUnavailable
from send_assistant.ingest.model import AUDIENCES
from send_assistant.web import reports
from send_assistant.web.answer_queue import AnswerQueue, QueueFull
from send_assistant.web.health import HealthMonitor

logger = logging.getLogger(__name__)

MAX_QUESTION = 4000  # the pipeline's validate stage applies the real limit and explains it
MAX_HISTORY = 20


class HistoryTurn(BaseModel):
    """One earlier message of the conversation."""

    role: Literal["user", "assistant"]
    content: str = Field(max_length=20000)


class AskRequest(BaseModel):
    """Body of POST /api/ask."""

    model_config = ConfigDict(extra="ignore")
    question: str = Field(max_length=MAX_QUESTION)
    area: str = Field(default="", max_length=200)
    audience: Literal[AUDIENCES] = "parent"  # type: ignore[valid-type]
    history: list[HistoryTurn] = Field(default_factory=list, max_length=MAX_HISTORY)
    id: str | None = Field(default=None, max_length=100)


class FeedbackRequest(BaseModel):
    """Body of POST /api/feedback: about an answer (by id) or a question."""

    model_config = ConfigDict(extra="ignore")
    answer_id: str | None = Field(default=None, max_length=100)
    question: str | None = Field(default=None, max_length=MAX_QUESTION)
    rating: Literal["up", "down"] | None = None
    comment: str | None = Field(default=None, max_length=2000)
    didnt_find: bool = False

    @model_validator(mode="after")
    def _needs_target_and_content(self) -> FeedbackRequest:
        if not (self.answer_id or (self.question and self.question.strip())):
            raise ValueError("give answer_id or question")
        if self.rating is None and not self.didnt_find and not (self.comment and self.comment.strip()):
            raise ValueError("give a rating, a comment or didnt_find")
        return self


def _token_ok(request: Request, expected: str) -> bool:
    given = request.query_params.get("token") or ""
    auth = request.headers.get("authorization") or ""
    if auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def api_router(
    assistant: AnswerService,
    recorder: AnswerRecorder,
    admin_token: str | None = None,
    documents: Callable[[], list[dict]] | None = None,
    queue: AnswerQueue | None = None,
) -> APIRouter:
    """All JSON routes, bound to one Assistant and one feedback recorder.

    queue: the bounded answer queue answers run on (a default-sized one if omitted)."""
    router = APIRouter()
    queue = queue or AnswerQueue()
    monitor = HealthMonitor(assistant.health)

    def unavailable(body: AskRequest, message: str, retry_after: int) -> JSONResponse:
        answer = Answer(question=body.question, area=body.area, audience=body.audience, status=ERROR)
        answer.answer = message
        if body.id:
            answer.id = body.id
        return JSONResponse(answer.to_dict(), status_code=503, headers={"Retry-After": str(retry_after)})

    @router.post("/api/ask")
    async def ask(body: AskRequest) -> JSONResponse:
        """Answer one question (with optional conversation history) as the contract's Answer JSON.

        Runs on the bounded answer queue; a full queue or an unreachable store is 503 with Retry-After."""
        history = [turn.model_dump() for turn in body.history]
        try:
            answer = await queue.run(
                assistant.ask, body.question, area=body.area, audience=body.audience, history=history, id=body.id
            )
        except QueueFull as full:
            return unavailable(body, texts.BUSY, full.retry_after)
        except IndexUnavailableError:
            logger.error("answering failed: the index store is unavailable")
            return unavailable(body, texts.STORE_UNAVAILABLE, 30)
        except Exception as exc:  # the edge: one clear error, no traceback, no question in the log
            logger.error("answering failed: %s", type(exc).__name__)
            answer = Answer(question=body.question, area=body.area, audience=body.audience, status=ERROR)
            answer.answer = texts.ERROR
            if body.id:
                answer.id = body.id
            return JSONResponse(answer.to_dict(), status_code=500)
        recorder.remember(answer)
        return JSONResponse(answer.to_dict())

    @router.post("/api/feedback")
    def feedback(body: FeedbackRequest) -> JSONResponse:
        """Store a rating / comment / "didn't find" (redacted) and say so; 503 when it cannot be saved."""
        try:
            row = recorder.feedback(
                answer_id=body.answer_id,
                question=body.question,
                rating=body.rating,
                comment=body.comment,
                didnt_find=body.didnt_find,
            )
        except FeedbackUnavailable:  # the store logged why, once
            reason = recorder.store.problem or "feedback cannot be saved"
            return JSONResponse({"status": "unavailable", "reason": reason}, 503, headers={"Retry-After": "60"})
        known = recorder.lookup(body.answer_id) is not None
        return JSONResponse({"status": "ok", "id": row, "answer_known": known})

    @router.get("/healthz")
    async def healthz() -> JSONResponse:
        """{"status":"ok","documents":N,"chunks":N} when the index answers; 503 {"status":"unavailable","reason"}
        otherwise. Reads a cached probe: never waits behind answers."""
        health = monitor.current()
        return JSONResponse(health, status_code=200 if health.get("status") == "ok" else 503)

    if admin_token:
        # Without a token configured these routes are never registered, so they 404 like any unknown path.
        @router.get("/admin/reports", response_class=HTMLResponse)
        def admin_reports(request: Request, older_than: str = "12m") -> HTMLResponse:
            """Stale documents and unanswered questions, for content owners."""
            if not _token_ok(request, admin_token):
                return HTMLResponse("<p>Not authorised.</p>", status_code=401, headers={"WWW-Authenticate": "Bearer"})
            docs = documents() if documents else None
            try:
                gaps = recorder.store.gaps()
            except FeedbackUnavailable:
                gaps = []  # the page still lists stale documents; the store logged why
            page = reports.admin_page(docs, gaps, older_than)
            return HTMLResponse(page, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})

    return router


def install_error_handlers(app: FastAPI) -> None:
    """Malformed JSON and failed validation become the documented JSON 422, never a traceback.

    assistant.web.limits answers most malformed bodies first; this is the same answer for any that get here.
    """
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    def field(err: dict) -> str:
        # A JSON decode error's location is a character offset, not a field: the body as a whole is wrong.
        path = [] if err.get("type") == "json_invalid" else err.get("loc", ())[1:]
        return ".".join(str(p) for p in path) or "body"

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"field": field(err), "problem": err.get("msg", "")} for err in exc.errors()]
        return JSONResponse({"error": "invalid request", "details": problems}, status_code=422)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 400:  # FastAPI could not read the body at all (not UTF-8, nested too deeply)
            body = {"error": "invalid request", "details": [{"field": "body", "problem": "the body cannot be read"}]}
            return JSONResponse(body, status_code=422)
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)
