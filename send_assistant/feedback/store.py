"""Feedback and unanswered questions, kept for content owners, with personal data removed.

Two tables: `feedback` (thumbs up/down, optional comment, "I didn't find what I needed") and `unanswered` (questions
the sources could not answer, logged by the Assistant's on_answer hook). Every free text goes through
`send_assistant.privacy.redact.redact` here, in the one place that writes; question text is dropped entirely when
`store_question_text` is off. Rows older than the retention period are deleted whenever the store is opened or
written to.

The database (a SQLite file under the data dir, mode 0600, a corrupted one moved aside, or the PostgreSQL database
named by SEND_ASSISTANT_DATABASE_URL; a read-only or full disk or an unreachable server turned into
FeedbackUnavailable for the edge to show as a clear message) is send_assistant.feedback.db's business.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, Table, Text, delete, insert, update

from send_assistant.answering.answer import NOT_FOUND, OUT_OF_SCOPE, Answer
from send_assistant.feedback.db import FeedbackDatabase, FeedbackUnavailable
from send_assistant.privacy.redact import redact

__all__ = ["AnswerRecorder", "FeedbackStore", "FeedbackUnavailable", "GapRow"]

UNANSWERED_STATUSES = (NOT_FOUND, OUT_OF_SCOPE)
RATINGS = ("up", "down")
MAX_TEXT = 2000  # longer comments are cut: nobody reads more in a report, and it bounds the database

TABLES = MetaData()
FEEDBACK = Table(
    "feedback",
    TABLES,
    Column("id", Integer, primary_key=True),
    Column("created_at", Text, nullable=False, index=True),  # ISO 8601 UTC: compares as text
    Column("answer_id", Text),
    Column("rating", Text),
    Column("didnt_find", Integer, nullable=False, server_default="0"),
    Column("status", Text),
    Column("area", Text),
    Column("audience", Text),
    Column("sources", Text, nullable=False, server_default="[]"),
    Column("question", Text),
    Column("comment", Text),
    sqlite_autoincrement=True,
)
UNANSWERED = Table(
    "unanswered",
    TABLES,
    Column("id", Integer, primary_key=True),
    Column("created_at", Text, nullable=False, index=True),
    Column("answer_id", Text),
    Column("status", Text, nullable=False),
    Column("area", Text),
    Column("audience", Text),
    Column("question", Text),
    sqlite_autoincrement=True,
)


@dataclass(frozen=True)
class GapRow:
    """One line of the gaps report: a (redacted) question people asked in an area, and how often."""

    area: str
    question: str
    count: int
    last_seen: str
    reasons: str  # e.g. "not_found, didn't find"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class FeedbackStore:
    """Store of redacted feedback and unanswered questions (the README's "Privacy" says what is kept).

    `path`: a SQLite file, or a database URL (SEND_ASSISTANT_DATABASE_URL)."""

    def __init__(
        self,
        path: Path | str,
        store_question_text: bool = True,
        retention_days: int = 365,
        now: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.db = FeedbackDatabase(path, TABLES, now)
        self.path = self.db.path  # a Path for a SQLite file, else the URL
        self.store_question_text = store_question_text
        self.retention_days = retention_days
        self._now = now
        try:
            self.purge()  # opens (and if need be repairs) the database
        except FeedbackUnavailable:
            pass  # logged once; the service runs on without feedback

    @property
    def available(self) -> bool:
        """True while feedback can be saved."""
        return self.db.ready

    @property
    def problem(self) -> str | None:
        """Why feedback cannot be saved, while it cannot (short, fit to show an API client)."""
        return self.db.problem

    def _question(self, question: str | None) -> str | None:
        if not question or not self.store_question_text:
            return None
        return redact(question.strip())[:MAX_TEXT]

    def _stamp(self) -> str:
        return self._now().astimezone(UTC).isoformat(timespec="seconds")

    def purge(self) -> int:
        """Delete rows older than the retention period; returns how many went."""
        cutoff = (self._now() - timedelta(days=self.retention_days)).astimezone(UTC).isoformat(timespec="seconds")
        gone = self.db.write(delete(FEEDBACK).where(FEEDBACK.c.created_at < cutoff)).rowcount
        return gone + self.db.write(delete(UNANSWERED).where(UNANSWERED.c.created_at < cutoff)).rowcount

    def add_feedback(
        self,
        *,
        answer_id: str | None = None,
        rating: str | None = None,
        comment: str | None = None,
        didnt_find: bool = False,
        status: str | None = None,
        area: str | None = None,
        audience: str | None = None,
        sources: list[str] | None = None,
        question: str | None = None,
    ) -> int:
        """Store one piece of feedback (question and comment redacted); returns its row id."""
        if rating is not None and rating not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}")
        self.purge()
        row = {
            "created_at": self._stamp(),
            "answer_id": answer_id,
            "rating": rating,
            "didnt_find": int(didnt_find),
            "status": status,
            "area": area,
            "audience": audience,
            "sources": json.dumps(list(sources or [])),
            "question": self._question(question),
            "comment": redact(comment.strip())[:MAX_TEXT] if comment and comment.strip() else None,
        }
        return int(self.db.write(insert(FEEDBACK).values(row).returning(FEEDBACK.c.id)).returned)

    def add_comment(self, feedback_id: int, comment: str) -> bool:
        """Attach a (redacted) comment to feedback already stored; False when that row is gone."""
        text = redact(comment.strip())[:MAX_TEXT] if comment and comment.strip() else None
        return self.db.write(update(FEEDBACK).where(FEEDBACK.c.id == feedback_id).values(comment=text)).rowcount == 1

    def add_unanswered(
        self, *, answer_id: str | None, status: str, area: str | None, audience: str | None, question: str | None
    ) -> int:
        """Log a question the sources could not answer (redacted), for the gaps report."""
        self.purge()
        row = {
            "created_at": self._stamp(),
            "answer_id": answer_id,
            "status": status,
            "area": area,
            "audience": audience,
            "question": self._question(question),
        }
        return int(self.db.write(insert(UNANSWERED).values(row).returning(UNANSWERED.c.id)).returned)

    def gaps(self) -> list[GapRow]:
        """Unanswered questions and "didn't find" feedback, grouped by area and question, most asked first."""
        query = """
            SELECT area, question, status AS reason, created_at FROM unanswered
            UNION ALL
            SELECT area, question, 'didn''t find' AS reason, created_at FROM feedback WHERE didnt_find = 1
        """
        groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for area, question, reason, created in self.db.read(query):
            key = (area or "", (question or "").strip())
            groups.setdefault(key, []).append((reason, created))
        rows = [
            GapRow(
                area=area,
                question=question,
                count=len(items),
                last_seen=max(created for _, created in items),
                reasons=", ".join(sorted({reason for reason, _ in items})),
            )
            for (area, question), items in groups.items()
        ]
        return sorted(rows, key=lambda r: (r.area, -r.count, r.question))


@dataclass(frozen=True)
class AnswerRecord:
    """What feedback on an answer needs to carry: its status, sources, area and redacted question."""

    answer_id: str
    status: str
    area: str
    audience: str
    sources: tuple[str, ...]
    question: str


class AnswerRecorder:
    """The Assistant's on_answer hook: remembers recent answers for feedback, logs unanswered questions.

    Only a bounded number of answers are remembered, in memory; feedback on a forgotten answer is still
    stored, just without its status and sources.
    """

    def __init__(self, store: FeedbackStore, remember: int = 2000) -> None:
        self.store = store
        self._limit = remember
        self._recent: OrderedDict[str, AnswerRecord] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, answer: Answer) -> None:
        """on_answer hook: remember the answer; log it when the sources could not answer it."""
        fresh = self.remember(answer)
        if fresh and answer.status in UNANSWERED_STATUSES:
            try:
                self.store.add_unanswered(
                    answer_id=answer.id,
                    status=answer.status,
                    area=answer.area,
                    audience=answer.audience,
                    question=answer.question,
                )
            except FeedbackUnavailable:
                pass  # logged by the store; a missed gap must never cost the family its answer

    def remember(self, answer: Answer) -> bool:
        """Keep the answer's feedback details; False when it was already remembered (hook and app both call)."""
        sources = tuple(dict.fromkeys(c.doc_id for c in answer.citations))
        # Only the redacted question is held, even in memory.
        record = AnswerRecord(answer.id, answer.status, answer.area, answer.audience, sources, redact(answer.question))
        with self._lock:
            fresh = answer.id not in self._recent
            self._recent[answer.id] = record
            self._recent.move_to_end(answer.id)
            while len(self._recent) > self._limit:
                self._recent.popitem(last=False)
        return fresh

    def lookup(self, answer_id: str | None) -> AnswerRecord | None:
        """The remembered answer with this id, if any."""
        if not answer_id:
            return None
        with self._lock:
            return self._recent.get(answer_id)

    def feedback(
        self,
        *,
        answer_id: str | None = None,
        question: str | None = None,
        rating: str | None = None,
        comment: str | None = None,
        didnt_find: bool = False,
    ) -> int:
        """Store feedback on an answer (by id) or on a question; returns the feedback row id.

        Raises FeedbackUnavailable when it cannot be saved.
        """
        record = self.lookup(answer_id)
        return self.store.add_feedback(
            answer_id=answer_id,
            rating=rating,
            comment=comment,
            didnt_find=didnt_find,
            status=record.status if record else None,
            area=record.area if record else None,
            audience=record.audience if record else None,
            sources=list(record.sources) if record else [],
            question=record.question if record else question,
        )
