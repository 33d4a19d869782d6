"""You said, we did: content owners' responses to topics of unmet need, and the public page that lists them.

Responses live in their own table beside the feedback (topic_responses). The public page shows, per area, only
topic labels, how many questions each had, and the responses: never a question, and only topics asked by at
least PUBLIC_MIN_QUESTIONS people (or answered by a response), so one person's words never become a label
anyone can read. Response text is redacted on the way in, as feedback is.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, Table, Text, insert

from send_assistant.feedback.db import FeedbackDatabase, FeedbackUnavailable
from send_assistant.feedback.gap_topics import NOT_STORED, Topic
from send_assistant.privacy.redact import redact

PUBLIC_MIN_QUESTIONS = 2
MAX_RESPONSE = 2000
NATIONAL = "England-wide"

TABLES = MetaData()
TOPIC_RESPONSES = Table(
    "topic_responses",
    TABLES,
    Column("id", Integer, primary_key=True),
    Column("created_at", Text, nullable=False),
    Column("area", Text, nullable=False),  # "" for every area
    Column("topic_key", Text, nullable=False),
    Column("topic_label", Text, nullable=False),
    Column("questions", Integer, nullable=False),  # how many questions the topic had when the response was written
    Column("response", Text, nullable=False),
    sqlite_autoincrement=True,
)


@dataclass(frozen=True)
class TopicResponse:
    """What a content owner said was done about a topic."""

    id: int
    created_at: str
    area: str
    topic_key: str
    topic_label: str
    questions: int
    response: str


class ResponseStore:
    """The topic_responses table, beside the feedback (its SQLite file, or the database of
    SEND_ASSISTANT_DATABASE_URL); a database that cannot be used is FeedbackUnavailable when writing."""

    def __init__(self, path: Path | str) -> None:
        self.db = FeedbackDatabase(path, TABLES, lambda: datetime.now(UTC))
        self.path = self.db.path  # opened on first use: the feedback store has already said if it cannot be

    def add(self, *, area: str, topic_key: str, topic_label: str, questions: int, response: str) -> int:
        """Store a response (redacted, cut to MAX_RESPONSE characters); returns its id."""
        text = redact(response.strip())[:MAX_RESPONSE]
        if not text or not topic_key.strip():
            raise ValueError("a response needs a topic and some text")
        row = {
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "area": area.strip(),
            "topic_key": topic_key.strip(),
            "topic_label": topic_label.strip()[:200],
            "questions": int(questions),
            "response": text,
        }
        return int(self.db.write(insert(TOPIC_RESPONSES).values(row).returning(TOPIC_RESPONSES.c.id)).returned)

    def all(self) -> list[TopicResponse]:
        """Every response, newest first (none while the database cannot be read)."""
        try:
            rows = self.db.read(
                "SELECT id, created_at, area, topic_key, topic_label, questions, response FROM topic_responses"
                " ORDER BY created_at DESC, id DESC"
            )
        except FeedbackUnavailable:
            return []
        return [TopicResponse(*row) for row in rows]


def public_sections(topics: list[Topic], responses: list[TopicResponse]) -> dict[str, list[dict]]:
    """Area -> [{"label", "questions", "responses": [(date, text)]}]: only labels, counts and responses."""
    by_key: dict[str, list[TopicResponse]] = {}
    for r in responses:
        by_key.setdefault(r.topic_key, []).append(r)
    sections: dict[str, list[dict]] = {}
    shown: set[str] = set()
    for t in topics:
        if t.label == NOT_STORED:
            continue
        for area, count in sorted(t.areas.items(), key=lambda kv: (-kv[1], kv[0])):
            said = [r for r in by_key.get(t.key, []) if r.area in ("", area)]
            if count >= PUBLIC_MIN_QUESTIONS or said:
                sections.setdefault(area, []).append(_entry(t.label, count, said))
                shown.add(t.key)
    for key, said in by_key.items():  # responses to topics no longer asked about still show what was done
        if key not in shown:
            for r in said:
                sections.setdefault(r.area, []).append(_entry(r.topic_label, r.questions, [r]))
    return dict(sorted(sections.items(), key=lambda kv: (kv[0] == "", kv[0])))


def _entry(label: str, count: int, said: list[TopicResponse]) -> dict:
    return {"label": label, "questions": count, "responses": [(r.created_at[:10], r.response) for r in said]}


def public_page(sections: dict[str, list[dict]], style: str = "") -> str:
    """The /you-said-we-did page (every text escaped)."""
    parts = []
    for area, entries in sections.items():
        items = []
        for e in entries:
            said = "".join(
                f"<p><strong>We did</strong> ({html.escape(d)}): {html.escape(text)}</p>" for d, text in e["responses"]
            )
            said = said or "<p>We are looking at this.</p>"
            asked = f"{e['questions']} question{'s' if e['questions'] != 1 else ''}"
            items.append(f"<li><h3>You said: {html.escape(e['label'])}</h3><p>{asked}</p>{said}</li>")
        parts.append(f"<section><h2>{html.escape(area or NATIONAL)}</h2><ul>{''.join(items)}</ul></section>")
    body = "".join(parts) or "<p>Nothing to report yet.</p>"
    return (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>You said, we did</title><style>{style}</style></head><body><main><h1>You said, we did</h1>"
        "<p>What families asked that our information could not answer, grouped by topic, and what we have done "
        "about it. No questions or personal details are shown.</p>"
        f"{body}</main></body></html>"
    )
